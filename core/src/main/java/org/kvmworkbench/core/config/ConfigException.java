package org.kvmworkbench.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every problem found (not just the first). */
public final class ConfigException extends Exception {
    private final String source;
    private final List<ConfigError> errors;

    /** @param source the file name, or a label such as "&lt;yaml text&gt;" */
    public ConfigException(String source, List<ConfigError> errors) {
        super(errors.stream().map(e -> source + ": " + e).collect(Collectors.joining("\n")));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public String source() {
        return source;
    }

    public List<ConfigError> errors() {
        return errors;
    }

    /** Every problem as {@link #getMessage()} lists them, in the current language of the window. */
    public String inCurrentLanguage() {
        return errors.stream().map(e -> source + ": " + e.inCurrentLanguage()).collect(Collectors.joining("\n"));
    }
}
