package org.kvmworkbench.core.cpu;

/**
 * The x87 FPU's architectural state (SDM Vol. 1 §8.1, Figure 8-1): eight 80-bit data registers R0..R7, the
 * status word with TOP, the control word, the tag word (kept as an empty bit per register; the 2-bit tags are
 * computed when stored, as FXSAVE's abridged tags show), and the last-instruction pointers (§8.1.8), kept as
 * real-mode linear addresses. The instructions are {@link X87Unit}.
 */
public final class X87 {
    /** Status word bits (SDM Vol. 1 §8.1.3, Figure 8-4). */
    public static final int ES = 0x80, C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000, B = 0x8000,
            TOP_SHIFT = 11, TOP_MASK = 7 << TOP_SHIFT, EXCEPTIONS = 0x3F, CONDITION = C0 | C1 | C2 | C3;
    /** Control word after FNINIT, and at power-on (SDM Vol. 2 "FINIT"; Vol. 3A Table 10-1). */
    public static final int CONTROL_INIT = 0x037F, CONTROL_RESET = 0x0040;

    /** Physical registers: the 64-bit significand and sign<<15 | 15-bit biased exponent. */
    public final long[] mant = new long[8];
    public final int[] se = new int[8];
    /** Bit i set: physical register i is empty (tag 11B). */
    public int emptyMask = 0xFF;
    public int control = CONTROL_RESET;
    /** The status word without TOP (bits 13:11 are always 0 here). */
    public int status;
    public int top;
    /** Linear address of the last non-control x87 instruction, of its memory operand, and its 11-bit opcode. */
    public int fip, fdp, fop;

    /** Power-on/RESET state: control 0040H, everything else 0, tags empty (SDM Vol. 3A §10.1, Table 10-1). */
    public void reset() {
        init();
        control = CONTROL_RESET;
        java.util.Arrays.fill(mant, 0);
        java.util.Arrays.fill(se, 0);
    }

    /** FNINIT (SDM Vol. 2 "FINIT/FNINIT"): registers keep their contents but are tagged empty. */
    public void init() {
        control = CONTROL_INIT;
        status = 0;
        top = 0;
        emptyMask = 0xFF;
        fip = fdp = fop = 0;
    }

    public int statusWord() {
        return status & ~TOP_MASK | top << TOP_SHIFT;
    }

    public void setStatusWord(int v) {
        status = v & 0xFFFF & ~TOP_MASK;
        top = v >> TOP_SHIFT & 7;
    }

    public int physical(int i) {
        return top + i & 7;
    }

    public boolean empty(int i) {
        return (emptyMask >> physical(i) & 1) != 0;
    }

    /**
     * The full tag word (SDM Vol. 1 §8.1.7, Figure 8-7): 00 valid, 01 zero, 10 special (NaN, ∞, denormal,
     * unsupported), 11 empty, two bits per physical register.
     */
    public int tagWord() {
        int tw = 0;
        for (int r = 0; r < 8; r++) {
            int tag;
            if ((emptyMask >> r & 1) != 0) tag = 3;
            else {
                int e = se[r] & 0x7FFF;
                if (e == 0 && mant[r] == 0) tag = 1;
                else if (e == 0 || e == 0x7FFF || mant[r] >= 0) tag = 2;
                else tag = 0;
            }
            tw |= tag << 2 * r;
        }
        return tw;
    }

    /** Load a tag word: only "empty" is kept, the other tags follow the contents (SDM Vol. 2 "FLDENV"). */
    public void setTagWord(int tw) {
        int mask = 0;
        for (int r = 0; r < 8; r++) if ((tw >> 2 * r & 3) == 3) mask |= 1 << r;
        emptyMask = mask;
    }

    /** ES and B follow the exception flags the control word does not mask (SDM Vol. 1 §8.1.3.1, "FLDCW"). */
    void updateSummary() {
        if ((status & ~control & EXCEPTIONS) != 0) status |= ES | B;
        else status &= ~(ES | B);
    }

    public void copyFrom(X87 o) {
        System.arraycopy(o.mant, 0, mant, 0, 8);
        System.arraycopy(o.se, 0, se, 0, 8);
        emptyMask = o.emptyMask;
        control = o.control;
        status = o.status;
        top = o.top;
        fip = o.fip;
        fdp = o.fdp;
        fop = o.fop;
    }
}
