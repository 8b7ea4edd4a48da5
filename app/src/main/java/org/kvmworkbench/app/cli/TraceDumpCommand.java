package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.kvmworkbench.core.session.CompactTraceReader;
import org.kvmworkbench.core.session.TraceWriter;

/**
 * {@code trace-dump TRACE.kwbt}: prints a compact trace ({@code run --trace-format compact}) as JSON Lines, the same
 * objects {@code run --trace} writes in that form, one exit per line, streamed (a trace of any length).
 */
public final class TraceDumpCommand {
    public static final String USAGE =
            "kvm-workbench trace-dump TRACE.kwbt   print a compact trace as JSON Lines (run --trace's other form)";

    private TraceDumpCommand() {
    }

    /** @return {@link ExitStatus#OK}; {@link ExitStatus#USAGE} for a bad argument; 1 for a file that cannot be read */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println("error: trace-dump takes one compact trace file; " + USAGE.trim());
            return ExitStatus.USAGE;
        }
        Path file;
        try {
            file = Path.of(args[0]);
        } catch (InvalidPathException e) {
            err.println("error: trace-dump: \"" + OptionValues.printable(args[0]) + "\" is not a file name");
            return ExitStatus.USAGE;
        }
        if (!Files.isRegularFile(file)) {
            err.println("error: trace-dump: " + file + " is not a file");
            return ExitStatus.USAGE;
        }
        try {
            CompactTraceReader.forEach(file, r -> out.println(TraceWriter.toJson(r).toString()));
        } catch (IOException | UncheckedIOException e) {
            out.flush();
            err.println("error: trace-dump: " + e.getMessage());
            return 1;
        }
        out.flush();
        return ExitStatus.OK;
    }
}
