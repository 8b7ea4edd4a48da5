package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.bench.BenchReport;
import org.kvmworkbench.core.bench.EmulatorComparison;
import org.kvmworkbench.core.bench.ReferenceEmulator;
import org.kvmworkbench.core.bench.BenchSettings;
import org.kvmworkbench.core.bench.SimulatorBench;
import org.kvmworkbench.core.bench.Workload;
import org.kvmworkbench.core.bench.WorkloadResult;

/**
 * {@code bench [--quick] [--seconds S] [--repeat N] [--json FILE] [--same-jvm] [--compare]}: measures the simulated core on the guests
 * in samples/bench (register loop, mixed code, sieve, string moves, UART exit loop) and prints min/median/max
 * rates per CPU-second of the benchmark thread and the median per wall-clock second. {@code --compare} also boots
 * the compute guests on QEMU and Bochs where they are installed ({@link EmulatorComparison}) and prints the ratios.
 * Exit status: 0 measured, 1 a benchmark failed (or the JSON could not be written), 2 usage error.
 */
public final class BenchCommand {
    /** The command line's form: names and options, the same in every language. */
    public static final String SYNOPSIS =
            "kvm-workbench bench [--quick] [--seconds S] [--repeat N] [--json FILE] [--same-jvm] [--compare]";
    static final String HELP = "kvm-workbench bench --help";
    private static final Texts T = Texts.of(BenchCommand.class);
    static final int OK = 0, FAILED = 1, USAGE_ERROR = 2;

    private final PrintStream out;
    private final PrintStream err;

    public BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** What the command line asked for, checked as strictly as {@code run}'s options (same messages). */
    record Options(BenchSettings settings, boolean quick, Path json, boolean sameJvm, boolean compare) {
        static Options parse(String[] args) throws UsageException {
            boolean quick = false, sameJvm = false, compare = false;
            Double seconds = null;
            Integer repeat = null;
            Path json = null;
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    if (a.matches("[0-9]+(\\.[0-9]+)?")) {
                        throw new UsageException(T.format("argument.number", a, a));
                    }
                    throw new UsageException(T.format("argument", OptionValues.printable(a), "bench"));
                }
                if (!seen.add(a)) throw OptionValues.twice(a);
                if (a.equals("--quick")) {
                    quick = true;
                    continue;
                }
                if (a.equals("--same-jvm")) {
                    sameJvm = true;
                    continue;
                }
                if (a.equals("--compare")) {
                    compare = true;
                    continue;
                }
                if (!a.equals("--seconds") && !a.equals("--repeat") && !a.equals("--json")) {
                    throw OptionValues.unknown(a, HELP);
                }
                if (i + 1 >= args.length) throw OptionValues.needsValue(a);
                String v = args[++i];
                switch (a) {
                    case "--seconds" -> seconds = OptionValues.decimal(a, v, BenchSettings.MIN_SECONDS,
                            BenchSettings.MAX_SECONDS, T.get("unit.seconds"));
                    case "--repeat" -> repeat = (int) OptionValues.whole(a, v, BenchSettings.MIN_REPEAT,
                            BenchSettings.MAX_REPEAT);
                    default -> json = jsonTarget(v);
                }
            }
            BenchSettings base = quick ? BenchSettings.QUICK : BenchSettings.DEFAULT;
            BenchSettings s = new BenchSettings(seconds != null ? seconds : base.seconds(),
                    repeat != null ? repeat : base.repeat(), base.warmUpSeconds());
            return new Options(s, quick, json, sameJvm, compare);
        }

        /** Checked before measuring, so a typo does not cost a whole run. */
        private static Path jsonTarget(String v) throws UsageException {
            Path p;
            try {
                p = Path.of(v).toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                throw OptionValues.bad("--json", T.get("expected.file"), v);
            }
            if (Files.isDirectory(p)) throw OptionValues.bad("--json", T.get("expected.notFolder"), v);
            if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
                throw OptionValues.bad("--json", T.get("expected.folder"), v);
            }
            return p;
        }
    }

    public int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage());
            return OK;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            err.println(ErrorLine.of(e.getMessage()));
            return USAGE_ERROR;
        }
        BenchSettings s = o.settings();
        Instant started = Instant.now();
        out.println(T.format("intro", s.repeat(), String.valueOf(s.seconds()), String.valueOf(s.warmUpSeconds()),
                T.get(o.sameJvm() ? "intro.sameJvm" : "intro.ownJvm"), o.quick() ? T.get("intro.quick") : ""));
        out.print(BenchReport.header());
        List<WorkloadResult> results;
        try {
            results = SimulatorBench.run(List.of(Workload.values()), s, !o.sameJvm(), r -> {
                out.print(BenchReport.row(r));
                out.flush();
            });
        } catch (IOException | RuntimeException e) {
            err.println(ErrorLine.of(ErrorLine.about("bench", ErrorLine.reason(e))));
            return FAILED;
        }
        out.println(T.get("legend"));
        List<EmulatorComparison.Result> compared = List.of();
        if (o.compare()) {
            try {
                compared = compare(results, s, ReferenceEmulator::find);
            } catch (IOException | RuntimeException e) {
                err.println(ErrorLine.of(ErrorLine.about("bench --compare", ErrorLine.reason(e))));
                return FAILED;
            }
        }
        if (o.json() != null) {
            try {
                BenchReport.writeJson(o.json(), s, o.quick(), started, results, compared);
            } catch (IOException e) {
                err.println(ErrorLine.of(ErrorLine.about("bench",
                        T.format("cannotWrite", o.json(), ErrorLine.reason(e)))));
                return FAILED;
            }
            out.println(T.format("written", o.json()));
        }
        return OK;
    }

    /**
     * The compute guests on each emulator {@code find} finds, then the table. An emulator that is missing, fails to
     * boot or run a guest, or reports no round in time (not measured) gets one line and no column; the workbench's own
     * failure to count a round fails the command.
     */
    List<EmulatorComparison.Result> compare(List<WorkloadResult> own, BenchSettings s,
                                            Function<ReferenceEmulator, Optional<Path>> find) throws IOException {
        Map<Workload, Long> perRound = new EnumMap<>(Workload.class);
        for (Workload w : EmulatorComparison.WORKLOADS) perRound.put(w, EmulatorComparison.instructionsPerRound(w));
        out.println();
        List<List<EmulatorComparison.Result>> columns = new ArrayList<>();
        for (ReferenceEmulator e : ReferenceEmulator.values()) {
            Optional<Path> program = find.apply(e);
            if (program.isEmpty()) {
                out.println(T.format("compare.missing", e.label(), e.program()));
                continue;
            }
            out.println(T.format("compare.booting", e.label(), program.get()));
            out.flush();
            column(e, program.get(), s, perRound).ifPresent(columns::add);
        }
        List<EmulatorComparison.Result> all = new ArrayList<>();
        if (columns.isEmpty()) return all;
        out.println(BenchReport.compareIntro(s));
        for (int i = 0; i < EmulatorComparison.WORKLOADS.size(); i++) {
            Workload w = EmulatorComparison.WORKLOADS.get(i);
            List<EmulatorComparison.Result> row = new ArrayList<>();
            for (List<EmulatorComparison.Result> c : columns) row.add(c.get(i));
            if (i == 0) out.print(BenchReport.compareHeader(row));
            WorkloadResult mine = own.stream().filter(r -> r.workload() == w).findFirst().orElseThrow();
            out.print(BenchReport.compareRow(mine, row));
            all.addAll(row);
        }
        out.println(T.get("compare.legend"));
        return all;
    }

    /** The emulator's results on every compared guest, or nothing after saying why on stderr. */
    private Optional<List<EmulatorComparison.Result>> column(ReferenceEmulator e, Path program, BenchSettings s,
                                                             Map<Workload, Long> perRound) {
        List<EmulatorComparison.Result> column = new ArrayList<>();
        for (Workload w : EmulatorComparison.WORKLOADS) {
            try {
                column.add(EmulatorComparison.measure(e, program, w, s, perRound.get(w)));
            } catch (EmulatorComparison.NotMeasured ex) {
                err.println(ErrorLine.warning(ErrorLine.about("bench --compare",
                        T.format("compare.notMeasured", e.label(), BenchReport.label(w), ErrorLine.reason(ex)))));
                return Optional.empty();
            } catch (IOException ex) {
                err.println(ErrorLine.warning(ErrorLine.about("bench --compare",
                        T.format("compare.failed", e.label(), ErrorLine.reason(ex)))));
                return Optional.empty();
            }
        }
        return Optional.of(column);
    }

    /** "usage: " and the synopsis. */
    public static String usage() {
        return T.format("usage", SYNOPSIS);
    }
}
