package org.kvmworkbench.core.asm;

import java.util.List;

/**
 * One parsed source line. {@code kind} says which of the other fields matter: a label may stand on any line;
 * {@code times} repeats an instruction or data; {@code value} is the operand of equ, org, bits.
 */
record Statement(Kind kind, int line, String label, int labelColumn, Expr times, List<String> prefixes,
                 String mnemonic, int column, List<Operand> operands, List<DataItem> data, Expr value) {
    enum Kind { EMPTY, EQU, ORG, BITS, DATA, INSN }

    /** One item of db/dw/dd: a string or an expression. */
    record DataItem(String string, Expr value, int column) {}

    /** Bytes per item unit of a data directive. */
    int dataUnit() {
        return switch (mnemonic) {
            case "db" -> 1;
            case "dw" -> 2;
            default -> 4;
        };
    }
}
