package org.kvmworkbench.app.cli;

import java.io.PrintStream;
import org.kvmworkbench.core.config.ConfigSchema;

/** {@code schema}: prints the config format's JSON Schema, for editors that complete and check configs. */
public final class SchemaCommand {
    public static final String USAGE =
            "kvm-workbench schema         print the JSON Schema of config files (for editors)";

    private SchemaCommand() {
    }

    /** @return {@link ExitStatus#OK}, or {@link ExitStatus#USAGE} after one line when given any argument */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("error: schema takes no arguments; unexpected \"" + args[0] + "\"");
            return ExitStatus.USAGE;
        }
        out.print(ConfigSchema.text());
        out.flush();
        return ExitStatus.OK;
    }
}
