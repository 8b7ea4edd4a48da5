package org.kvmworkbench.app;

import java.io.IOException;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.ConsoleSink;

/** Opens the vCPU backend a run asked for, saying why when it falls back. */
public final class Backends {
    /** Why KVM cannot be used by this build yet; the KVM backend is the next milestone. */
    static final String KVM_NOT_BUILT = "the KVM backend is not part of this build yet";

    /** The requested backend could not be opened. */
    public static final class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private Backends() {
    }

    public static Vcpu open(VmConfig config, BackendChoice choice, ConsoleSink console)
            throws IOException, UnavailableException {
        switch (choice) {
            case KVM: throw new UnavailableException("KVM backend unavailable: " + KVM_NOT_BUILT);
            case SIMULATED: return new SimulatedVcpu(config, console, "requested");
            default: return new SimulatedVcpu(config, console, "KVM not used: " + KVM_NOT_BUILT);
        }
    }
}
