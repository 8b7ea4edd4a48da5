package org.kvmworkbench.core.asm;

/** One problem in a guest source: 1-based line and column (column 0: the whole line) and a one-line message. */
public record AsmError(int line, int column, String message) {
    @Override
    public String toString() {
        return column > 0 ? line + ":" + column + ": " + message : line + ": " + message;
    }
}
