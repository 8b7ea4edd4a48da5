package org.kvmworkbench.core.config;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * One problem in a config file: a key of ConfigError.properties and its values, said when shown.
 * @param field where it is, e.g. {@code devices[1].port}, {@code controls.exceptionBitmap[2]};
 *              empty for problems with the file as a whole (syntax errors, empty file)
 * @param words what is wrong
 */
public record ConfigError(String field, Phrase words) {
    /** The words of every config problem (ConfigError.properties, ConfigError_zh_CN.properties). */
    static final Messages WORDS = Messages.of(ConfigError.class);

    /** What is wrong, in English (the CLI, logs). */
    public String message() {
        return words.english();
    }

    /** "field: what is wrong" in the current language of {@link Messages} (the window). */
    public String inCurrentLanguage() {
        return field.isEmpty() ? words.toString() : field + ": " + words;
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message() : field + ": " + message();
    }
}
