package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.kvmworkbench.core.bench.BenchReport;
import org.kvmworkbench.core.bench.BenchSettings;
import org.kvmworkbench.core.bench.SimulatorBench;
import org.kvmworkbench.core.bench.Workload;
import org.kvmworkbench.core.bench.WorkloadResult;

/**
 * {@code bench [--quick] [--seconds S] [--repeat N] [--json FILE]}: measures the simulated core on the guests
 * in samples/bench (register loop, mixed code, sieve, string moves, UART exit loop) and prints min/median/max
 * rates per CPU-second of the benchmark thread and the median per wall-clock second.
 * Exit status: 0 measured, 1 a benchmark failed (or the JSON could not be written), 2 usage error.
 */
public final class BenchCommand {
    public static final String USAGE = "usage: kvm-workbench bench [--quick] [--seconds S] [--repeat N] [--json FILE]";
    static final int OK = 0, FAILED = 1, USAGE_ERROR = 2;

    /** A plain decimal: no sign, exponent, NaN or Infinity. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,6})?|\\.[0-9]{1,6}");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,6}");

    private final PrintStream out;
    private final PrintStream err;

    public BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** What the command line asked for. */
    record Options(BenchSettings settings, boolean quick, Path json) {
        static Options parse(String[] args) {
            boolean quick = false;
            Double seconds = null;
            Integer repeat = null;
            Path json = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick":
                        if (quick) throw new IllegalArgumentException("--quick given twice");
                        quick = true;
                        break;
                    case "--seconds":
                        if (seconds != null) throw new IllegalArgumentException("--seconds given twice");
                        seconds = seconds(value(args, ++i, a, "S"));
                        break;
                    case "--repeat":
                        if (repeat != null) throw new IllegalArgumentException("--repeat given twice");
                        repeat = repeat(value(args, ++i, a, "N"));
                        break;
                    case "--json":
                        if (json != null) throw new IllegalArgumentException("--json given twice");
                        json = jsonTarget(value(args, ++i, a, "FILE"));
                        break;
                    default:
                        if (DECIMAL.matcher(a).matches()) {
                            throw new IllegalArgumentException("unexpected argument '" + a
                                    + "': give the time per repetition as --seconds " + a);
                        }
                        throw new IllegalArgumentException("unexpected argument '" + a
                                + "': allowed are --quick, --seconds S, --repeat N, --json FILE");
                }
            }
            BenchSettings base = quick ? BenchSettings.QUICK : BenchSettings.DEFAULT;
            BenchSettings s = new BenchSettings(seconds != null ? seconds : base.seconds(),
                    repeat != null ? repeat : base.repeat(), base.warmUpSeconds());
            return new Options(s, quick, json);
        }

        private static String value(String[] args, int i, String option, String what) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value " + what);
            }
            return args[i];
        }

        private static double seconds(String v) {
            double s = DECIMAL.matcher(v).matches() ? Double.parseDouble(v) : Double.NaN;
            if (!(s >= BenchSettings.MIN_SECONDS && s <= BenchSettings.MAX_SECONDS)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--seconds: '%s' is not allowed; give a plain decimal number of seconds from %s to %s (e.g. 0.5)",
                        v, BenchSettings.MIN_SECONDS, (int) BenchSettings.MAX_SECONDS));
            }
            return s;
        }

        private static int repeat(String v) {
            int n = WHOLE.matcher(v).matches() ? Integer.parseInt(v) : -1;
            if (n < BenchSettings.MIN_REPEAT || n > BenchSettings.MAX_REPEAT) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--repeat: '%s' is not allowed; give a whole number from %d to %d", v, BenchSettings.MIN_REPEAT,
                        BenchSettings.MAX_REPEAT));
            }
            return n;
        }

        /** Checked before measuring, so a typo does not cost a whole run. */
        private static Path jsonTarget(String v) {
            Path p;
            try {
                p = Path.of(v).toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("--json: '" + v + "' is not a file name");
            }
            if (Files.isDirectory(p)) throw new IllegalArgumentException("--json: " + v + " is a folder; give a file name");
            if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
                throw new IllegalArgumentException("--json: folder " + p.getParent() + " does not exist");
            }
            return p;
        }
    }

    public int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return OK;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: bench: " + e.getMessage());
            return USAGE_ERROR;
        }
        BenchSettings s = o.settings();
        Instant started = Instant.now();
        out.printf(Locale.ROOT, "simulated core, %d repetitions of %s s after a %s s warm-up per workload%s%n", s.repeat(),
                s.seconds(), s.warmUpSeconds(), o.quick() ? " (quick: rough numbers)" : "");
        out.print(BenchReport.header());
        List<WorkloadResult> results;
        try {
            results = SimulatorBench.run(List.of(Workload.values()), s, r -> {
                out.print(BenchReport.row(r));
                out.flush();
            });
        } catch (IOException | RuntimeException e) {
            err.println("error: bench: " + e.getMessage());
            return FAILED;
        }
        out.println("CPU = per second of the benchmark thread's CPU time (steady on a shared machine); wall = per elapsed second");
        if (o.json() != null) {
            try {
                BenchReport.writeJson(o.json(), s, o.quick(), started, results);
            } catch (IOException e) {
                err.println("error: bench: cannot write " + o.json() + ": " + e.getMessage());
                return FAILED;
            }
            out.println("results written to " + o.json());
        }
        return OK;
    }
}
