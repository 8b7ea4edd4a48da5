package org.kvmworkbench.core.cpu;

/**
 * The arithmetic flags (CF PF AF ZF SF OF), computed on demand from the last ALU operation instead of
 * after every instruction. Definitions follow the Intel SDM Vol. 1 §3.4.3.1 and each instruction's
 * "Flags Affected" section (Vol. 2). The other EFLAGS bits live in {@link Cpu}.
 * <p>
 * <b>Flags the SDM leaves undefined</b> follow one rule, in the whole interpreter:
 * <ol>
 *   <li>an undefined SF, ZF or PF gets the value its general definition gives for the value the instruction
 *       writes (MUL/IMUL: the low half; AAA/AAS: AL; BSF/BSR: the index);</li>
 *   <li>an undefined AF, and an undefined CF or OF of an instruction that is no shift, is 0 (AND/OR/XOR/TEST,
 *       MUL/IMUL, shifts, SHLD/SHRD, DAA/DAS/AAA/AAS/AAM/AAD, BSF/BSR);</li>
 *   <li>shifts, rotates and SHLD/SHRD by more than one bit compute OF with the one-bit formula;</li>
 *   <li>an instruction with no value for the flag to describe leaves it unchanged: BT/BTS/BTR/BTC (OF SF AF PF),
 *       BSF/BSR with a zero source (all but ZF), DIV/IDIV (all six).</li>
 * </ol>
 * Tests mask only what the SDM leaves undefined; the differential harness (kvm-native) does the same.
 */
public final class LazyFlags {
    public static final int CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, OF = 1 << 11;
    public static final int ARITH = CF | PF | AF | ZF | SF | OF;

    /** SHIFT: SHL/SAL, SHR, SAR by a non-zero count (CF and OF given, AF 0, the rest from the result). */
    static final int NONE = 0, ADD = 1, ADC = 2, SUB = 3, SBB = 4, LOGIC = 5, INC = 6, DEC = 7, SHIFT = 8;

    private int op = NONE;
    private int dst, src, res;
    /** operand size in bytes: 1, 2 or 4 */
    private int size = 1;
    /** carry-in for ADC/SBB; the preserved CF for INC/DEC; CF for SHIFT */
    private int carry;
    /** OF for SHIFT */
    private boolean shiftOf;
    /** the flags themselves when op == NONE */
    private int eager;

    private static final byte[] PARITY = new byte[256];

    static {
        for (int i = 0; i < 256; i++) PARITY[i] = (byte) ((Integer.bitCount(i) & 1) == 0 ? PF : 0);
    }

    static int mask(int size) {
        return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFF_FFFF;
    }

    static int signBit(int size) {
        return size == 1 ? 0x80 : size == 2 ? 0x8000 : 0x8000_0000;
    }

    /** Record an ADD, SUB or LOGIC result (no carry-in); all operands already masked to {@code size}. */
    void set(int op, int size, int dst, int src, int res) {
        this.op = op;
        this.size = size;
        this.dst = dst;
        this.src = src;
        this.res = res;
    }

    /** Record an ALU result; all operands already masked to {@code size}. */
    void set(int op, int size, int dst, int src, int res, int carry) {
        this.op = op;
        this.size = size;
        this.dst = dst;
        this.src = src;
        this.res = res;
        this.carry = carry;
    }

    /** Record a shift's result (masked to {@code size}) with the CF and OF the instruction computed. */
    void setShift(int size, int res, boolean cf, boolean of) {
        this.op = SHIFT;
        this.size = size;
        this.res = res;
        this.carry = cf ? 1 : 0;
        this.shiftOf = of;
    }

    /**
     * Set CF and OF, keep PF AF ZF SF (rotates). Only the kept four are materialised: the previous operation's
     * CF and OF, the costly ones, are never computed.
     */
    void setCarryOverflow(boolean cf, boolean of) {
        int keep;
        if (op == NONE) {
            keep = eager & (PF | AF | ZF | SF);
        } else {
            keep = (pf() ? PF : 0) | (af() ? AF : 0) | (zf() ? ZF : 0) | (sf() ? SF : 0);
            op = NONE;
        }
        eager = keep | (cf ? CF : 0) | (of ? OF : 0);
    }

    /** Set the arithmetic flags explicitly (POPF, SAHF, MUL...). */
    void setEager(int flags) {
        op = NONE;
        eager = flags & ARITH;
    }

    public boolean cf() {
        switch (op) {
            case NONE: return (eager & CF) != 0;
            case ADD: return Integer.compareUnsigned(res, dst) < 0;
            case ADC: return Integer.compareUnsigned(res, dst) < 0 || (carry != 0 && res == dst);
            case SUB: return Integer.compareUnsigned(dst, src) < 0;
            case SBB: return carry != 0 ? Integer.compareUnsigned(dst, src) <= 0 : Integer.compareUnsigned(dst, src) < 0;
            case LOGIC: return false;
            default: return carry != 0; // INC, DEC keep CF; SHIFT's own
        }
    }

    public boolean zf() {
        return op == NONE ? (eager & ZF) != 0 : res == 0;
    }

    public boolean sf() {
        return op == NONE ? (eager & SF) != 0 : (res & signBit(size)) != 0;
    }

    public boolean pf() {
        return op == NONE ? (eager & PF) != 0 : PARITY[res & 0xFF] != 0;
    }

    public boolean af() {
        switch (op) {
            case NONE: return (eager & AF) != 0;
            case LOGIC: case SHIFT: return false; // undefined by the SDM; 0 as on current Intel parts
            default: return ((dst ^ src ^ res) & 0x10) != 0;
        }
    }

    public boolean of() {
        int sb = signBit(size);
        switch (op) {
            case NONE: return (eager & OF) != 0;
            case ADD: case ADC: case INC: return ((dst ^ res) & (src ^ res) & sb) != 0;
            case SUB: case SBB: case DEC: return ((dst ^ src) & (dst ^ res) & sb) != 0;
            case SHIFT: return shiftOf;
            default: return false; // LOGIC
        }
    }

    /** The six arithmetic flags as EFLAGS bits. */
    public int get() {
        if (op == NONE) return eager;
        int f = 0;
        if (cf()) f |= CF;
        if (pf()) f |= PF;
        if (af()) f |= AF;
        if (zf()) f |= ZF;
        if (sf()) f |= SF;
        if (of()) f |= OF;
        return f;
    }
}
