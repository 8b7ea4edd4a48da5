package org.kvmworkbench.core.config;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.i18n.Phrase;

/** Collects every error while a config is read, so the user sees them all at once. */
final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();

    /** The problem {@code key} of ConfigError.properties at {@code field}, with its values. */
    void add(String field, String key, Object... args) {
        errors.add(new ConfigError(field, say(key, args)));
    }

    void add(ConfigError error) {
        errors.add(error);
    }

    /** Words of ConfigError.properties, for a value of another problem or a problem made elsewhere. */
    static Phrase say(String key, Object... args) {
        return ConfigError.WORDS.phrase(key, args);
    }

    /** Number of errors so far; compare before and after reading a part to see whether it failed. */
    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<ConfigError> list() {
        return List.copyOf(errors);
    }
}
