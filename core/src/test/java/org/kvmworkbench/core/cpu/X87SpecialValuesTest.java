package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.STACK;
import static org.kvmworkbench.core.cpu.X87Run.DATA;
import static org.kvmworkbench.core.cpu.X87Run.cat;
import static org.kvmworkbench.core.cpu.X87Run.mem;
import static org.kvmworkbench.core.cpu.X87Run.op;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Special values and exceptions (SDM Vol. 1 §4.8.3, §8.5 masked responses, Table 4-7 NaN results; Vol. 2 special-
 * value tables of FADD FMUL FDIV FSQRT FPREM FSCALE FXTRACT FRNDINT), and the unmasked path: #MF at the next
 * waiting instruction with CR0.NE = 1, a run stop with NE = 0.
 */
class X87SpecialValuesTest {
    private static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20;

    /** fld qword [B] ; fld qword [A] ; <reg-form op> ; fstp qword [OUT]: ST(0) = A, ST(1) = B. */
    private static X87Run twoOperands(double a, double b, int opcode, int modrm) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA + 8), mem(0xDD, 0, DATA), op(opcode, modrm),
                mem(0xDD, 3, DATA + 16)));
        x.d(DATA, a).d(DATA + 8, b).run(5);
        return x;
    }

    @ParameterizedTest(name = "{0} {2} {1}")
    @CsvSource({
        "0, 0, fdiv, FFF8000000000000, 1", "1, 0, fdiv, 7FF0000000000000, 4", "-1, 0, fdiv, FFF0000000000000, 4",
        "Infinity, -Infinity, fadd, FFF8000000000000, 1", "Infinity, 0, fmul, FFF8000000000000, 1",
        "Infinity, Infinity, fdiv, FFF8000000000000, 1", "NaN, 0, fdiv, 7FF8000000000000, 0",
        "1, Infinity, fdiv, 0000000000000000, 0", "-0.0, 0, fadd, 0000000000000000, 0",
        "-0.0, -0.0, fadd, 8000000000000000, 0", "1, 1, fsub, 0000000000000000, 0"})
    void specialValues(double a, double b, String opName, String expectedHex, int exceptions) {
        int modrm = switch (opName) {
            case "fadd" -> 0xC1;
            case "fmul" -> 0xC9;
            case "fsub" -> 0xE1;
            default -> 0xF1;
        };
        X87Run x = twoOperands(a, b, 0xD8, modrm);
        assertEquals(Long.parseUnsignedLong(expectedHex, 16), x.m64(DATA + 16));
        assertEquals(exceptions, x.sw() & 0x3F);
    }

    @Test
    void exactZeroDifferenceIsMinusZeroWhenRoundingDown() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, DATA + 0x20), mem(0xDD, 0, DATA), mem(0xDC, 4, DATA),
                mem(0xDD, 3, DATA + 16)));
        x.w16(DATA + 0x20, 0x077F).d(DATA, 3.0).run(5);
        assertEquals(0x8000_0000_0000_0000L, x.m64(DATA + 16));
    }

    @Test
    void twoNansGiveTheLargerSignificandQuieted() {
        X87Run x = twoOperands(Double.longBitsToDouble(0x7FF0_0000_0000_0001L), Double.longBitsToDouble(0x7FF8_0000_0000_0002L),
                0xD8, 0xC1);
        assertEquals(0x7FF8_0000_0000_0002L, x.m64(DATA + 16), "a QNaN wins over an SNaN");
        assertEquals(IE, x.sw() & 0x3F, "the SNaN (quieted when loaded) raised IE once");
    }

    @Test
    void sqrtOfNegativeIsInvalidAndOfMinusZeroIsMinusZero() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), op(0xD9, 0xFA), mem(0xDD, 3, DATA + 16)));
        x.d(DATA, -4).run(4);
        assertEquals(0xFFF8_0000_0000_0000L, x.m64(DATA + 16));
        assertEquals(IE, x.sw() & 0x3F);
        x.fresh().d(DATA, -0.0).run(4);
        assertEquals(0x8000_0000_0000_0000L, x.m64(DATA + 16));
    }

    @Test
    void maskedOverflowAndUnderflowOfAStoreToDouble() {
        // fld tword [T] ; fstp qword [OUT]: 2^2000 overflows a double, 2^-1080 underflows to a denormal/zero
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDB, 5, DATA), mem(0xDD, 3, DATA + 16)));
        x.w64(DATA, 1L << 63).w16(DATA + 8, 16383 + 2000).run(3);
        assertEquals(0x7FF0_0000_0000_0000L, x.m64(DATA + 16));
        assertEquals(OE | PE, x.sw() & 0x3F);
        assertEquals(X87.C1, x.sw() & X87.C1, "rounded up to infinity");
        x.fresh().w64(DATA, 3L << 62).w16(DATA + 8, 16383 - 1074).run(3); // 1.5 * 2^-1074: ties to even -> 2^-1073
        assertEquals(2, x.m64(DATA + 16));
        assertEquals(UE | PE, x.sw() & 0x3F);
    }

    @Test
    void denormalOperandRaisesDe() {
        X87Run x = twoOperands(Double.MIN_VALUE, 1, 0xD8, 0xC9); // denormal * 1
        assertEquals(Double.doubleToRawLongBits(Double.MIN_VALUE), x.m64(DATA + 16));
        assertEquals(DE, x.sw() & 0x3F);
    }

    @ParameterizedTest(name = "fprem {0} rem {1}")
    @CsvSource({"7, 3, 1, 0, 2", "-7, 3, -1, 0, 2", "10, 2.5, 0, 0, 4", "5.5, 1, 0.5, 0, 5"})
    void fpremGivesTheTruncatedRemainderAndQuotientBits(double a, double b, double r, int c2, int q) {
        X87Run x = twoOperands(a, b, 0xD9, 0xF8);
        assertEquals(r, x.d(DATA + 16));
        int sw = x.fresh().run(4).sw(); // before the FSTP, which sets C1 again
        int bits = ((sw & X87.C0) != 0 ? 4 : 0) | ((sw & X87.C3) != 0 ? 2 : 0) | ((sw & X87.C1) != 0 ? 1 : 0);
        assertEquals(q & 7, bits, "C0 C3 C1 = Q2 Q1 Q0");
        assertEquals(c2, (sw & X87.C2) != 0 ? 1 : 0);
    }

    @Test
    void fprem1RoundsTheQuotientToNearest() {
        X87Run x = twoOperands(7, 2, 0xD9, 0xF5); // 7/2 = 3.5 -> 4 (even): remainder -1
        assertEquals(-1.0, x.d(DATA + 16));
        X87Run y = twoOperands(5, 2, 0xD9, 0xF5); // 2.5 -> 2: remainder 1
        assertEquals(1.0, y.d(DATA + 16));
    }

    @Test
    void fpremWithAHugeExponentDifferenceIsPartial() {
        X87Run x = twoOperands(0x1p100, 3, 0xD9, 0xF8);
        assertEquals(X87.C2, x.sw() & X87.C2, "reduction incomplete");
        assertTrue(x.d(DATA + 16) < 0x1p100 && x.d(DATA + 16) >= 0);
        assertEquals(0x1p100 % 3, reduceFully(0x1p100, 3));
    }

    private static double reduceFully(double a, double b) {
        // FPREM in a loop until C2 = 0, as the SDM's example code does
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA + 8), mem(0xDD, 0, DATA), op(0xD9, 0xF8)));
        x.d(DATA, a).d(DATA + 8, b).run(4);
        for (int i = 0; i < 10 && (x.sw() & X87.C2) != 0; i++) {
            x.g.cpu.eip = CODE + 10;
            x.g.run(1);
        }
        int p = x.f.physical(0);
        return new X87Run(cat(op(0xDB, 0xE3), mem(0xDB, 5, DATA + 0x40), mem(0xDD, 3, DATA + 0x50)))
                .w64(DATA + 0x40, x.f.mant[p]).w16(DATA + 0x48, x.f.se[p]).run(3).d(DATA + 0x50);
    }

    @Test
    void fscaleFxtractAndFrndint() {
        X87Run s = twoOperands(3, 4.9, 0xD9, 0xFD); // 3 * 2^trunc(4.9) = 48
        assertEquals(48.0, s.d(DATA + 16));
        X87Run r = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), op(0xD9, 0xFC), mem(0xDD, 3, DATA + 16)));
        r.d(DATA, -2.5).run(4);
        assertEquals(-2.0, r.d(DATA + 16));
        assertEquals(PE, r.sw() & 0x3F);
        X87Run e = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), op(0xD9, 0xF4), mem(0xDD, 3, DATA + 16),
                mem(0xDD, 3, DATA + 24)));
        e.d(DATA, -40.0).run(5);
        assertEquals(-1.25, e.d(DATA + 16), "significand");
        assertEquals(5.0, e.d(DATA + 24), "exponent");
    }

    @Test
    void unmaskedZeroDivideLeavesStAndRaisesMfAtTheNextWaitingInstruction() {
        // fldcw [CW] (ZE unmasked) ; fld1 ; fldz ; fdivp st1 ; fnstsw ax ; fwait
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, DATA), op(0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9,
                0xDF, 0xE0, 0x9B)));
        x.g.ivt(16, 0, 0x5000).load(0x5000, 0xF4);
        x.g.cpu.cr0 |= Cpu.CR0_NE;
        x.w16(DATA, 0x037B).run(6);
        assertEquals(ZE | X87.ES | X87.B, x.g.r16(Guest.AX) & (0x3F | X87.ES | X87.B), "FNSTSW does not wait");
        assertEquals(6, x.f.top, "FDIVP did not pop: unmasked ZE leaves the stack");
        assertEquals(0x5000, x.g.exit(CpuExit.Kind.HLT).ip, "WAIT delivered #MF (vector 16)");
        assertEquals(CODE + 14, x.g.m16(STACK - 6), "the faulting WAIT's IP is pushed");
    }

    @Test
    void unmaskedExceptionWithNeClearStopsTheRun() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, DATA), op(0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0xD9, 0xE8)));
        x.w16(DATA, 0x037B).run(5);
        CpuExit e = x.g.exit(CpuExit.Kind.UNSUPPORTED);
        assertEquals(CODE + 12, e.ip);
        assertTrue(e.detail.english().contains("FERR#"), e.detail.english());
        x.fresh();
        assertEquals(CpuExit.Kind.NONE, x.g.in.run(1).kind, "after FNINIT nothing is pending");
    }

    @Test
    void fnclexClearsThePendingException() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, DATA), op(0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9,
                0xDB, 0xE2, 0x9B, 0xD9, 0xE8)));
        x.w16(DATA, 0x037B).run(8);
        assertEquals(0, x.sw() & (0xFF | X87.B));
    }

    @Test
    void fbstpStoresPackedBcdAndFbldLoadsIt() {
        // fld qword [A] ; fbstp [B] ; fbld [B] ; fstp qword [C]
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), mem(0xDF, 6, DATA + 16), mem(0xDF, 4, DATA + 16),
                mem(0xDD, 3, DATA + 32)));
        x.d(DATA, -123456789012.5).run(5);
        assertEquals(0x1234_5678_9012L, x.m64(DATA + 16), "digits of 123456789012 (RC nearest: .5 to even)");
        assertEquals(0x8000, x.m16(DATA + 24), "sign in bit 79");
        assertEquals(-123456789012.0, x.d(DATA + 32));
        assertEquals(0x20, x.sw() & 0x3F, "PE from the rounding");
        x.fresh().d(DATA, 1e18).run(3);
        assertEquals(0xC000_0000_0000_0000L, x.m64(DATA + 16), "10^18 has 19 digits: the packed BCD indefinite");
        assertEquals(0xFFFF, x.m16(DATA + 24));
        assertEquals(1, x.sw() & 0x3F, "IE");
    }

    @Test
    void reservedFormsRaiseUd() {
        X87Run x = new X87Run(op(0xD9, 0xD1));
        x.g.ivt(6, 0, 0x5000).load(0x5000, 0xF4);
        assertEquals(0x5000, x.g.exit(CpuExit.Kind.HLT).ip);
        X87Run y = new X87Run(mem(0xD9, 1, DATA));
        y.g.ivt(6, 0, 0x5000).load(0x5000, 0xF4);
        assertEquals(0x5000, y.g.exit(CpuExit.Kind.HLT).ip);
    }

    @Test
    void anOperandBeyondTheSegmentLimitRaisesGpBeforeAnyByteIsWritten() {
        // fld1 ; fstp qword [0xFFFC]: bytes FFFC..10003 cross the 64 KiB limit
        X87Run x = new X87Run(cat(op(0xD9, 0xE8), mem(0xDD, 3, 0xFFFC)));
        x.g.ivt(13, 0, 0x5000).load(0x5000, 0xF4);
        assertEquals(0x5000, x.g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(0, x.m32(0xFFFC));
        assertEquals(7, x.f.top, "not popped");
    }
}
