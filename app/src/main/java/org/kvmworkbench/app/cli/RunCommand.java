package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.app.Backends;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.ConfigException;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.TraceException;
import org.kvmworkbench.core.session.TraceWriter;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * {@code run CONFIG [options]}: runs a guest headless. The guest console goes to stdout; a summary line
 * and any error go to stderr. Exit statuses are {@link ExitStatus}'s.
 */
public final class RunCommand {
    /** The command line's form: names and options, the same in every language. */
    public static final String SYNOPSIS = "kvm-workbench run CONFIG [--backend auto|kvm|simulated] [--max-exits N]"
            + " [--max-instructions N] [--timeout SECONDS] [--trace FILE] [--trace-format jsonl|compact]"
            + " [--trace-max SIZE] [--input TEXT]"
            + " [--kernel-trace]";
    private static final Texts T = Texts.of(RunCommand.class);

    private final PrintStream out;
    private final PrintStream err;

    public RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        RunOptions o;
        try {
            o = RunOptions.parse(args);
        } catch (UsageException e) {
            err.println(ErrorLine.of(e.getMessage()));
            return ExitStatus.USAGE;
        }
        if (o.help) {
            out.println(usage());
            return ExitStatus.OK;
        }
        VmConfig config;
        try {
            config = ConfigLoader.load(o.config);
        } catch (ConfigException e) {
            err.println(ErrorLine.of(T.format("badConfig", e.inCurrentLanguage())));
            return ExitStatus.USAGE;
        }
        TraceWriter traceFile = null;
        if (o.trace != null) {
            try {
                traceFile = TraceWriter.open(o.trace, inputs(o.config, config), o.traceMax, err::println, o.traceFormat);
            } catch (TraceException e) {
                err.println(ErrorLine.of(ErrorLine.about("--trace", ErrorLine.reason(e))));
                return ExitStatus.USAGE;
            }
        }
        BackendChoice choice = o.backend != null ? o.backend : config.backend();
        TraceWriter trace = traceFile;
        try (ConsoleOutput console = new ConsoleOutput(out, err); // closed last: flushes what the guest wrote, bounded
             Vcpu vcpu = Backends.open(config, choice, console)) {
            if (o.input != null && vcpu.machine().uart() != null) {
                vcpu.machine().uart().typeInput(o.input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            // Ctrl-C: still undo tracefs settings and finish the trace file
            Thread release = new Thread(() -> finish(vcpu, trace), "kvmwb-shutdown");
            Runtime.getRuntime().addShutdownHook(release);
            String kernelTrace = o.kernelTrace ? Backends.setKernelTrace(vcpu, true) : null;
            VmmLoop loop = new VmmLoop(vcpu);
            if (trace != null && trace.format() == TraceWriter.Format.COMPACT) loop.setRawListener(trace);
            else if (trace != null) loop.setListener(trace);
            HeadlessRun.Result r = HeadlessRun.run(loop, new RunLimits(o.maxExits, o.maxInstructions, o.timeout));
            err.println(RunSummary.ending(r, loop));
            err.println(RunSummary.counts(r, vcpu.info()));
            if (kernelTrace != null) err.println(T.format("kernelTrace", RunSummary.traceStatus(kernelTrace)));
            Runtime.getRuntime().removeShutdownHook(release);
            if (trace != null) {
                String reported = trace.failure(); // a write error was reported when it happened
                try {
                    trace.close();
                } catch (TraceException e) {
                    if (reported == null) err.println(ErrorLine.of(T.format("trace", ErrorLine.reason(e))));
                    return ExitStatus.TRACE_FAILED;
                }
            }
            return r.outcome().exitStatus();
        } catch (Backends.UnavailableException e) {
            err.println(ErrorLine.of(RunSummary.unavailable(e)));
            return ExitStatus.BACKEND_UNAVAILABLE;
        } catch (IOException e) {
            err.println(ErrorLine.of(ErrorLine.reason(e)));
            return ExitStatus.USAGE;
        } finally {
            if (trace != null) trace.abandon();
        }
    }

    private void finish(Vcpu vcpu, TraceWriter trace) {
        vcpu.close();
        if (trace == null) return;
        try {
            trace.close();
        } catch (TraceException e) {
            err.println(ErrorLine.of(T.format("trace", ErrorLine.reason(e))));
        }
    }

    /** "usage: " and the synopsis. */
    public static String usage() {
        return T.format("usage", SYNOPSIS);
    }

    /** What the run reads: a trace is never written over one of these. */
    private static List<Path> inputs(Path configFile, VmConfig config) {
        List<Path> in = new ArrayList<>(List.of(configFile, config.imagePath()));
        try {
            Path jar = Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            in.add(jar);
        } catch (Exception e) {
            // not loaded from a file: nothing to protect
        }
        return in;
    }
}
