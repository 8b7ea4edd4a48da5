package org.kvmworkbench.core.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * Throughput of the simulated core, the numbers the brief sets targets for: guest instructions per
 * second with no exits (target ≥ 150 M/s) and userspace exit round trips per second (target ≥ 2 M/s).
 * Each measurement warms up first, then runs for a fixed wall time; the guests are built here as bytes.
 */
public final class SimulatorBench {
    /** mov cx,0xFFFF; l: add ax,bx; dec cx; jnz l; jmp start — three instructions per iteration, no exits. */
    static final byte[] ALU_LOOP = {(byte) 0xB9, (byte) 0xFF, (byte) 0xFF, 0x01, (byte) 0xD8, 0x49, 0x75,
            (byte) 0xFB, (byte) 0xEB, (byte) 0xF6};
    /** l: out 0xE9, al; jmp l — one debugcon write (a userspace PIO exit) per two instructions. */
    static final byte[] OUT_LOOP = {(byte) 0xE6, (byte) 0xE9, (byte) 0xEB, (byte) 0xFC};

    /** Rates per wall-clock second and per CPU second of the benchmark thread (steadier on a busy machine). */
    public record Result(String what, double perSecond, double perCpuSecond, String unit) {
        @Override public String toString() {
            return String.format("%-42s %8.1f M %s/s (wall)  %8.1f M %s/s (thread CPU time)", what, perSecond / 1e6, unit,
                    perCpuSecond / 1e6, unit);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Wall and CPU seconds of one timed run. */
    private record Elapsed(double wall, double cpu) {}

    private SimulatorBench() {
    }

    public static List<Result> run(double seconds, PrintStream log) throws IOException {
        Path dir = Files.createTempDirectory("kvmwb-bench");
        try {
            Result alu = instructions(dir, seconds);
            log.println(alu);
            Result exits = exits(dir, seconds);
            log.println(exits);
            return List.of(alu, exits);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static SimulatedVcpu vcpu(Path dir, String name, byte[] code) throws IOException {
        Files.write(dir.resolve(name + ".bin"), code);
        VmConfig c = new VmConfig(name, null, 64 * 1024, BackendChoice.SIMULATED, name + ".bin", 0x1000,
                new Entry(0, 0x1000), List.of(new DebugconConfig(0xE9)), Controls.defaults(), KvmOptions.defaults(), dir);
        return new SimulatedVcpu(c, (source, b) -> { }, "benchmark");
    }

    static Result instructions(Path dir, double seconds) throws IOException {
        SimulatedVcpu v = vcpu(dir, "alu", ALU_LOOP);
        VmmLoop loop = new VmmLoop(v);
        timed(loop, 1.0, 10_000_000);
        long start = v.instructionsRetired();
        Elapsed t = timed(loop, seconds, 10_000_000);
        long n = v.instructionsRetired() - start;
        return new Result("simulated guest instructions (no exits)", n / t.wall(), n / t.cpu(), "instructions");
    }

    static Result exits(Path dir, double seconds) throws IOException {
        SimulatedVcpu v = vcpu(dir, "out", OUT_LOOP);
        VmmLoop loop = new VmmLoop(v);
        timed(loop, 1.0, 1_000_000);
        long start = loop.exits();
        Elapsed t = timed(loop, seconds, 1_000_000);
        long n = loop.exits() - start;
        return new Result("simulated userspace PIO exit round trips", n / t.wall(), n / t.cpu(), "exits");
    }

    private static Elapsed timed(VmmLoop loop, double seconds, long budget) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 1000; i++) loop.step(budget / 1000);
            now = System.nanoTime();
        } while (now < end);
        return new Elapsed((now - t0) / 1e9, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
    }
}
