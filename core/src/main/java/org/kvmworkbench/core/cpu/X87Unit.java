package org.kvmworkbench.core.cpu;

import static org.kvmworkbench.core.cpu.X87Arith.DE;
import static org.kvmworkbench.core.cpu.X87Arith.IE;
import static org.kvmworkbench.core.cpu.X87Arith.OE;
import static org.kvmworkbench.core.cpu.X87Arith.SF;
import static org.kvmworkbench.core.cpu.X87Arith.UE;
import static org.kvmworkbench.core.cpu.X87Arith.ZE;

/**
 * The x87 instructions D8-DF (SDM Vol. 2 opcode map, Tables; each instruction's page for its
 * semantics and special values). The interpreter has already checked CR0.EM/TS (#NM) and computed a memory
 * operand's linear RAM address; this executes one instruction against {@link Cpu#fpu}.
 * <p>
 * Exceptions: with an exception masked the SDM's masked response is delivered (SDM Vol. 1 §8.5). An unmasked one
 * sets its flag, ES and B and, for invalid, zero-divide and denormal, leaves the destination and the stack as they
 * were (overflow/underflow to a register store the exponent-adjusted result, to memory nothing, §8.5.4-5); the
 * next waiting x87 instruction (or WAIT) then reports it: #MF (vector 16) with CR0.NE=1, and with CR0.NE=0 the
 * FERR#/IRQ13 path, which the workbench does not model, stops the run ({@link #FERR}).
 * <p>
 * Not modeled, stopping the run ({@link #NOT_MODELED}): F2XM1 outside −1..+1 (where the SDM leaves the result
 * undefined). C0, C2, C3 after arithmetic (undefined in the SDM) are left unchanged.
 */
final class X87Unit {
    static final int DONE = 0, NOT_MODELED = -1, FERR = -2, UD = 6, MF = 16;

    private final Cpu c;
    private final X87 f;
    private final byte[] ram;
    private final X87Arith ar = new X87Arith();
    /** set for the C1 of the current instruction: stack overflow (1) or a rounded-up result */
    private boolean c1;

    X87Unit(Cpu cpu, byte[] ram) {
        this.c = cpu;
        this.f = cpu.fpu;
        this.ram = ram;
    }

    /** Bytes of the memory operand of D8-DF /reg, or -1 for a reserved form (#UD). */
    static int memorySize(int op, int reg, boolean op32) {
        int env = op32 ? 28 : 14;
        return switch (op) {
            case 0xD8, 0xDA -> 4;
            case 0xDC -> 8;
            case 0xDE -> 2;
            case 0xD9 -> reg == 1 ? -1 : reg == 4 || reg == 6 ? env : reg == 5 || reg == 7 ? 2 : 4;
            case 0xDB -> reg == 4 || reg == 6 ? -1 : reg >= 5 ? 10 : 4;
            case 0xDD -> reg == 5 ? -1 : reg == 4 || reg == 6 ? env + 80 : reg == 7 ? 2 : 8;
            default -> reg == 4 || reg == 6 ? 10 : reg == 5 || reg == 7 ? 8 : 2; // DF
        };
    }

    /** The no-wait control instructions: they never report a pending exception (SDM Vol. 1 §8.3.11). */
    private static boolean noWait(int op, int modrm) {
        if (modrm >= 0xC0) return op == 0xDB && modrm >= 0xE0 && modrm <= 0xE4 || op == 0xDF && modrm == 0xE0;
        int reg = modrm >> 3 & 7;
        return op == 0xD9 && (reg == 6 || reg == 7) || op == 0xDD && (reg == 6 || reg == 7);
    }

    /** Whether an earlier unmasked exception is pending (WAIT and waiting instructions report it). */
    int pending() {
        if ((f.status & X87.ES) == 0) return DONE;
        return (c.cr0 & Cpu.CR0_NE) != 0 ? MF : FERR;
    }

    /**
     * Execute {@code op modrm}; {@code addr} is the memory operand's RAM index (memory forms), {@code fip} the
     * instruction's linear address. Returns {@link #DONE}, a fault vector, {@link #NOT_MODELED} or {@link #FERR}.
     */
    int execute(int op, int modrm, int addr, boolean op32, int fip) {
        if (!noWait(op, modrm)) {
            int p = pending();
            if (p != DONE) return p;
        }
        ar.begin(f.control);
        c1 = false;
        int r = modrm >= 0xC0 ? register(op, modrm) : memory(op, modrm >> 3 & 7, addr, op32);
        if (r == DONE && !control(op, modrm)) {
            f.fip = fip;
            f.fop = (op & 7) << 8 | modrm;
            if (modrm < 0xC0) f.fdp = addr;
        }
        return r;
    }

    /** Control instructions do not update the last-instruction pointers (SDM Vol. 1 §8.1.8). */
    private static boolean control(int op, int modrm) {
        if (modrm >= 0xC0) return op == 0xDB && modrm >= 0xE0 && modrm <= 0xE4 || op == 0xDF && modrm == 0xE0;
        int reg = modrm >> 3 & 7;
        return op == 0xD9 && reg >= 4 || op == 0xDD && (reg == 4 || reg == 6 || reg == 7);
    }

    // -------------------------------------------------------------------------------------------------
    // Register forms

    private int register(int op, int modrm) {
        int reg = modrm >> 3 & 7, i = modrm & 7;
        switch (op) {
            case 0xD8:
                if (reg == 2 || reg == 3) compareRegs(i, reg == 3 ? 1 : 0, false);
                else arithRegs(reg, 0, i, false);
                return DONE;
            case 0xDC:
                if (reg == 2 || reg == 3) compareRegs(i, reg == 3 ? 1 : 0, false); // FCOM2/FCOMP3 aliases
                else arithRegs(reg, i, i, false);
                return DONE;
            case 0xDE:
                if (reg == 2) compareRegs(i, 1, false); // FCOMP5 alias
                else if (reg == 3) {
                    if (i != 1) return UD;
                    compareRegs(1, 2, false); // FCOMPP
                } else arithRegs(reg, i, i, true);
                return DONE;
            case 0xD9: return d9Register(reg, i);
            case 0xDA:
                if (reg <= 3) fcmov(reg, false, i);
                else if (modrm == 0xE9) compareRegs(1, 2, true); // FUCOMPP
                else return UD;
                return DONE;
            case 0xDB:
                if (reg <= 3) fcmov(reg, true, i);
                else if (reg == 4) {
                    if (i == 2) { // FNCLEX
                        f.status &= ~(X87.EXCEPTIONS | SF | X87.ES | X87.B);
                    } else if (i == 3) {
                        f.init();
                    } else if (i > 4) {
                        return UD;
                    } // FNENI FNDISI FNSETPM: no-ops since the 80287 (SDM Vol. 2 opcode map, Table A-19)
                } else if (reg == 5 || reg == 6) compareToFlags(i, reg == 5, false);
                else return UD;
                return DONE;
            case 0xDD:
                switch (reg) {
                    case 0: f.emptyMask |= 1 << f.physical(i); finish(); return DONE; // FFREE
                    case 1: fxch(i); return DONE; // FXCH4 alias
                    case 2: case 3: storeReg(i, reg == 3); return DONE;
                    case 4: case 5: compareRegs(i, reg == 5 ? 1 : 0, true); return DONE;
                    default: return UD;
                }
            default: // DF
                switch (reg) {
                    case 0: f.emptyMask |= 1 << f.physical(i); pop(); finish(); return DONE; // FFREEP
                    case 1: fxch(i); return DONE; // FXCH7 alias
                    case 2: case 3: storeReg(i, true); return DONE; // FSTP8/FSTP9 aliases
                    case 4:
                        if (i != 0) return UD;
                        c.setReg16(Reg.EAX, f.statusWord()); // FNSTSW AX
                        return DONE;
                    case 5: case 6: compareToFlags(i, reg == 5, true); return DONE;
                    default: return UD;
                }
        }
    }

    private int d9Register(int reg, int i) {
        switch (reg) {
            case 0: { // FLD ST(i)
                if (underflowed(i)) {
                    if (push()) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
                } else {
                    int p = f.physical(i);
                    int s = f.se[p];
                    long m = f.mant[p];
                    if (push()) setSt(0, s, m);
                }
                finish();
                return DONE;
            }
            case 1: fxch(i); return DONE;
            case 2: if (i != 0) return UD; finish(); return DONE; // FNOP
            case 3: storeReg(i, true); return DONE; // FSTP1 alias
            case 4: return d9Group4(i);
            case 5: return i == 7 ? UD : loadConstant(i);
            case 6: return d9Group6(i);
            default: return d9Group7(i);
        }
    }

    private int d9Group4(int i) {
        switch (i) {
            case 0: case 1: // FCHS, FABS: sign only, no exceptions but stack underflow
                if (!underflowed(0)) {
                    int p = f.physical(0);
                    f.se[p] = i == 0 ? f.se[p] ^ 0x8000 : f.se[p] & 0x7FFF;
                } else if (ar.masked(IE)) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
                finish();
                return DONE;
            case 4: { // FTST: compare with +0.0
                if (underflowed(0)) {
                    setConditions(X87Arith.UNORDERED);
                } else {
                    loadA(0);
                    X87Arith.unpackInt(ar.b, 0);
                    setConditions(ar.compare(ar.a, ar.b, false));
                }
                finish();
                return DONE;
            }
            case 5: fxam(); return DONE;
            default: return UD;
        }
    }

    private int d9Group6(int i) {
        switch (i) {
            case 0: return f2xm1();
            case 1: logarithm(false); return DONE; // FYL2X
            case 2: trig(3); return DONE; // FPTAN
            case 3: fpatan(); return DONE;
            case 4: fxtract(); return DONE;
            case 5: remainder(true); return DONE;
            case 6: f.top = f.top - 1 & 7; finish(); return DONE; // FDECSTP
            default: f.top = f.top + 1 & 7; finish(); return DONE; // FINCSTP
        }
    }

    private int d9Group7(int i) {
        switch (i) {
            case 0: remainder(false); return DONE; // FPREM
            case 1: logarithm(true); return DONE; // FYL2XP1
            case 3: trig(2); return DONE; // FSINCOS
            case 6: trig(0); return DONE; // FSIN
            case 7: trig(1); return DONE; // FCOS
            case 2: unary(0); return DONE; // FSQRT
            case 4: unary(1); return DONE; // FRNDINT
            default: fscale(); return DONE;
        }
    }

    // -------------------------------------------------------------------------------------------------
    // Memory forms

    private int memory(int op, int reg, int a, boolean op32) {
        switch (op) {
            case 0xD8: return arithMemory(reg, loadSingle(a));
            case 0xDC: return arithMemory(reg, loadDouble(a));
            case 0xDA: return arithMemory(reg, loadInt(a, 4));
            case 0xDE: return arithMemory(reg, loadInt(a, 2));
            case 0xD9:
                switch (reg) {
                    case 0: loadSingle(a); return pushLoaded();
                    case 1: return UD;
                    case 2: case 3: storeFloat(a, 4, reg == 3); return DONE;
                    case 4: loadEnv(a, op32); return DONE;
                    case 5: f.control = read16(a) & 0x1F7F | 0x40; f.updateSummary(); return DONE; // FLDCW (bit 6 reads 1)
                    case 6: storeEnv(a, op32); f.control |= X87.EXCEPTIONS; f.updateSummary(); return DONE; // FNSTENV masks all
                    default: write16(a, f.control); return DONE; // FNSTCW
                }
            case 0xDB:
                switch (reg) {
                    case 0: loadInt(a, 4); return pushLoaded();
                    case 1: storeInt(a, 4, true, true); return DONE; // FISTTP m32
                    case 2: case 3: storeInt(a, 4, reg == 3, false); return DONE;
                    case 5: {
                        int s = read16(a + 8);
                        long m = read64(a);
                        if (push()) setSt(0, s, m);
                        finish();
                        return DONE;
                    }
                    case 7: storeFloat(a, 10, true); return DONE;
                    default: return UD;
                }
            case 0xDD:
                switch (reg) {
                    case 0: loadDouble(a); return pushLoaded();
                    case 1: storeInt(a, 8, true, true); return DONE; // FISTTP m64
                    case 2: case 3: storeFloat(a, 8, reg == 3); return DONE;
                    case 4: frstor(a, op32); return DONE;
                    case 6: fnsave(a, op32); return DONE;
                    case 7: write16(a, f.statusWord()); return DONE; // FNSTSW m16
                    default: return UD;
                }
            default: // DF
                switch (reg) {
                    case 0: loadInt(a, 2); return pushLoaded();
                    case 1: storeInt(a, 2, true, true); return DONE; // FISTTP m16
                    case 2: case 3: storeInt(a, 2, reg == 3, false); return DONE;
                    case 5: loadInt(a, 8); return pushLoaded();
                    case 4: fbld(a); return DONE;
                    case 6: fbstp(a); return DONE;
                    default: storeInt(a, 8, true, false); return DONE; // FISTP m64
                }
        }
    }

    /** Unpack a memory operand into ar.b; returns the Num for chaining. */
    private X87Arith.Num loadSingle(int a) {
        X87Arith.unpackSingle(ar.b, read32(a));
        return ar.b;
    }

    private X87Arith.Num loadDouble(int a) {
        X87Arith.unpackDouble(ar.b, read64(a));
        return ar.b;
    }

    private X87Arith.Num loadInt(int a, int size) {
        long v = size == 2 ? (short) read16(a) : size == 4 ? read32(a) : read64(a);
        X87Arith.unpackInt(ar.b, v);
        return ar.b;
    }

    /** FLD m32/m64 and FILD: push ar.b; an SNaN is quieted with IE, a denormal raises DE (SDM Vol. 2 "FLD"). */
    private int pushLoaded() {
        X87Arith.Num n = ar.b;
        if (n.cls == X87Arith.SNAN) {
            ar.exc |= IE;
            n.m |= 1L << 62;
        }
        if (n.denormal) ar.exc |= DE;
        if (unmaskedNoStore()) {
            finish();
            return DONE;
        }
        if (n.cls == X87Arith.FINITE) {
            ar.roundExt(n.sign, n.exp, n.m, 0, false, 64); // exact; packs a value that is denormal in extended
        } else {
            ar.resultOf(n);
            if (n.cls == X87Arith.QNAN || n.cls == X87Arith.SNAN) ar.rSe |= 0x7FFF;
        }
        int s = ar.rSe;
        long m = ar.rM;
        if (push()) setSt(0, s, m);
        finish();
        return DONE;
    }

    private int arithMemory(int reg, X87Arith.Num y) {
        if (reg == 2 || reg == 3) {
            if (underflowed(0)) setConditions(X87Arith.UNORDERED);
            else {
                loadA(0);
                int r = ar.compare(ar.a, y, false);
                if (!unmaskedNoStore()) setConditions(r);
            }
            if (reg == 3 && !unmaskedNoStore()) pop();
            finish();
            return DONE;
        }
        if (underflowed(0)) {
            if (ar.masked(IE)) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        } else {
            loadA(0);
            ar.arith(reg, ar.a, y);
            storeResult(0);
        }
        finish();
        return DONE;
    }

    // -------------------------------------------------------------------------------------------------
    // Operations on the stack

    private void arithRegs(int reg, int dst, int i, boolean pop) {
        if (underflowed(0) | underflowed(i)) {
            if (ar.masked(IE)) setSt(dst, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        } else {
            loadA(0);
            loadB(i);
            ar.arith(reg, ar.a, ar.b); // reg 4: ST(0) - ST(i), 5: ST(i) - ST(0), 6: ST(0) / ST(i), 7: ST(i) / ST(0)
            storeResult(dst);
        }
        if (pop && !unmaskedNoStore()) pop();
        finish();
    }

    /** FCOM/FCOMP/FCOMPP and FUCOM...: {@code pops} 0, 1 or 2. */
    private void compareRegs(int i, int pops, boolean quiet) {
        if (underflowed(0) | underflowed(i)) setConditions(X87Arith.UNORDERED);
        else {
            loadA(0);
            loadB(i);
            int r = ar.compare(ar.a, ar.b, quiet);
            if (!unmaskedNoStore()) setConditions(r);
        }
        if (!unmaskedNoStore()) for (int k = 0; k < pops; k++) pop();
        finish();
    }

    /** FCOMI/FUCOMI(P): ZF PF CF as the SDM's FCOMI table; OF SF AF cleared. */
    private void compareToFlags(int i, boolean quiet, boolean pop) {
        int r = X87Arith.UNORDERED;
        if (!(underflowed(0) | underflowed(i))) {
            loadA(0);
            loadB(i);
            r = ar.compare(ar.a, ar.b, quiet);
        }
        if (!unmaskedNoStore()) {
            int flags = switch (r) {
                case X87Arith.GT -> 0;
                case X87Arith.LT -> LazyFlags.CF;
                case X87Arith.EQ -> LazyFlags.ZF;
                default -> LazyFlags.ZF | LazyFlags.PF | LazyFlags.CF;
            };
            c.setEflags(c.eflags() & ~LazyFlags.ARITH | flags);
            if (pop) pop();
        }
        f.status &= ~X87.C1;
        finish();
    }

    private void setConditions(int r) {
        int cc = switch (r) {
            case X87Arith.GT -> 0;
            case X87Arith.LT -> X87.C0;
            case X87Arith.EQ -> X87.C3;
            default -> X87.C0 | X87.C2 | X87.C3;
        };
        f.status = f.status & ~X87.CONDITION | cc;
    }

    /** FCMOVcc (SDM Vol. 2 "FCMOVcc"): B E BE U on DA, their negations on DB. */
    private void fcmov(int cond, boolean negate, int i) {
        int fl = c.eflags();
        boolean t = switch (cond) {
            case 0 -> (fl & LazyFlags.CF) != 0;
            case 1 -> (fl & LazyFlags.ZF) != 0;
            case 2 -> (fl & (LazyFlags.CF | LazyFlags.ZF)) != 0;
            default -> (fl & LazyFlags.PF) != 0;
        };
        if (underflowed(0) | underflowed(i)) {
            if (ar.masked(IE)) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        } else if (t != negate) {
            int p = f.physical(i);
            setSt(0, f.se[p], f.mant[p]);
        }
        finish();
    }

    /** FXCH: an empty operand is first given the indefinite when IE is masked (SDM Vol. 2 "FXCH"). */
    private void fxch(int i) {
        boolean e0 = f.empty(0), ei = f.empty(i);
        if (e0 || ei) {
            ar.exc |= IE | SF;
            if (!ar.masked(IE)) {
                finish();
                return;
            }
            if (e0) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
            if (ei) setSt(i, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        }
        int p = f.physical(0), q = f.physical(i);
        int s = f.se[p];
        long m = f.mant[p];
        f.se[p] = f.se[q];
        f.mant[p] = f.mant[q];
        f.se[q] = s;
        f.mant[q] = m;
        finish();
    }

    /** FST/FSTP ST(i): a register copy, no conversion. */
    private void storeReg(int i, boolean pop) {
        if (underflowed(0)) {
            if (ar.masked(IE)) setSt(i, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        } else {
            int p = f.physical(0);
            setSt(i, f.se[p], f.mant[p]);
        }
        if (pop && !unmaskedNoStore()) pop();
        finish();
    }

    /** unary 0 FSQRT (precision control applies), 1 FRNDINT. */
    private void unary(int which) {
        if (underflowed(0)) {
            if (ar.masked(IE)) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        } else {
            loadA(0);
            if (which == 0) ar.sqrt(ar.a);
            else ar.roundInt(ar.a);
            storeResult(0);
        }
        finish();
    }

    private void fscale() {
        if (underflowed(0) | underflowed(1)) {
            if (ar.masked(IE)) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
        } else {
            loadA(0);
            loadB(1);
            ar.scale(ar.a, ar.b);
            storeResult(0);
        }
        finish();
    }

    /** FXTRACT: ST(0) becomes the exponent, then the significand is pushed. */
    private void fxtract() {
        if (underflowed(0)) {
            if (ar.masked(IE)) {
                setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
                if (push()) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
            }
        } else if (!f.empty(7)) {
            push(); // stack overflow: masked, ST(0) becomes the indefinite
        } else {
            loadA(0);
            ar.extract(ar.a);
            if (!unmaskedNoStore()) {
                setSt(0, ar.xExpSe, ar.xExpM);
                if (push()) setSt(0, ar.rSe, ar.rM);
            }
        }
        finish();
    }

    /** FPREM/FPREM1: C0 C3 C1 = quotient bits Q2 Q1 Q0, C2 = reduction incomplete. */
    private void remainder(boolean ieee) {
        if (underflowed(0) | underflowed(1)) {
            if (ar.masked(IE)) setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
            finish();
            return;
        }
        loadA(0);
        loadB(1);
        ar.remainder(ar.a, ar.b, ieee);
        storeResult(0);
        if (!unmaskedNoStore()) {
            int q = ar.quotientBits;
            int cc = ((q & 4) != 0 ? X87.C0 : 0) | ((q & 2) != 0 ? X87.C3 : 0) | (ar.incomplete ? X87.C2 : 0);
            f.status = f.status & ~(X87.C0 | X87.C2 | X87.C3) | cc;
            finish();
            if ((q & 1) != 0) f.status |= X87.C1;
            return;
        }
        finish();
    }

    // -------------------------------------------------------------------------------------------------
    // Transcendentals (X87Transcendental computes; the special values are the SDM's tables for each instruction)

    private static final int INDEF_SE = X87Arith.INDEFINITE_SE;
    private static final long INDEF_M = X87Arith.INDEFINITE_MANT;

    /**
     * 0 FSIN, 1 FCOS, 2 FSINCOS (ST(0) = sine, then cosine pushed), 3 FPTAN (ST(0) = tangent, then 1.0 pushed).
     * |x| >= 2^63: C2 = 1 and nothing else changes; ±∞: invalid.
     */
    private void trig(int which) {
        boolean pushes = which >= 2;
        f.status &= ~X87.C2;
        if (underflowed(0)) {
            if (ar.masked(IE)) {
                setSt(0, INDEF_SE, INDEF_M);
                if (pushes && push()) setSt(0, INDEF_SE, INDEF_M);
            }
            finish();
            return;
        }
        if (pushes && !f.empty(7)) {
            push(); // stack overflow
            finish();
            return;
        }
        loadA(0);
        X87Arith.Num x = ar.a;
        if (x.cls == X87Arith.FINITE && x.exp >= 63) {
            f.status |= X87.C2;
            finish();
            return;
        }
        int firstSe, secondSe = 0x3FFF;
        long firstM, secondM = 1L << 63;
        if (ar.nanOrBad(x, null)) {
            firstSe = secondSe = ar.rSe;
            firstM = secondM = ar.rM;
        } else if (x.cls == X87Arith.INF) {
            ar.invalid();
            firstSe = secondSe = INDEF_SE;
            firstM = secondM = INDEF_M;
        } else if (x.cls == X87Arith.ZERO) { // sin ±0 = ±0, cos 0 = 1, tan ±0 = ±0
            firstSe = which == 1 ? 0x3FFF : x.sign << 15;
            firstM = which == 1 ? 1L << 63 : 0;
        } else {
            if (x.denormal) ar.exc |= DE;
            java.math.BigDecimal v = X87Transcendental.value(x);
            java.math.BigDecimal r = switch (which) {
                case 0, 2 -> X87Transcendental.sinCos(v, false);
                case 1 -> X87Transcendental.sinCos(v, true);
                default -> X87Transcendental.sinCos(v, false).divide(X87Transcendental.sinCos(v, true),
                        new java.math.MathContext(120));
            };
            X87Transcendental.round(ar, r);
            firstSe = ar.rSe;
            firstM = ar.rM;
            if (which == 2) {
                boolean up = ar.roundedUp && (ar.exc & X87Arith.PE) != 0;
                X87Transcendental.round(ar, X87Transcendental.sinCos(v, true));
                secondSe = ar.rSe;
                secondM = ar.rM;
                c1 |= up;
            }
        }
        if (!unmaskedNoStore()) {
            setSt(0, firstSe, firstM);
            if (pushes && push()) setSt(0, secondSe, secondM);
            c1 |= ar.roundedUp && (ar.exc & X87Arith.PE) != 0;
        }
        finish();
    }

    /**
     * The start of an instruction that puts its result in ST(1) and pops (FPATAN, FYL2X, FYL2XP1): an empty ST(0) or
     * ST(1) is stack underflow, which with IE masked leaves the indefinite in ST(1), popped. True if so: it is done.
     */
    private boolean underflowedIntoSt1() {
        if (!(underflowed(0) | underflowed(1))) return false;
        if (ar.masked(IE)) {
            setSt(1, INDEF_SE, INDEF_M);
            pop();
        }
        finish();
        return true;
    }

    /** FPATAN: ST(1) = atan2(ST(1), ST(0)), then pop; zeros and infinities as atan2 (SDM Vol. 2 "FPATAN" table). */
    private void fpatan() {
        if (underflowedIntoSt1()) return;
        loadA(0);
        loadB(1);
        X87Arith.Num x = ar.a, y = ar.b;
        if (!ar.nanOrBad(y, x)) {
            if (x.denormal || y.denormal) ar.exc |= DE;
            boolean xNeg = x.sign == 1;
            java.math.BigDecimal pi = X87Transcendental.atan2(java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE.negate());
            java.math.BigDecimal angle;
            if (x.cls == X87Arith.FINITE && y.cls == X87Arith.FINITE) {
                angle = X87Transcendental.atan2(X87Transcendental.value(y).abs(), X87Transcendental.value(x));
            } else if (y.cls == X87Arith.ZERO) {
                angle = xNeg ? pi : java.math.BigDecimal.ZERO;
            } else if (y.cls == X87Arith.INF) {
                int quarters = x.cls == X87Arith.INF ? (xNeg ? 3 : 1) : 2;
                angle = pi.multiply(java.math.BigDecimal.valueOf(quarters)).divide(java.math.BigDecimal.valueOf(4),
                        new java.math.MathContext(130));
            } else { // y finite nonzero, x zero or infinite
                angle = x.cls == X87Arith.ZERO ? pi.divide(java.math.BigDecimal.valueOf(2), new java.math.MathContext(130))
                        : xNeg ? pi : java.math.BigDecimal.ZERO;
            }
            if (angle.signum() == 0) ar.setResult(y.sign << 15, 0);
            else X87Transcendental.round(ar, y.sign == 1 ? angle.negate() : angle);
        }
        if (!unmaskedNoStore()) {
            setSt(1, ar.rSe, ar.rM);
            pop();
            c1 |= ar.roundedUp && (ar.exc & X87Arith.PE) != 0;
        }
        finish();
    }

    /** F2XM1: 2^x − 1 for −1 <= x <= +1; outside that range the SDM leaves the result undefined: not modeled. */
    private int f2xm1() {
        if (underflowed(0)) {
            if (ar.masked(IE)) setSt(0, INDEF_SE, INDEF_M);
            finish();
            return DONE;
        }
        loadA(0);
        X87Arith.Num x = ar.a;
        if (!ar.nanOrBad(x, null)) {
            if (x.cls == X87Arith.ZERO) ar.setResult(x.sign << 15, 0);
            else if (x.cls == X87Arith.INF) ar.setResult(x.sign == 1 ? 0xBFFF : 0x7FFF, 1L << 63); // -∞ -> -1
            else if (x.exp > 0 || x.exp == 0 && x.m != Long.MIN_VALUE) return NOT_MODELED;
            else {
                if (x.denormal) ar.exc |= DE;
                X87Transcendental.round(ar, X87Transcendental.twoPowMinusOne(X87Transcendental.value(x)));
            }
        }
        storeResult(0);
        finish();
        return DONE;
    }

    /** FYL2X: ST(1) = ST(1) × log2 ST(0); FYL2XP1: ST(1) = ST(1) × log2(ST(0) + 1); then pop. */
    private void logarithm(boolean plusOne) {
        if (underflowedIntoSt1()) return;
        loadA(0);
        loadB(1);
        X87Arith.Num x = ar.a, y = ar.b;
        if (!ar.nanOrBad(x, y)) {
            if (x.denormal || y.denormal) ar.exc |= DE;
            if (plusOne) log2p1(x, y);
            else log2(x, y);
        }
        if (!unmaskedNoStore()) {
            setSt(1, ar.rSe, ar.rM);
            pop();
            c1 |= ar.roundedUp && (ar.exc & X87Arith.PE) != 0;
        }
        finish();
    }

    private void log2(X87Arith.Num x, X87Arith.Num y) {
        boolean one = x.cls == X87Arith.FINITE && x.exp == 0 && x.m == Long.MIN_VALUE && x.sign == 0;
        boolean below1 = x.cls == X87Arith.FINITE && x.exp < 0;
        if (x.sign == 1 && x.cls != X87Arith.ZERO) ar.invalid(); // log of a negative number
        else if (x.cls == X87Arith.ZERO) { // log2 0 = -∞
            if (y.cls == X87Arith.ZERO) ar.invalid();
            else {
                if (y.cls == X87Arith.FINITE) ar.exc |= ZE;
                ar.setResult((y.sign ^ 1) << 15 | 0x7FFF, 1L << 63);
            }
        } else if (x.cls == X87Arith.INF) {
            if (y.cls == X87Arith.ZERO) ar.invalid();
            else ar.setResult(y.sign << 15 | 0x7FFF, 1L << 63);
        } else if (y.cls == X87Arith.INF) {
            if (one) ar.invalid();
            else ar.setResult((y.sign ^ (below1 ? 1 : 0)) << 15 | 0x7FFF, 1L << 63);
        } else if (y.cls == X87Arith.ZERO || one) {
            ar.setResult((y.sign ^ (below1 ? 1 : 0)) << 15, 0);
        } else {
            X87Transcendental.round(ar, X87Transcendental.log2(X87Transcendental.ln(x))
                    .multiply(X87Transcendental.value(y), new java.math.MathContext(130)));
        }
    }

    /** Outside x > −1, where the SDM leaves FYL2XP1 undefined, modeled as invalid (the indefinite). */
    private void log2p1(X87Arith.Num x, X87Arith.Num y) {
        boolean atOrBelowMinusOne = x.sign == 1 && (x.cls == X87Arith.INF || x.cls == X87Arith.FINITE && x.exp >= 0);
        if (atOrBelowMinusOne) ar.invalid();
        else if (x.cls == X87Arith.INF) {
            if (y.cls == X87Arith.ZERO) ar.invalid();
            else ar.setResult(y.sign << 15 | 0x7FFF, 1L << 63);
        } else if (x.cls == X87Arith.ZERO) {
            if (y.cls == X87Arith.INF) ar.invalid();
            else ar.setResult((y.sign ^ x.sign) << 15, 0);
        } else if (y.cls == X87Arith.INF) {
            ar.setResult((y.sign ^ x.sign) << 15 | 0x7FFF, 1L << 63);
        } else if (y.cls == X87Arith.ZERO) {
            ar.setResult((y.sign ^ x.sign) << 15, 0);
        } else {
            X87Transcendental.round(ar, X87Transcendental.log2(X87Transcendental.ln1p(X87Transcendental.value(x)))
                    .multiply(X87Transcendental.value(y), new java.math.MathContext(130)));
        }
    }

    /** FXAM (SDM Vol. 2 "FXAM" table): C3 C2 C0 = class, C1 = sign; never raises an exception. */
    private void fxam() {
        int p = f.physical(0);
        int cls;
        if (f.empty(0)) cls = X87.C3 | X87.C0;
        else {
            X87Arith.unpack(ar.a, f.se[p], f.mant[p]);
            cls = switch (ar.a.cls) {
                case X87Arith.BAD -> 0;
                case X87Arith.QNAN, X87Arith.SNAN -> X87.C0;
                case X87Arith.INF -> X87.C2 | X87.C0;
                case X87Arith.ZERO -> X87.C3;
                default -> ar.a.denormal ? X87.C3 | X87.C2 : X87.C2;
            };
        }
        f.status = f.status & ~X87.CONDITION | cls | ((f.se[p] & 0x8000) != 0 ? X87.C1 : 0);
    }

    /**
     * FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ: the constant rounded by RC from its exact value (SDM Vol. 2
     * "FLD1/FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2/FLDZ"; the 64-bit significands below are the round-to-nearest ones,
     * computed from the exact values, with whether nearest rounded up). No precision exception.
     */
    private int loadConstant(int i) {
        int rc = f.control >> 10 & 3;
        int s = CONST_SE[i];
        long m = CONST_M[i];
        if (CONST_NEAREST_UP[i] && (rc == 1 || rc == 3)) m--;
        else if (CONST_INEXACT[i] && !CONST_NEAREST_UP[i] && rc == 2) m++;
        if (push()) setSt(0, s, m);
        finish();
        return DONE;
    }

    // index: D9 E8+i: 1, log2(10), log2(e), pi, log10(2), ln(2), 0
    private static final int[] CONST_SE = {0x3FFF, 0x4000, 0x3FFF, 0x4000, 0x3FFD, 0x3FFE, 0};
    private static final long[] CONST_M = {1L << 63, 0xD49A784BCD1B8AFEL, 0xB8AA3B295C17F0BCL, 0xC90FDAA22168C235L,
        0x9A209A84FBCFF799L, 0xB17217F7D1CF79ACL, 0};
    private static final boolean[] CONST_NEAREST_UP = {false, false, true, true, true, true, false};
    private static final boolean[] CONST_INEXACT = {false, true, true, true, true, true, false};

    // -------------------------------------------------------------------------------------------------
    // Stores to memory

    /** FST/FSTP m32 (size 4), m64 (8), m80 (10, always FSTP). */
    private void storeFloat(int a, int size, boolean pop) {
        if (underflowed(0)) {
            if (ar.masked(IE)) {
                if (size == 4) write32(a, 0xFFC0_0000);
                else if (size == 8) write64(a, 0xFFF8_0000_0000_0000L);
                else { write64(a, X87Arith.INDEFINITE_MANT); write16(a + 8, X87Arith.INDEFINITE_SE); }
                if (pop) pop();
            }
            finish();
            return;
        }
        int p = f.physical(0);
        if (size == 10) {
            write64(a, f.mant[p]);
            write16(a + 8, f.se[p]);
            if (pop) pop();
            finish();
            return;
        }
        loadA(0);
        X87Arith.Num x = ar.a;
        long bits;
        boolean dbl = size == 8;
        switch (x.cls) {
            case X87Arith.ZERO -> bits = (long) x.sign << (dbl ? 63 : 31);
            case X87Arith.INF -> bits = dbl ? (long) x.sign << 63 | 0x7FF0_0000_0000_0000L : x.sign << 31 | 0x7F80_0000;
            case X87Arith.QNAN, X87Arith.SNAN -> {
                if (x.cls == X87Arith.SNAN) ar.exc |= IE;
                long q = x.m | 1L << 62; // quieted; the significand's top bits are kept (SDM Vol. 1 §4.8.3.5)
                bits = dbl ? (long) x.sign << 63 | 0x7FF0_0000_0000_0000L | (q << 1 >>> 12)
                           : (long) (x.sign << 31 | 0x7F80_0000 | (int) (q << 1 >>> 41));
            }
            case X87Arith.BAD -> {
                ar.exc |= IE;
                bits = dbl ? 0xFFF8_0000_0000_0000L : 0xFFC0_0000L;
            }
            default -> bits = dbl ? ar.roundDouble(x.sign, x.exp, x.m) : ar.roundSingle(x.sign, x.exp, x.m);
        }
        int unmasked = ar.exc & ~f.control & (IE | OE | UE);
        if (unmasked == 0) {
            if (dbl) write64(a, bits);
            else write32(a, (int) bits);
            if (pop) pop();
        }
        c1 = ar.roundedUp;
        finish();
    }

    /** FIST/FISTP/FISTTP to a 16-, 32- or 64-bit integer. */
    private void storeInt(int a, int size, boolean pop, boolean chop) {
        long v;
        if (underflowed(0)) v = Long.MIN_VALUE;
        else {
            loadA(0);
            v = ar.toInteger(ar.a, size * 8, chop);
        }
        if ((ar.exc & ~f.control & IE) == 0) {
            if (size == 2) write16(a, (int) v);
            else if (size == 4) write32(a, (int) v);
            else write64(a, v);
            if (pop) pop();
        }
        c1 = ar.roundedUp;
        finish();
    }

    /**
     * FBLD: 18 packed BCD digits (bytes 0-8, low digit first) and the sign in bit 7 of byte 9 (SDM Vol. 1 §4.7,
     * Table 4-4), exact. A nibble above 9 gives an undefined result in the SDM: modeled as that nibble's value.
     */
    private void fbld(int a) {
        long v = 0;
        for (int i = 8; i >= 0; i--) {
            int b = ram[a + i] & 0xFF;
            v = v * 100 + (b >> 4) * 10 + (b & 0xF);
        }
        boolean negative = (ram[a + 9] & 0x80) != 0;
        X87Arith.unpackInt(ar.b, v);
        int s = v == 0 ? 0 : ar.b.exp + X87Arith.EXP_BIAS;
        if (push()) setSt(0, (negative ? 0x8000 : 0) | s, ar.b.m);
        finish();
    }

    private static final long BCD_MAX = 999_999_999_999_999_999L;

    /** FBSTP: ST(0) rounded by RC to packed BCD, then pop; beyond 18 digits, NaN or ∞: IE and the BCD indefinite. */
    private void fbstp(int a) {
        long v = 0;
        int sign = 0;
        boolean invalid;
        if (underflowed(0)) invalid = true;
        else {
            loadA(0);
            int saved = ar.exc;
            v = ar.toInteger(ar.a, 64, false);
            sign = ar.a.sign;
            invalid = (ar.exc & IE) != 0 || v > BCD_MAX || v < -BCD_MAX;
            if (invalid) ar.exc = saved | IE;
        }
        if (!invalid || ar.masked(IE)) {
            if (invalid) { // packed BCD indefinite: FFFF C000 0000 0000 0000H
                for (int i = 0; i < 7; i++) ram[a + i] = 0;
                ram[a + 7] = (byte) 0xC0;
                ram[a + 8] = (byte) 0xFF;
                ram[a + 9] = (byte) 0xFF;
            } else {
                long m = Math.abs(v);
                for (int i = 0; i < 9; i++) {
                    int lo = (int) (m % 10);
                    m /= 10;
                    int hi = (int) (m % 10);
                    m /= 10;
                    ram[a + i] = (byte) (hi << 4 | lo);
                }
                ram[a + 9] = (byte) (sign << 7);
            }
            pop();
        }
        c1 = !invalid && ar.roundedUp && (ar.exc & X87Arith.PE) != 0;
        finish();
    }

    // -------------------------------------------------------------------------------------------------
    // Environment and state (SDM Vol. 1 §8.1.10, Figures 8-9 to 8-12 for the real-mode layouts; §8.1.11)

    /**
     * FNSTENV layout in real-address mode. 16-bit: FCW FSW FTW, FIP 15:0, FIP 19:16 in bits 15:12 with FOP in
     * 10:0, FDP 15:0, FDP 19:16 in bits 15:12. 32-bit: the same as doublewords, FIP/FDP 31:16 in bits 27:12. The
     * reserved upper halves of the 32-bit layout's words are written as FFFFH (modeled: what Bochs stores).
     */
    private void storeEnv(int a, boolean op32) {
        int fcw = f.control, fsw = f.statusWord(), ftw = f.tagWord();
        if (op32) {
            write32(a, 0xFFFF_0000 | fcw);
            write32(a + 4, 0xFFFF_0000 | fsw);
            write32(a + 8, 0xFFFF_0000 | ftw);
            write32(a + 12, 0xFFFF_0000 | f.fip & 0xFFFF);
            write32(a + 16, (f.fip >>> 16) << 12 | f.fop & 0x7FF);
            write32(a + 20, 0xFFFF_0000 | f.fdp & 0xFFFF);
            write32(a + 24, (f.fdp >>> 16) << 12);
        } else {
            write16(a, fcw);
            write16(a + 2, fsw);
            write16(a + 4, ftw);
            write16(a + 6, f.fip);
            write16(a + 8, (f.fip >>> 16 & 0xF) << 12 | f.fop & 0x7FF);
            write16(a + 10, f.fdp);
            write16(a + 12, (f.fdp >>> 16 & 0xF) << 12);
        }
    }

    private void loadEnv(int a, boolean op32) {
        if (op32) {
            f.control = read32(a) & 0x1F7F | 0x40;
            f.setStatusWord(read32(a + 4));
            f.setTagWord(read32(a + 8));
            f.fip = read32(a + 12) & 0xFFFF | (read32(a + 16) >>> 12 & 0xFFFF) << 16;
            f.fop = read32(a + 16) & 0x7FF;
            f.fdp = read32(a + 20) & 0xFFFF | (read32(a + 24) >>> 12 & 0xFFFF) << 16;
        } else {
            f.control = read16(a) & 0x1F7F | 0x40;
            f.setStatusWord(read16(a + 2));
            f.setTagWord(read16(a + 4));
            f.fip = read16(a + 6) | (read16(a + 8) >>> 12) << 16;
            f.fop = read16(a + 8) & 0x7FF;
            f.fdp = read16(a + 10) | (read16(a + 12) >>> 12) << 16;
        }
        f.updateSummary();
    }

    /** FNSAVE: the environment, then ST(0)..ST(7) as 10-byte values, then FNINIT (SDM Vol. 2 "FSAVE/FNSAVE"). */
    private void fnsave(int a, boolean op32) {
        storeEnv(a, op32);
        int regs = a + (op32 ? 28 : 14);
        for (int i = 0; i < 8; i++) {
            int p = f.physical(i);
            write64(regs + 10 * i, f.mant[p]);
            write16(regs + 10 * i + 8, f.se[p]);
        }
        f.init();
    }

    private void frstor(int a, boolean op32) {
        loadEnv(a, op32);
        int regs = a + (op32 ? 28 : 14);
        for (int i = 0; i < 8; i++) {
            int p = f.physical(i);
            f.mant[p] = read64(regs + 10 * i);
            f.se[p] = read16(regs + 10 * i + 8);
        }
    }

    // -------------------------------------------------------------------------------------------------
    // Stack and result plumbing

    private void loadA(int i) {
        int p = f.physical(i);
        X87Arith.unpack(ar.a, f.se[p], f.mant[p]);
    }

    private void loadB(int i) {
        int p = f.physical(i);
        X87Arith.unpack(ar.b, f.se[p], f.mant[p]);
    }

    /** Reading an empty register: stack underflow, IE and SF with C1 = 0 (SDM Vol. 1 §8.5.1.1). */
    private boolean underflowed(int i) {
        if (!f.empty(i)) return false;
        ar.exc |= IE | SF;
        return true;
    }

    /** Decrement TOP for a push; a non-empty ST(7) is a stack overflow: IE SF C1=1, masked the indefinite is pushed. */
    private boolean push() {
        if (!f.empty(7)) {
            ar.exc |= IE | SF;
            c1 = true;
            if (!ar.masked(IE)) return false;
            f.top = f.top - 1 & 7;
            setSt(0, X87Arith.INDEFINITE_SE, X87Arith.INDEFINITE_MANT);
            return false;
        }
        f.top = f.top - 1 & 7;
        return true;
    }

    private void pop() {
        f.emptyMask |= 1 << f.physical(0);
        f.top = f.top + 1 & 7;
    }

    private void setSt(int i, int s, long m) {
        int p = f.physical(i);
        f.se[p] = s & 0xFFFF;
        f.mant[p] = m;
        f.emptyMask &= ~(1 << p);
    }

    /** An unmasked invalid, zero-divide or denormal exception: the destination and stack stay as they were. */
    private boolean unmaskedNoStore() {
        return (ar.exc & ~f.control & (IE | ZE | DE)) != 0;
    }

    private void storeResult(int dst) {
        if (!unmaskedNoStore()) setSt(dst, ar.rSe, ar.rM);
        c1 |= ar.roundedUp && (ar.exc & X87Arith.PE) != 0;
    }

    /** Merge the instruction's exception flags (sticky), C1, and ES/B. */
    private void finish() {
        f.status |= ar.exc;
        f.status = f.status & ~X87.C1 | (c1 ? X87.C1 : 0);
        f.updateSummary();
    }

    // -------------------------------------------------------------------------------------------------
    // RAM (the interpreter checked the segment limit and that the whole operand lies in RAM)

    private int read16(int a) {
        return ram[a] & 0xFF | (ram[a + 1] & 0xFF) << 8;
    }

    private int read32(int a) {
        return read16(a) | read16(a + 2) << 16;
    }

    private long read64(int a) {
        return read32(a) & 0xFFFF_FFFFL | (long) read32(a + 4) << 32;
    }

    private void write16(int a, int v) {
        ram[a] = (byte) v;
        ram[a + 1] = (byte) (v >>> 8);
    }

    private void write32(int a, int v) {
        write16(a, v);
        write16(a + 2, v >>> 16);
    }

    private void write64(int a, long v) {
        write32(a, (int) v);
        write32(a + 4, (int) (v >>> 32));
    }
}
