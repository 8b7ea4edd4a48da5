package org.kvmworkbench.core.asm;

import java.util.ArrayList;
import java.util.List;

/** Splits the expression between brackets into base and index registers and a displacement. */
final class EffectiveAddress {
    private EffectiveAddress() {}

    static Operand.Mem of(Expr e, Register segment, int size, int column) {
        List<Register> regs = new ArrayList<>();
        Expr disp = strip(e, false, regs);
        if (regs.size() > 2) throw new LineError(column, AsmError.WORDS.phrase("ea.tooManyRegisters"));
        Register base = null;
        Register index = null;
        for (Register r : regs) {
            if (r == Register.BX || r == Register.BP) {
                if (base != null) throw new LineError(column, AsmError.WORDS.phrase("ea.twoBases"));
                base = r;
            } else if (r == Register.SI || r == Register.DI) {
                if (index != null) throw new LineError(column, AsmError.WORDS.phrase("ea.twoIndexes"));
                index = r;
            } else if (r.bits == 32) {
                throw new LineError(column, AsmError.WORDS.phrase("ea.bits32"));
            } else {
                throw new LineError(column, AsmError.WORDS.phrase("ea.cannotAddress", r.lower()));
            }
        }
        return new Operand.Mem(segment, base, index, disp, size, column);
    }

    /** Returns e without its register terms (null if nothing is left); registers may only be added. */
    private static Expr strip(Expr e, boolean negated, List<Register> regs) {
        if (e instanceof Expr.RegRef r) {
            if (negated) throw new LineError(r.column(), AsmError.WORDS.phrase("ea.subtracted"));
            regs.add(r.reg());
            return null;
        }
        if (e instanceof Expr.Binary b && (b.op().equals("+") || b.op().equals("-"))) {
            Expr left = strip(b.left(), negated, regs);
            Expr right = strip(b.right(), negated ^ b.op().equals("-"), regs);
            if (right == null) return left;
            if (left == null) return b.op().equals("-") ? new Expr.Unary('-', right, b.column()) : right;
            return new Expr.Binary(b.op(), left, right, b.column());
        }
        checkNoRegister(e);
        return e;
    }

    private static void checkNoRegister(Expr e) {
        if (e instanceof Expr.RegRef r) {
            throw new LineError(r.column(), AsmError.WORDS.phrase("ea.mustBeAdded", r.reg().lower()));
        }
        if (e instanceof Expr.Binary b) {
            checkNoRegister(b.left());
            checkNoRegister(b.right());
        } else if (e instanceof Expr.Unary u) {
            checkNoRegister(u.operand());
        }
    }
}
