package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import org.kvmworkbench.app.Backends;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.ConfigException;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.TraceWriter;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * {@code run CONFIG [--backend auto|kvm|simulated] [--max-exits N] [--max-instructions N] [--timeout SECONDS]
 * [--trace FILE] [--input TEXT]}: runs a guest headless. The guest console goes to stdout; a summary line
 * and any error go to stderr. Exit status: 0 the guest halted, 2 usage or config error, 3 the guest
 * triple-faulted, 4 unsupported instruction, 5 a limit was reached or the vCPU blocked forever, 6 backend unavailable.
 */
public final class RunCommand {
    public static final String USAGE = "usage: kvm-workbench run CONFIG [--backend auto|kvm|simulated] [--max-exits N]"
            + " [--max-instructions N] [--timeout SECONDS] [--trace FILE] [--input TEXT] [--kernel-trace]";

    private final PrintStream out;
    private final PrintStream err;

    public RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        VmConfig config;
        try {
            config = ConfigLoader.load(o.config);
        } catch (ConfigException e) {
            err.println("error: bad config " + e.getMessage());
            return 2;
        }
        BackendChoice choice = o.backend != null ? o.backend : config.backend();
        try (ConsoleOutput console = new ConsoleOutput(out, err); // closed last: flushes what the guest wrote, bounded
             Vcpu vcpu = Backends.open(config, choice, console);
             TraceWriter traceFile = o.trace != null ? new TraceWriter(o.trace) : null) {
            if (o.input != null && vcpu.machine().uart() != null) {
                vcpu.machine().uart().typeInput(o.input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            Thread release = new Thread(vcpu::close, "kvmwb-shutdown"); // Ctrl-C: still undo tracefs settings
            Runtime.getRuntime().addShutdownHook(release);
            String trace = o.kernelTrace ? Backends.setKernelTrace(vcpu, true) : null;
            VmmLoop loop = new VmmLoop(vcpu);
            if (traceFile != null) loop.setListener(traceFile);
            HeadlessRun.Result r = HeadlessRun.run(loop, new RunLimits(o.maxExits, o.maxInstructions, o.timeout));
            err.printf("%s: %s%s%n", r.outcome().exitStatus() == 0 ? "done" : "stopped", r.outcome().description(),
                    r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
            err.printf("backend: %s (%s; %s) | exits: %d (userspace %d, in-kernel %d) | by reason: %s | instructions: %s%n",
                    vcpu.info().name(), vcpu.info().technology(), vcpu.info().why(), r.exits(), r.stats().userspace(),
                    r.stats().kernel(), r.stats().summary(), r.instructions() < 0 ? "not counted by this backend" : String.valueOf(r.instructions()));
            if (trace != null) err.println("kernel trace: " + trace);
            Runtime.getRuntime().removeShutdownHook(release);
            return r.outcome().exitStatus();
        } catch (Backends.UnavailableException e) {
            err.println("error: " + e.getMessage());
            return 6;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    static final class Options {
        Path config;
        BackendChoice backend;
        long maxExits = RunLimits.DEFAULT.maxExits();
        long maxInstructions = RunLimits.DEFAULT.maxInstructions();
        Duration timeout = RunLimits.DEFAULT.timeout();
        Path trace;
        String input;
        boolean kernelTrace;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--kernel-trace")) {
                    o.kernelTrace = true;
                    continue;
                }
                if (!a.startsWith("--")) {
                    if (o.config != null) throw new IllegalArgumentException("more than one config given: " + a);
                    o.config = Path.of(a);
                    continue;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--backend" -> o.backend = backend(v);
                    case "--max-exits" -> o.maxExits = number(a, v);
                    case "--max-instructions" -> o.maxInstructions = number(a, v);
                    case "--timeout" -> o.timeout = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
                    case "--trace" -> o.trace = Path.of(v);
                    case "--input" -> o.input = v.replace("\\r", "\r").replace("\\n", "\n").replace("\\x04", "\u0004");
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.config == null) throw new IllegalArgumentException("no config file given");
            return o;
        }

        private static BackendChoice backend(String v) {
            for (BackendChoice c : BackendChoice.values()) if (c.name().equalsIgnoreCase(v)) return c;
            throw new IllegalArgumentException("--backend must be auto, kvm or simulated, not " + v);
        }

        private static long number(String option, String v) {
            try {
                long n = Long.parseLong(v);
                if (n < 0) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a non-negative whole number, not " + v);
            }
        }
    }
}
