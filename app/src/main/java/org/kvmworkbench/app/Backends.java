package org.kvmworkbench.app;

import java.io.IOException;
import java.nio.file.Path;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.ConsoleSink;
import org.kvmworkbench.kvm.KvmProbe;
import org.kvmworkbench.kvm.KvmVcpuBackend;

/**
 * Opens the backend a run asks for. {@code auto} uses KVM when /dev/kvm opens and a VM can be created,
 * and otherwise the simulated core, saying why; {@code kvm} fails with that reason instead of falling back.
 */
public final class Backends {
    /** The KVM device; the system property lets tests (and users) point at another path. */
    public static Path kvmDevice() {
        return Path.of(System.getProperty("kvmwb.kvm.device", "/dev/kvm"));
    }

    /** Why KVM is not used when JNA cannot load (the window says it in its own language). */
    static final String NO_BINDINGS = "the native KVM bindings could not be loaded";

    /** The requested backend could not be opened. */
    public static final class UnavailableException extends Exception {
        private final String reason;

        public UnavailableException(String reason) {
            super("KVM backend unavailable: " + reason);
            this.reason = reason;
        }

        /** Why, as the KVM probe or the failing call said it (the message adds "KVM backend unavailable: "). */
        public String reason() {
            return reason;
        }
    }

    private Backends() {
    }

    public static Vcpu open(VmConfig config, BackendChoice choice, ConsoleSink console)
            throws IOException, UnavailableException {
        return open(config, choice, console, kvmDevice());
    }

    public static Vcpu open(VmConfig config, BackendChoice choice, ConsoleSink console, Path device)
            throws IOException, UnavailableException {
        if (choice == BackendChoice.SIMULATED) return new SimulatedVcpu(config, console, "simulated backend requested");
        KvmProbe.Result probe = probeSafely(device);
        if (probe != null && probe.available()) {
            try {
                return new KvmVcpuBackend(config, console, (choice == BackendChoice.AUTO ? "auto: " : "") + probe.describe(),
                        device.toString());
            } catch (IOException | RuntimeException e) {
                if (choice == BackendChoice.KVM) throw new UnavailableException(e.getMessage());
                return new SimulatedVcpu(config, console, "KVM not used: " + e.getMessage());
            }
        }
        String reason = probe == null ? NO_BINDINGS : probe.describe();
        if (choice == BackendChoice.KVM) throw new UnavailableException(reason);
        return new SimulatedVcpu(config, console, "KVM not usable: " + reason);
    }

    /**
     * Follow KVM's tracepoints so the exits it finishes in the kernel show up too. Returns a one-line status
     * ("on: …" or "off: why"); on the simulator kernel-side exits are modeled and always visible.
     */
    public static String setKernelTrace(Vcpu vcpu, boolean on) {
        if (vcpu instanceof KvmVcpuBackend kvm) {
            kvm.setKernelTrace(on);
            return kvm.kernelTraceStatus();
        }
        return "modeled: the simulator shows every exit it models, kernel-handled ones included";
    }

    private static KvmProbe.Result probeSafely(Path device) {
        try {
            return KvmProbe.probe(device);
        } catch (LinkageError e) {
            return null; // JNA cannot load on this platform
        }
    }
}
