package org.kvmworkbench.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every error while a config is read, so the user sees them all at once. */
final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new ConfigError(field, message));
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
