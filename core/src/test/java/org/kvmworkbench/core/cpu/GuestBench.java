package org.kvmworkbench.core.cpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Instruction rate of the interpreter alone on the benchmark guests of {@code samples/bench/} (not a unit test):
 * no VMM loop, no devices; every exit (the end-of-round OUT) is completed at once. For comparing two builds of
 * the interpreter side by side: put either's classes first on the class path, alternate runs, compare medians.
 * <pre>java -cp core/target/classes:core/target/test-classes org.kvmworkbench.core.cpu.GuestBench
 *     samples/bench/mixed.bin [seconds] [repeat]</pre>
 * Prints the CPU-time rate of each repetition and their median, in millions of instructions per second.
 */
public final class GuestBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GuestBench() {
    }

    public static void main(String[] args) throws IOException {
        byte[] image = Files.readAllBytes(Path.of(args[0]));
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Interpreter in = InterpreterBench.machine(image);
        timed(in, 1.5); // warm-up
        double[] rates = new double[repeat];
        for (int i = 0; i < repeat; i++) rates[i] = timed(in, seconds) / 1e6;
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: median %.1f M instr/s (CPU time), runs %s%n", args[0], sorted[repeat / 2], Arrays.toString(rates));
    }

    /** Instructions per CPU second over about {@code seconds}. */
    private static double timed(Interpreter in, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = THREADS.getCurrentThreadCpuTime(), start = in.cpu().instructions;
        do {
            CpuExit e = in.run(1_000_000);
            if (e.kind == CpuExit.Kind.IO) in.completeIo();
            else if (e.kind != CpuExit.Kind.NONE) throw new IllegalStateException("unexpected exit " + e.kind + " " + e.detail);
        } while (System.nanoTime() < deadline);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return (in.cpu().instructions - start) / (cpu / 1e9);
    }
}
