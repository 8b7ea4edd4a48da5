package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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

    /**
     * The simulator counts every instruction it runs, so its runs are bounded by {@code limits}' instructions and
     * exits, which no host can stretch; their time limit is dropped (when an instruction limit is set). Inside an
     * emulated test host the simulator is far slower than here, and a wall-clock bound only made it fail there
     * (timer-tick's 410 000 instructions take well under a second here and outlasted 10 s inside Bochs).
     */
    static SampleRun onSimulator(VmConfig config, RunLimits limits) throws Exception {
        RunLimits counted = limits.maxInstructions() > 0
                ? new RunLimits(limits.maxExits(), limits.maxInstructions(), null) : limits;
        SampleRun r = new SampleRun();
        try (SimulatedVcpu vcpu = new SimulatedVcpu(config, (source, b) -> r.console.append((char) b), "test")) {
            r.runOn(vcpu, counted);
        }
        return r;
    }

    /**
     * For a guest that never stops by itself: runs it on KVM until {@code done} holds (checked after every KVM_RUN;
     * an interrupt timer makes a spinning or blocked run return), or {@code bound} has passed, or the VM finished;
     * then {@code moreRuns} more KVM_RUNs to see that nothing else happens. No fixed wait: an emulated KVM host
     * 30-50× slower than hardware only takes longer. {@link #result} is null; {@link #finished} says whether the VM
     * finished, {@link #reached} whether {@code done} held, {@link #exitsWhenReached} how many exits it took.
     */
    static SampleRun onKvmUntil(VmConfig config, Predicate<SampleRun> done, Duration bound, int moreRuns)
            throws Exception {
        SampleRun r = new SampleRun();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (source, b) -> r.console.append((char) b), "test");
             InterruptTimer timer = new InterruptTimer(vcpu, Duration.ofMillis(20))) {
            VmmLoop loop = new VmmLoop(vcpu);
            loop.setListener(r.exits::add);
            long deadline = System.nanoTime() + bound.toNanos();
            VmmLoop.Step s = VmmLoop.Step.NO_EXIT;
            while (s != VmmLoop.Step.FINISHED && !(r.reached = done.test(r)) && System.nanoTime() < deadline) {
                s = loop.step(0);
            }
            r.exitsWhenReached = r.exits.size();
            for (int i = 0; i < moreRuns && s != VmmLoop.Step.FINISHED; i++) s = loop.step(0);
            r.finished = s == VmmLoop.Step.FINISHED;
        }
        return r;
    }

    boolean finished, reached;
    int exitsWhenReached;

    private void runOn(Vcpu vcpu, RunLimits limits) {
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(exits::add);
        result = HeadlessRun.run(loop, limits);
    }
}
