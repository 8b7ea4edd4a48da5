package org.kvmworkbench.core.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.ConsoleSink;
import org.kvmworkbench.core.session.TraceWriter;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * Runs the benchmark guests on the simulated core through the same path a user's run takes
 * ({@link SimulatedVcpu} driven by {@link VmmLoop}, devices in userspace), with console output discarded.
 * Each workload gets its own VM; it is warmed up, then timed repeatedly.
 */
public final class SimulatorBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Where guest console bytes go: nowhere (a benchmark measures the VM, not a terminal). */
    private static final ConsoleSink DISCARD = (source, b) -> { };

    private final Workload workload;
    private final SimulatedVcpu vcpu;
    private final VmmLoop loop;

    private SimulatorBench(Workload workload, SimulatedVcpu vcpu) {
        this.workload = workload;
        this.vcpu = vcpu;
        this.loop = new VmmLoop(vcpu);
        if (workload.traced()) loop.setRawListener(TraceWriter.discarding(TraceWriter.Format.COMPACT));
    }

    /** Measure each workload in turn in this JVM; {@code done} hears about each as it finishes. */
    public static List<WorkloadResult> run(List<Workload> workloads, BenchSettings settings,
                                           java.util.function.Consumer<WorkloadResult> done) throws IOException {
        return run(workloads, settings, false, done);
    }

    /**
     * Measure each workload in turn; with {@code forked} each in a JVM of its own ({@link ForkedBench}: no JIT profile
     * carried over from the guest before). {@code done} hears about each as it finishes.
     */
    public static List<WorkloadResult> run(List<Workload> workloads, BenchSettings settings, boolean forked,
                                           java.util.function.Consumer<WorkloadResult> done) throws IOException {
        List<WorkloadResult> results = new ArrayList<>();
        for (Workload w : workloads) {
            WorkloadResult r = forked ? ForkedBench.run(w, settings) : run(w, settings);
            results.add(r);
            done.accept(r);
        }
        return results;
    }

    public static WorkloadResult run(Workload w, BenchSettings settings) throws IOException {
        SimulatorBench bench = open(w);
        bench.warmUp(settings.warmUpSeconds());
        List<Repetition> reps = new ArrayList<>();
        for (int i = 0; i < settings.repeat(); i++) reps.add(bench.timed(settings.seconds()));
        return new WorkloadResult(w, reps);
    }

    /** A fresh VM running the workload's guest, at its entry point, its console output discarded. */
    static SimulatorBench open(Workload w) throws IOException {
        return open(w, DISCARD);
    }

    static SimulatorBench open(Workload w, ConsoleSink console) throws IOException {
        Path dir = Files.createTempDirectory("kvmwb-bench");
        Path image = dir.resolve(w.id() + ".bin");
        try {
            Files.write(image, w.image());
            VmConfig c = new VmConfig(w.id(), w.description(), w.memoryBytes(), BackendChoice.SIMULATED, image.toString(),
                    Workload.LOAD_ADDRESS, new Entry(0, Workload.LOAD_ADDRESS), w.devices(), Controls.defaults(),
                    KvmOptions.defaults(), dir);
            return new SimulatorBench(w, new SimulatedVcpu(c, console, "benchmark"));
        } finally {
            // the machine holds the image in memory once built
            Files.deleteIfExists(image);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Run the guest for {@code seconds}, then on until the JIT has compiled nothing for a quarter of that (at most
     * {@value #MAX_SETTLE_SLICES} quarters more): on a busy machine the compiler threads get little CPU, and a guest
     * timed while its hot paths are still interpreted would be measured at a fraction of its speed.
     */
    void warmUp(double seconds) {
        timed(seconds);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (seconds <= 0 || jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
        double slice = Math.max(BenchSettings.MIN_SECONDS, seconds / 4);
        for (int i = 0; i < MAX_SETTLE_SLICES; i++) {
            long compiling = jit.getTotalCompilationTime();
            timed(slice);
            if (jit.getTotalCompilationTime() == compiling) return;
        }
    }

    private static final int MAX_SETTLE_SLICES = 40;

    VmmLoop loop() {
        return loop;
    }

    SimulatedVcpu vcpu() {
        return vcpu;
    }

    /** Run the guest for about {@code seconds} of wall time and report the work it did. */
    Repetition timed(double seconds) {
        boolean exits = workload.unit() == Workload.Unit.EXITS;
        long budget = exits ? 1_000 : 1_000_000;   // instructions per step: a step returns at every exit anyway
        int stepsPerClockRead = exits ? 4096 : 1;
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long n0 = count();
        long now;
        do {
            for (int i = 0; i < stepsPerClockRead; i++) {
                if (loop.step(budget) == VmmLoop.Step.FINISHED) {
                    throw new IllegalStateException(workload.id() + ": the guest stopped (" + loop.outcome() + ": "
                            + loop.outcomeDetail() + ")");
                }
            }
            now = System.nanoTime();
        } while (now - end < 0);
        long cpu = cpuNanos() - cpu0;
        double wall = (now - t0) / 1e9;
        return new Repetition(count() - n0, wall, cpu > 0 ? cpu / 1e9 : wall);
    }

    private long count() {
        switch (workload.unit()) {
            case INSTRUCTIONS: return vcpu.instructionsRetired();
            case BYTES: return loop.exits() * workload.bytesPerRound(); // one end-of-round exit per round
            default: return loop.exits();
        }
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
