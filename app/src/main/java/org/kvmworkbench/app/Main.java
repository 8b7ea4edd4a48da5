package org.kvmworkbench.app;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.kvmworkbench.app.cli.BenchCommand;
import org.kvmworkbench.app.cli.DisplayCheck;
import org.kvmworkbench.app.cli.ErrorLine;
import org.kvmworkbench.app.cli.ExitStatus;
import org.kvmworkbench.app.cli.KickBench;
import org.kvmworkbench.app.cli.RunCommand;
import org.kvmworkbench.app.cli.SchemaCommand;
import org.kvmworkbench.app.cli.TraceDumpCommand;
import org.kvmworkbench.app.cli.Version;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Messages;

/**
 * Entry point of the runnable jar. Not a JavaFX {@code Application} subclass, so the shaded jar starts
 * on the classpath without the JavaFX launcher check. No arguments (or a config path) opens the GUI;
 * {@code run CONFIG ...} runs headless; anything else is a one-line error and status 2.
 */
public final class Main {
    /** {@link #dispatch}'s answer when the arguments ask for the window. */
    static final int OPEN_WINDOW = -1;
    static final String HELP = "kvm-workbench --help";
    private static final Texts T = Texts.of(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        // µs and the other non-ASCII text come out right whatever the locale (Java 17 follows LANG=C: ASCII)
        System.setOut(utf8(new FileOutputStream(FileDescriptor.out)));
        System.setErr(utf8(new FileOutputStream(FileDescriptor.err)));
        try {
            args = org.kvmworkbench.app.i18n.Language.apply(args); // --lang zh-CN: the window's language
        } catch (IllegalArgumentException e) {
            System.err.println(ErrorLine.of(T.format("badLanguage", e.getMessage(), HELP)));
            System.exit(ExitStatus.USAGE);
        }
        Messages.setLocale(Texts.locale()); // the CLI's words from core and kvm-native follow it too
        int status = dispatch(args, System.out, System.err);
        if (status == OPEN_WINDOW) status = openWindow(args);
        if (status == OPEN_WINDOW) return; // the window was closed: JavaFX ends the process
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    static PrintStream utf8(OutputStream out) {
        return new PrintStream(new BufferedOutputStream(out, 8192), true, StandardCharsets.UTF_8);
    }

    /** Runs a command and returns its exit status, or {@link #OPEN_WINDOW}. */
    static int dispatch(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) return OPEN_WINDOW;
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "run":
                return new RunCommand(out, err).run(rest);
            case "bench":
                return bench(rest, out, err);
            case "kick-bench":
                return KickBench.run(rest, out, err);
            case "schema":
                return SchemaCommand.run(rest, out, err);
            case "trace-dump":
                return org.kvmworkbench.app.cli.TraceDumpCommand.run(rest, out, err);
            case "--help", "-h", "help":
                usage(out);
                return ExitStatus.OK;
            case "--version", "-V", "version":
                out.println("kvm-workbench " + Version.get());
                return ExitStatus.OK;
            default:
                return windowArguments(args, err);
        }
    }

    /** The window takes one argument, an existing config file. */
    private static int windowArguments(String[] args, PrintStream err) {
        String first = args[0];
        if (first.startsWith("-")) {
            err.println(ErrorLine.of(T.format("unknownOption", first, HELP)));
            return ExitStatus.USAGE;
        }
        boolean isFile;
        try {
            isFile = !first.isEmpty() && Files.isRegularFile(Path.of(first));
        } catch (java.nio.file.InvalidPathException e) {
            isFile = false;
        }
        if (!isFile) {
            err.println(ErrorLine.of(T.format("neither", first, "run, bench, kick-bench, schema, trace-dump", HELP)));
            return ExitStatus.USAGE;
        }
        if (args.length > 1) {
            err.println(ErrorLine.of(T.format("oneConfig", args[1], HELP)));
            return ExitStatus.USAGE;
        }
        return OPEN_WINDOW;
    }

    private static int openWindow(String[] args) {
        Optional<String> problem = DisplayCheck.problem();
        if (problem.isPresent()) {
            System.err.println(problem.get());
            return ExitStatus.USAGE;
        }
        try {
            StartupBench.mark("main");
            WorkbenchApp.launchWith(args);
            return OPEN_WINDOW;
        } catch (RuntimeException | LinkageError e) {
            System.err.println(ErrorLine.of(T.format("noWindow", e.getMessage(), "kvm-workbench run CONFIG")));
            return ExitStatus.USAGE;
        }
    }

    private static int bench(String[] args, PrintStream out, PrintStream err) {
        return new org.kvmworkbench.app.cli.BenchCommand(out, err).run(args);
    }

    static void usage(PrintStream out) {
        out.println(T.format("usage.window", "kvm-workbench [CONFIG | TRACE]", "samples/hello-serial.yaml"));
        out.println(RunCommand.usage());
        out.println(T.format("usage.bench", BenchCommand.usage()));
        out.println(KickBench.usage());
        out.println(SchemaCommand.usage());
        out.println(TraceDumpCommand.usage());
        out.println(T.format("usage.version", "kvm-workbench --version"));
        out.println(T.format("usage.lang", "--lang en|zh-CN", "-Dkvmwb.lang=…"));
        out.println(T.get("usage.exitStatus"));
    }
}
