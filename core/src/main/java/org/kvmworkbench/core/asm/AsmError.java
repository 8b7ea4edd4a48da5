package org.kvmworkbench.core.asm;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * One problem in a guest source: 1-based line and column (column 0: the whole line) and what is wrong, a key of
 * AsmError.properties and its values (or NASM's own line as it printed it), said when shown.
 */
public record AsmError(int line, int column, Phrase words) {
    /** The words of every assembler problem (AsmError.properties, AsmError_zh_CN.properties). */
    public static final Messages WORDS = Messages.of(AsmError.class);

    /** What is wrong, in English (the CLI, exceptions, logs). */
    public String message() {
        return words.english();
    }

    /** "line:column: what is wrong" in the current language of {@link Messages} (the window). */
    public String inCurrentLanguage() {
        return where() + words;
    }

    private String where() {
        return column > 0 ? line + ":" + column + ": " : line + ": ";
    }

    @Override
    public String toString() {
        return where() + message();
    }
}
