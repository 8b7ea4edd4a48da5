package org.kvmworkbench.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.TraceWriter;

/** The options of {@code run}, checked strictly: every bad one is a {@link UsageException} naming it. */
final class RunOptions {
    static final long MAX_TRACE_BYTES = 1L << 40;
    /** The command line that lists run's options, named in its errors. */
    static final String HELP = "kvm-workbench run --help";
    private static final Texts T = Texts.of(RunOptions.class);

    Path config;
    BackendChoice backend;
    long maxExits = RunLimits.DEFAULT.maxExits();
    long maxInstructions = RunLimits.DEFAULT.maxInstructions();
    Duration timeout = RunLimits.DEFAULT.timeout();
    Path trace;
    long traceMax = TraceWriter.DEFAULT_MAX_BYTES;
    TraceWriter.Format traceFormat = TraceWriter.Format.JSONL;
    String input;
    boolean kernelTrace;
    boolean help;

    private RunOptions() {
    }

    static RunOptions parse(String[] args) throws UsageException {
        RunOptions o = new RunOptions();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                o.help = true;
                return o;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                if (o.config != null) {
                    throw new UsageException(T.format("twoConfigs", OptionValues.printable(o.config.toString()),
                            OptionValues.printable(a)));
                }
                if (a.isEmpty()) throw new UsageException(T.get("emptyConfig"));
                o.config = Path.of(a);
                continue;
            }
            if (!seen.add(a)) throw OptionValues.twice(a);
            if (a.equals("--kernel-trace")) {
                o.kernelTrace = true;
                continue;
            }
            if (!takesValue(a)) throw OptionValues.unknown(a, HELP);
            if (i + 1 >= args.length) throw OptionValues.needsValue(a);
            o.set(a, args[++i]);
        }
        if (o.config == null) throw new UsageException(T.format("noConfig", HELP));
        return o;
    }

    private static boolean takesValue(String option) {
        return switch (option) {
            case "--backend", "--max-exits", "--max-instructions", "--timeout", "--trace", "--trace-format", "--trace-max",
                 "--input" ->
                    true;
            default -> false;
        };
    }

    private void set(String option, String v) throws UsageException {
        switch (option) {
            case "--backend" -> backend = backend(v);
            case "--max-exits" -> maxExits = limit(option, v);
            case "--max-instructions" -> maxInstructions = limit(option, v);
            case "--timeout" -> timeout = OptionValues.seconds(option, v);
            case "--trace" -> trace = file(option, v);
            case "--trace-format" -> traceFormat = traceFormat(v);
            case "--trace-max" -> traceMax = OptionValues.size(option, v, TraceWriter.MIN_MAX_BYTES, MAX_TRACE_BYTES);
            case "--input" -> input = v.replace("\\r", "\r").replace("\\n", "\n").replace("\\x04", "\u0004");
            default -> throw new IllegalStateException(option);
        }
    }

    private static long limit(String option, String v) throws UsageException {
        String expected = T.format("expected.limit", Long.MAX_VALUE);
        try {
            return OptionValues.whole(option, v, 0, Long.MAX_VALUE);
        } catch (UsageException e) {
            throw OptionValues.bad(option, expected, v);
        }
    }

    private static Path file(String option, String v) throws UsageException {
        if (v.isBlank() || v.startsWith("--") || v.endsWith("/")) throw OptionValues.bad(option, T.get("expected.file"), v);
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw OptionValues.bad(option, T.get("expected.file"), v);
        }
    }

    private static TraceWriter.Format traceFormat(String v) throws UsageException {
        for (TraceWriter.Format f : TraceWriter.Format.values()) if (f.name().equalsIgnoreCase(v)) return f;
        throw OptionValues.bad("--trace-format", T.format("expected.traceFormat", "jsonl", "compact"), v);
    }

    private static BackendChoice backend(String v) throws UsageException {
        for (BackendChoice c : BackendChoice.values()) if (c.name().equalsIgnoreCase(v)) return c;
        throw OptionValues.bad("--backend", T.get("expected.backend"), v);
    }
}
