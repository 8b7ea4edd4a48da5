package org.kvmworkbench.core.asm;

import org.kvmworkbench.core.i18n.Phrase;

/** A problem in the line being assembled; the assembler turns it into an {@link AsmError} and goes on. */
final class LineError extends RuntimeException {
    final int column;
    final transient Phrase words;

    LineError(int column, Phrase words) {
        super(null, null, false, false);
        this.column = column;
        this.words = words;
    }

    @Override
    public String getMessage() {
        return words.english();
    }
}
