package org.kvmworkbench.kvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: issue #17's comparison of the project's KVM exit loop ({@link KvmExitBench#pio}: run → resume per
 * userspace PIO exit) with a plain C KVM_RUN loop on the same guest, interleaved so that all see the same host. The C
 * loop (kvm-native/nested/exit-loop-ref.c, built with {@code gcc -O2}) runs as a child process for one round per
 * pair; the pair also times {@link KvmExitBench#bareRun} (KVM_RUN through JNA and nothing else) with sync regs on,
 * as the backend runs, and off, as the C loop runs: the floor JNA and the sync area set. The order rotates from pair
 * to pair, after the Java loops are JIT-warmed. The host switches speed between processes and with load, so each
 * pair's ratios to C are taken, and the report gives their medians, min / min, and the load average before and after.
 * Run: {@code java -cp <KvmExitBench's class path> org.kvmworkbench.kvm.ExitLoopVersusC EXIT_LOOP_REF [N] [PAIRS]}.
 */
public final class ExitLoopVersusC {
    private static final Pattern C_LINE = Pattern.compile("c-exit-loop: \\d+ exits, median ([0-9.]+) ns");
    private static final String[] LOOPS = {"C", "backend", "JNA KVM_RUN, sync regs", "JNA KVM_RUN, no sync regs"};

    private ExitLoopVersusC() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ExitLoopVersusC EXIT_LOOP_REF [N exits per round] [PAIRS]");
            System.exit(2);
        }
        String ref = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String loadBefore = loadAverage();
        for (int i = 0; i < 3; i++) { // JIT warm-up: C2 has compiled the loops after these
            KvmExitBench.pio(n, false);
            KvmExitBench.bareRun(n, true);
        }
        double[][] ns = new double[LOOPS.length][pairs], ratio = new double[LOOPS.length][pairs];
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < LOOPS.length; k++) {
                int loop = (p + k) % LOOPS.length;
                ns[loop][p] = round(loop, ref, n);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "pair %2d: C %8.1f ns", p + 1, ns[0][p]));
            for (int loop = 1; loop < LOOPS.length; loop++) {
                ratio[loop][p] = ns[loop][p] / ns[0][p];
                line.append(String.format(Locale.ROOT, "; %s %8.1f (%.3f)", LOOPS[loop], ns[loop][p], ratio[loop][p]));
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "exit-loop-vs-c: %d pairs of %d exits, ns per exit median (min); ratio to C: "
                + "median of pairs, min/min; load %s -> %s%n", pairs, n, loadBefore, loadAverage());
        for (double[] r : ns) Arrays.sort(r);
        for (int loop = 0; loop < LOOPS.length; loop++) {
            Arrays.sort(ratio[loop]);
            System.out.printf(Locale.ROOT, "  %-26s %8.1f (%8.1f)", LOOPS[loop], ns[loop][pairs / 2], ns[loop][0]);
            if (loop > 0) {
                System.out.printf(Locale.ROOT, "  ratio %.3f, min/min %.3f", ratio[loop][pairs / 2],
                        ns[loop][0] / ns[0][0]);
            }
            System.out.println();
        }
    }

    private static double round(int loop, String ref, int n) throws Exception {
        return switch (loop) {
            case 0 -> cRound(ref, n);
            case 1 -> KvmExitBench.pio(n, false);
            case 2 -> KvmExitBench.bareRun(n, true);
            default -> KvmExitBench.bareRun(n, false);
        };
    }

    /** One round of the C loop in a child process: ns per exit. */
    private static double cRound(String ref, int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ref, Integer.toString(n), "1").redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
        }
        int status = p.waitFor();
        Matcher m = C_LINE.matcher(out);
        if (status != 0 || !m.find()) throw new IllegalStateException(ref + " failed (" + status + "): " + out);
        return Double.parseDouble(m.group(1));
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
