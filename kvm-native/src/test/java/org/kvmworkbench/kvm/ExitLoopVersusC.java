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
 * Not a test: issue #17's comparison of the project's KVM exit loop ({@link KvmExitBench}'s userspace PIO loop,
 * run → resume) with a plain C KVM_RUN loop on the same guest, interleaved so that both see the same host. The C
 * loop (kvm-native/nested/exit-loop-ref.c, built with {@code gcc -O2}) runs as a child process for one round
 * between Java rounds, in alternating order, after the Java loop is JIT-warmed. The host switches speed between
 * processes and with load, so each pair's ratio is taken and the report gives the median of the pairs' ratios
 * and min(Java) / min(C), with the load average before and after.
 * Run: {@code java -cp <KvmExitBench's class path> org.kvmworkbench.kvm.ExitLoopVersusC EXIT_LOOP_REF [N] [PAIRS]}.
 */
public final class ExitLoopVersusC {
    private static final Pattern C_LINE = Pattern.compile("c-exit-loop: \\d+ exits, median ([0-9.]+) ns");

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
        for (int i = 0; i < 3; i++) KvmExitBench.pio(n, false); // JIT warm-up: C2 has compiled the loop after these
        double[] c = new double[pairs], java = new double[pairs], ratio = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            if (p % 2 == 0) {
                c[p] = cRound(ref, n);
                java[p] = KvmExitBench.pio(n, false);
            } else {
                java[p] = KvmExitBench.pio(n, false);
                c[p] = cRound(ref, n);
            }
            ratio[p] = java[p] / c[p];
            System.out.printf(Locale.ROOT, "pair %2d: C %8.1f ns, Java %8.1f ns per exit, ratio %.3f%n", p + 1, c[p],
                    java[p], ratio[p]);
        }
        Arrays.sort(c);
        Arrays.sort(java);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "exit-loop-vs-c: %d pairs of %d exits; C median %.1f (min %.1f) ns, Java median "
                + "%.1f (min %.1f) ns; ratio: median of pairs %.3f, min/min %.3f; load %s -> %s%n", pairs, n,
                c[pairs / 2], c[0], java[pairs / 2], java[0], ratio[pairs / 2], java[0] / c[0], loadBefore,
                loadAverage());
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
