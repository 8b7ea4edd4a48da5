package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.session.CompactTraceReader;
import org.kvmworkbench.core.session.TraceWriter;

/**
 * {@code trace-dump TRACE.kwbt}: prints a compact trace ({@code run --trace-format compact}) as JSON Lines, the same
 * objects {@code run --trace} writes in that form, one exit per line, streamed (a trace of any length).
 */
public final class TraceDumpCommand {
    /** The command line's form, a name in every language. */
    public static final String SYNOPSIS = "kvm-workbench trace-dump TRACE.kwbt";
    private static final Texts T = Texts.of(TraceDumpCommand.class);

    private TraceDumpCommand() {
    }

    /** @return {@link ExitStatus#OK}; {@link ExitStatus#USAGE} for a bad argument; 1 for a file that cannot be read */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println(ErrorLine.of(T.format("oneFile", "trace-dump", usage())));
            return ExitStatus.USAGE;
        }
        Path file;
        try {
            file = Path.of(args[0]);
        } catch (InvalidPathException e) {
            err.println(ErrorLine.of(ErrorLine.about("trace-dump",
                    T.format("notAName", OptionValues.printable(args[0])))));
            return ExitStatus.USAGE;
        }
        if (!Files.isRegularFile(file)) {
            err.println(ErrorLine.of(ErrorLine.about("trace-dump", T.format("notAFile", file))));
            return ExitStatus.USAGE;
        }
        try {
            CompactTraceReader.forEach(file, r -> out.println(TraceWriter.toJson(r).toString()));
        } catch (IOException | UncheckedIOException e) {
            out.flush();
            err.println(ErrorLine.of(ErrorLine.about("trace-dump", ErrorLine.reason(e))));
            return 1;
        }
        out.flush();
        return ExitStatus.OK;
    }

    /** The usage line: the synopsis and what it does. */
    public static String usage() {
        return T.format("usage", SYNOPSIS, "run --trace");
    }
}
