package org.kvmworkbench.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.kvmworkbench.core.i18n.Columns;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.io.AtomicFile;

/**
 * The benchmark's results as a table for people, in the CLI's language (BenchReport.properties), and as JSON for
 * tools (English keys and names, always).
 */
public final class BenchReport {
    private static final Messages M = Messages.of(BenchReport.class);

    private BenchReport() {
    }

    public static String header() {
        return row(M.get("column.workload"), M.get("column.unit"), M.get("column.cpuMin"), M.get("column.cpuMedian"),
                M.get("column.cpuMax"), M.get("column.wallMedian"));
    }

    /** One table row: rates in millions per second of the benchmark thread's CPU time, and of wall time. */
    public static String row(WorkloadResult r) {
        Stats cpu = r.cpuRates(), wall = r.wallRates();
        return row(label(r.workload()), rateLabel(r.workload()), millions(cpu.min()), millions(cpu.median()),
                millions(cpu.max()), millions(wall.median()));
    }

    /** "%-16s %-10s %10s %10s %10s   %10s%n", counting a Chinese character as two columns. */
    private static String row(String workload, String unit, String a, String b, String c, String wall) {
        return Columns.left(workload, 16) + " " + Columns.left(unit, 10) + " " + Columns.right(a, 10) + " "
                + Columns.right(b, 10) + " " + Columns.right(c, 10) + "   " + Columns.right(wall, 10) + System.lineSeparator();
    }

    /** The workload's name in the table ("register loop"), in the CLI's language; {@link Workload#label()} in English. */
    public static String label(Workload w) {
        return M.get("workload." + w.name());
    }

    /** "M instr/s", in the CLI's language; {@link Workload.Unit#rateLabel()} in English. */
    static String rateLabel(Workload w) {
        return M.get("unit." + w.unit().name());
    }

    private static String millions(double perSecond) {
        double m = perSecond / 1e6;
        return String.format(Locale.ROOT, m >= 100 ? "%.0f" : m >= 10 ? "%.1f" : "%.2f", m);
    }

    /** What the comparison table shows, before it. */
    public static String compareIntro(BenchSettings s) {
        return M.format("compareIntro", s.repeat(), String.valueOf(s.seconds()), String.valueOf(s.warmUpSeconds()));
    }

    /** The comparison's column heads: the workbench, then each emulator with its version and the ratio. */
    public static String compareHeader(List<EmulatorComparison.Result> row) {
        StringBuilder b = new StringBuilder(Columns.left(M.get("column.workload"), 16) + " "
                + Columns.left(M.get("column.unit"), 10) + " " + Columns.right(M.get("column.workbench"), 12));
        for (EmulatorComparison.Result r : row) {
            b.append("   ").append(Columns.right(r.emulator().label() + " " + r.version(), 14)).append(' ')
                    .append(Columns.right(M.get("column.ratio"), 7));
        }
        return b.append('\n').toString();
    }

    /** One guest: the workbench's CPU-time median, each emulator's and the workbench's rate divided by it. */
    public static String compareRow(WorkloadResult own, List<EmulatorComparison.Result> row) {
        double mine = own.cpuRates().median();
        StringBuilder b = new StringBuilder(Columns.left(label(own.workload()), 16) + " "
                + Columns.left(rateLabel(own.workload()), 10) + " " + Columns.right(millions(mine), 12));
        for (EmulatorComparison.Result r : row) {
            double theirs = r.instructionRates().median();
            b.append(String.format(Locale.ROOT, "   %14s %6.2f×", millions(theirs), mine / theirs));
        }
        return b.append('\n').toString();
    }

    /** Write the results to {@code file} through a temporary file in the same folder, then rename it. */
    public static void writeJson(Path file, BenchSettings settings, boolean quick, Instant started,
                                 List<WorkloadResult> results) throws IOException {
        writeJson(file, settings, quick, started, results, List.of());
    }

    /** The same, with the emulators {@code bench --compare} measured (none: no "comparison" key). */
    public static void writeJson(Path file, BenchSettings settings, boolean quick, Instant started,
                                 List<WorkloadResult> results, List<EmulatorComparison.Result> compared) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "kvm-workbench bench");
        root.put("backend", "simulated");
        root.put("started", started.toString());
        root.put("machine", machine());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seconds", settings.seconds());
        s.put("repeat", settings.repeat());
        s.put("warmUpSeconds", settings.warmUpSeconds());
        s.put("quick", quick);
        root.put("settings", s);
        List<Object> workloads = new ArrayList<>();
        for (WorkloadResult r : results) workloads.add(json(r));
        root.put("workloads", workloads);
        if (!compared.isEmpty()) {
            List<Object> c = new ArrayList<>();
            for (EmulatorComparison.Result r : compared) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("emulator", r.emulator().label());
                m.put("version", r.version());
                m.put("name", r.workload().id());
                m.put("instructionsPerRound", r.instructionsPerRound());
                m.put("cpuInstructionRatePerSecond", stats(r.instructionRates()));
                m.put("roundsPerCpuSecond", r.roundsPerCpuSecond());
                c.add(m);
            }
            root.put("comparison", c);
        }

        AtomicFile.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    private static Map<String, Object> json(WorkloadResult r) {
        Workload w = r.workload();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.id());
        m.put("description", w.description());
        m.put("unit", w.unit().noun());
        m.put("cpuRatePerSecond", stats(r.cpuRates()));
        m.put("wallRatePerSecond", stats(r.wallRates()));
        List<Object> reps = new ArrayList<>();
        for (Repetition rep : r.repetitions()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("count", rep.count());
            e.put("wallSeconds", rep.wallSeconds());
            e.put("cpuSeconds", rep.cpuSeconds());
            reps.add(e);
        }
        m.put("repetitions", reps);
        return m;
    }

    private static Map<String, Object> stats(Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.min());
        m.put("median", s.median());
        m.put("max", s.max());
        return m;
    }

    /** What the numbers were measured on. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", cpuModel());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    /** The "model name" line of /proc/cpuinfo, or null where there is none. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the model stays unknown
        }
        return null;
    }
}
