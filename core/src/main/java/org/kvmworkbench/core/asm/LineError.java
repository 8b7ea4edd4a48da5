package org.kvmworkbench.core.asm;

/** A problem in the line being assembled; the assembler turns it into an {@link AsmError} and goes on. */
final class LineError extends RuntimeException {
    final int column;

    LineError(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }
}
