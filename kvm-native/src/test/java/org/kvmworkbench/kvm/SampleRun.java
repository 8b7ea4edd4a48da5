package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.VmmLoop;

/** Runs a sample from samples/ through core's VmmLoop and HeadlessRun on KVM or on the simulator. */
final class SampleRun {
    static final Path SAMPLES = Path.of("..", "samples");
    static final RunLimits LIMITS = new RunLimits(200_000, 50_000_000, Duration.ofSeconds(10));

    /** Guest console bytes; a StringBuffer because the ioeventfd device thread writes too. */
    final StringBuffer console = new StringBuffer();
    final List<ExitRecord> exits = new ArrayList<>();
    HeadlessRun.Result result;
    String traceStatus;
    Map<String, Long> eventCounts = Map.of();
    Path traceInstance;

    static void assumeKvm() {
        KvmProbe.Result probe = KvmProbe.probe();
        assumeTrue(probe.available(), probe.describe());
    }

    static VmConfig config(String name) throws Exception {
        return ConfigLoader.load(SAMPLES.resolve(name + ".yaml"));
    }

    static String expected(String name) throws Exception {
        return new String(Files.readAllBytes(SAMPLES.resolve("expected").resolve(name + ".txt")),
                StandardCharsets.ISO_8859_1);
    }

    static SampleRun onKvm(String name, RunLimits limits) throws Exception {
        return onKvm(config(name), limits);
    }

    static SampleRun onSimulator(String name, RunLimits limits) throws Exception {
        return onSimulator(config(name), limits);
    }

    static SampleRun onKvm(VmConfig config, RunLimits limits) throws Exception {
        return onKvm(config, limits, false);
    }

    /** With {@code kernelTrace}, {@link #traceStatus} and {@link #eventCounts} say what the trace saw. */
    static SampleRun onKvm(VmConfig config, RunLimits limits, boolean kernelTrace) throws Exception {
        SampleRun r = new SampleRun();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (source, b) -> r.console.append((char) b), "test");
             InterruptTimer timer = new InterruptTimer(vcpu, Duration.ofMillis(20))) {
            if (kernelTrace && !vcpu.setKernelTrace(true)) throw new AssertionError(vcpu.kernelTraceStatus());
            r.runOn(vcpu, limits);
            if (kernelTrace) {
                r.traceStatus = vcpu.kernelTraceStatus();
                r.eventCounts = vcpu.kernelTrace().counts();
                r.traceInstance = vcpu.kernelTrace().instance();
            }
            if (vcpu.deviceFailure() != null) throw new AssertionError("device thread died", vcpu.deviceFailure());
        }
        return r;
    }

    static SampleRun onSimulator(VmConfig config, RunLimits limits) throws Exception {
        SampleRun r = new SampleRun();
        try (SimulatedVcpu vcpu = new SimulatedVcpu(config, (source, b) -> r.console.append((char) b), "test")) {
            r.runOn(vcpu, limits);
        }
        return r;
    }

    private void runOn(Vcpu vcpu, RunLimits limits) {
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(exits::add);
        result = HeadlessRun.run(loop, limits);
    }
}
