package org.kvmworkbench.core.bench;

import java.util.Locale;

/**
 * The child side of {@link ForkedBench}: measures one workload in a JVM of its own and prints one line per
 * repetition, {@code repetition COUNT WALL_SECONDS CPU_SECONDS}, on standard output.
 * Arguments: workload id, seconds, repeat, warm-up seconds. Exit status 0 measured, 1 failed (stderr says why).
 */
public final class BenchWorker {
    static final String LINE = "repetition";

    private BenchWorker() {
    }

    public static void main(String[] args) {
        try {
            Workload w = Workload.byId(args[0]);
            BenchSettings s = new BenchSettings(Double.parseDouble(args[1]), Integer.parseInt(args[2]),
                    Double.parseDouble(args[3]));
            for (Repetition r : SimulatorBench.run(w, s).repetitions()) {
                System.out.printf(Locale.ROOT, "%s %d %.9f %.9f%n", LINE, r.count(), r.wallSeconds(), r.cpuSeconds());
            }
            System.out.flush();
        } catch (Exception | Error e) {
            System.err.println(e);
            System.exit(1);
        }
    }
}
