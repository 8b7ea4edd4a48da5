package org.kvmworkbench.kvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kvmworkbench.kvm.sys.LinkerIoctl;

/**
 * Not a test: issue #17's comparison of the project's KVM exit loop ({@link KvmExitBench#pio}: run → resume per
 * userspace PIO exit) with a plain C KVM_RUN loop on the same guest, interleaved so that all see the same host. The C
 * loop (kvm-native/nested/exit-loop-ref.c, built with {@code gcc -O2}) runs as a child process for one round per
 * pair; the pair also times {@link KvmExitBench#bareRun} (KVM_RUN and nothing else) with sync regs on, as the
 * backend runs, and off, as the C loop runs: the floor the call and the sync area set. KVM_RUN goes through JNA, and
 * in a JVM started with {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} also through
 * the JDK's foreign linker ({@link org.kvmworkbench.kvm.sys.LinkerIoctl}), both in the same pairs. The order rotates from pair
 * to pair, after the Java loops are JIT-warmed. The host switches speed between processes and with load, so each
 * pair's ratios to C are taken, and the report gives their medians, min / min, and the load average before and after.
 * Besides wall time it compares CPU time per exit, which waiting for a core does not inflate: the Java loop thread's
 * own, and the C process's task-clock from {@code perf stat} less that of a 2-exit run (its start-up); without a
 * usable perf only wall time is compared.
 * Run: {@code java -cp <KvmExitBench's class path> org.kvmworkbench.kvm.ExitLoopVersusC EXIT_LOOP_REF [N] [PAIRS]}.
 */
public final class ExitLoopVersusC {
    private static final Pattern C_LINE = Pattern.compile("c-exit-loop: \\d+ exits, median ([0-9.]+) ns");
    private static final Pattern TASK_CLOCK = Pattern.compile("(?m)^([0-9.]+),msec,task-clock");
    /** The loops compared; the first is C, the linker's only where the JVM has it (see LinkerIoctl). */
    private static final String[] LOOPS = LinkerIoctl.AVAILABLE
            ? new String[] {"C", "backend, linker", "backend, JNA", "KVM_RUN alone, linker", "KVM_RUN alone, JNA",
                    "KVM_RUN alone, JNA, no sync"}
            : new String[] {"C", "backend, JNA", "KVM_RUN alone, JNA", "KVM_RUN alone, JNA, no sync"};

    private final String ref;
    private final int n;
    private final boolean perf;
    /** CPU time of the C program's start-up and teardown (a 2-exit run), ms. */
    private double cStartupMs;

    private ExitLoopVersusC(String ref, int n) throws Exception {
        this.ref = ref;
        this.n = n;
        this.perf = TASK_CLOCK.matcher(run(List.of("perf", "stat", "-x,", "-e", "task-clock", "--", ref, "2", "1"), true))
                .find();
        if (perf) {
            cStartupMs = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) cStartupMs = Math.min(cStartupMs, taskClockMs(cOutput(2)));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ExitLoopVersusC EXIT_LOOP_REF [N exits per round] [PAIRS]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String loadBefore = loadAverage();
        ExitLoopVersusC bench = new ExitLoopVersusC(args[0], n);
        for (int i = 0; i < 3; i++) { // JIT warm-up: C2 has compiled the loops after these
            for (int loop = 1; loop < LOOPS.length; loop++) bench.round(loop);
        }
        double[][] wall = new double[LOOPS.length][pairs], cpu = new double[LOOPS.length][pairs];
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < LOOPS.length; k++) {
                int loop = (p + k) % LOOPS.length;
                double[] r = bench.round(loop);
                wall[loop][p] = r[0];
                cpu[loop][p] = r[1];
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "pair %2d, ns per exit wall/CPU: C %.0f/%.0f",
                    p + 1, wall[0][p], cpu[0][p]));
            for (int loop = 1; loop < LOOPS.length; loop++) {
                line.append(String.format(Locale.ROOT, "; %s %.0f/%.0f", LOOPS[loop], wall[loop][p], cpu[loop][p]));
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "exit-loop-vs-c: %d pairs of %d exits; ns per exit: median (min); ratio to C: "
                + "median of the pairs' ratios, min/min; load %s -> %s%n", pairs, n, loadBefore, loadAverage());
        report("wall", wall);
        if (bench.perf) report("CPU", cpu);
    }

    private static void report(String what, double[][] ns) {
        int pairs = ns[0].length;
        for (int loop = 0; loop < LOOPS.length; loop++) {
            double[] ratio = new double[pairs];
            for (int p = 0; p < pairs; p++) ratio[p] = ns[loop][p] / ns[0][p];
            double[] sorted = ns[loop].clone();
            double[] c = ns[0].clone();
            Arrays.sort(sorted);
            Arrays.sort(c);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "  %-4s %-26s %8.1f (%8.1f)", what, LOOPS[loop], sorted[pairs / 2], sorted[0]);
            if (loop > 0) System.out.printf(Locale.ROOT, "  ratio %.3f, min/min %.3f", ratio[pairs / 2], sorted[0] / c[0]);
            System.out.println();
        }
    }

    /** ns per exit, wall and CPU, of one round of the loop. */
    private double[] round(int loop) throws Exception {
        if (loop == 0) {
            String out = cOutput(n);
            Matcher m = C_LINE.matcher(out);
            if (!m.find()) throw new IllegalStateException(ref + ": " + out);
            double cpu = perf ? (taskClockMs(out) - cStartupMs) * 1e6 / n : Double.NaN;
            return new double[] {Double.parseDouble(m.group(1)), cpu};
        }
        String name = LOOPS[loop];
        boolean jna = name.contains("JNA");
        double wall = name.startsWith("backend") ? KvmExitBench.pio(n, false, false, jna)
                : KvmExitBench.bareRun(n, !name.endsWith("no sync"), jna);
        return new double[] {wall, KvmExitBench.lastCpuPerExit};
    }

    /** The C program's output for one round of {@code exits}, with perf's task-clock line when perf is usable. */
    private String cOutput(int exits) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (perf) command.addAll(List.of("perf", "stat", "-x,", "-e", "task-clock", "--"));
        command.addAll(List.of(ref, Integer.toString(exits), "1"));
        return run(command, false);
    }

    private static double taskClockMs(String out) {
        Matcher m = TASK_CLOCK.matcher(out);
        if (!m.find()) throw new IllegalStateException("no task-clock in: " + out);
        return Double.parseDouble(m.group(1));
    }

    /** Runs the command; its output and error together. */
    private static String run(List<String> command, boolean mayFail) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (mayFail) return "";
            throw e;
        }
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
        }
        int status = p.waitFor();
        if (status != 0 && !mayFail) throw new IllegalStateException(command + " failed (" + status + "): " + out);
        return out.toString();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
