package org.kvmworkbench.core.config;

/**
 * One problem in a config file.
 * @param field where it is, e.g. {@code devices[1].port}, {@code controls.exceptionBitmap[2]};
 *              empty for problems with the file as a whole (syntax errors, empty file)
 */
public record ConfigError(String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
