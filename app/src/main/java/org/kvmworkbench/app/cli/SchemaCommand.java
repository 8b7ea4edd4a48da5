package org.kvmworkbench.app.cli;

import java.io.PrintStream;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.config.ConfigSchema;

/**
 * {@code schema}: prints the config format's JSON Schema, for editors that complete and check configs, with its
 * descriptions in the CLI's language.
 */
public final class SchemaCommand {
    private static final Texts T = Texts.of(SchemaCommand.class);

    private SchemaCommand() {
    }

    /** @return {@link ExitStatus#OK}, or {@link ExitStatus#USAGE} after one line when given any argument */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println(ErrorLine.of(T.format("noArguments", "schema", args[0])));
            return ExitStatus.USAGE;
        }
        out.print(ConfigSchema.text(Texts.locale())); // its descriptions in the CLI's language
        out.flush();
        return ExitStatus.OK;
    }

    /** The usage line: the command and what it does. */
    public static String usage() {
        return T.format("usage", "kvm-workbench schema");
    }
}
