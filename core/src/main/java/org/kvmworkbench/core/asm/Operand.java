package org.kvmworkbench.core.asm;

/** One parsed operand. Sizes are in bits, 0 where the source did not say. */
sealed interface Operand {
    int column();

    record Reg(Register reg, int column) implements Operand {}

    /** {@code [seg: base + index + disp]} in 16-bit addressing; any part may be absent. */
    record Mem(Register segment, Register base, Register index, Expr disp, int size, int column) implements Operand {
        Mem withSize(int bits) {
            return new Mem(segment, base, index, disp, bits, column);
        }
    }

    /** An immediate; {@code distance} is "short", "near" or null for jump targets. */
    record Imm(Expr value, int size, String distance, int column) implements Operand {}

    /** {@code seg:offset} of a far jump or call. */
    record Far(Expr segment, Expr offset, int column) implements Operand {}
}
