package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.X87Run.DATA;
import static org.kvmworkbench.core.cpu.X87Run.cat;
import static org.kvmworkbench.core.cpu.X87Run.mem;
import static org.kvmworkbench.core.cpu.X87Run.op;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loads, stores, constants and stack operations (SDM Vol. 2 "FLD", "FST/FSTP", "FILD", "FIST/FISTP", "FISTTP",
 * "FLD1/FLDL2T/...", "FXCH", "FCMOVcc", "FFREE", "FINCSTP", "FDECSTP"; stack faults Vol. 1 §8.5.1.1).
 */
class X87DataMoveTest {
    private static final int CW = DATA + 0x40;
    private static final int IE = 1, SF = 0x40, PE = 0x20;

    @ParameterizedTest(name = "D9 {0} with RC {1}")
    @CsvSource({
        "E8, 0, 3FFF:8000000000000000", "E8, 1, 3FFF:8000000000000000",
        "EB, 0, 4000:C90FDAA22168C235", "EB, 1, 4000:C90FDAA22168C234", "EB, 2, 4000:C90FDAA22168C235",
        "EB, 3, 4000:C90FDAA22168C234",
        "E9, 0, 4000:D49A784BCD1B8AFE", "E9, 2, 4000:D49A784BCD1B8AFF", "E9, 3, 4000:D49A784BCD1B8AFE",
        "EA, 0, 3FFF:B8AA3B295C17F0BC", "EA, 1, 3FFF:B8AA3B295C17F0BB",
        "EC, 0, 3FFD:9A209A84FBCFF799", "EC, 3, 3FFD:9A209A84FBCFF798",
        "ED, 0, 3FFE:B17217F7D1CF79AC", "ED, 1, 3FFE:B17217F7D1CF79AB", "EE, 2, 0000:0000000000000000"})
    void constantsAreRoundedByRc(String modrm, int rc, String expected) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, CW), op(0xD9, Integer.parseInt(modrm, 16))));
        x.w16(CW, 0x037F | rc << 10).run(3);
        assertEquals(expected, x.st(0));
        assertEquals(7, x.f.top);
        assertEquals(0, x.sw() & 0x3F, "no precision exception for constants");
    }

    @Test
    void doublesAndSinglesRoundTripAndConvert() {
        // fld qword [A] ; fst dword [S] ; fstp tword [T] ; fld tword [T] ; fstp qword [B]
        int a = DATA, s = DATA + 8, t = DATA + 0x10, b = DATA + 0x20;
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, a), mem(0xD9, 2, s), mem(0xDB, 7, t),
                mem(0xDB, 5, t), mem(0xDD, 3, b)));
        x.d(a, 0.1).run(6);
        assertEquals(Double.doubleToRawLongBits(0.1), x.m64(b));
        assertEquals(Float.floatToRawIntBits(0.1f), x.m32(s), "FST m32 rounds to nearest");
        assertEquals(0xCCCC_CCCC_CCCC_D000L, x.m64(t), "0.1 as double, widened exactly");
        assertEquals(0x3FFB, x.m16(t + 8));
        assertEquals(PE, x.sw() & 0x3F, "only the m32 store was inexact");
        assertEquals(0, x.f.top);
        assertEquals(0xFF, x.f.emptyMask);
    }

    @Test
    void denormalDoubleLoadsExactlyWithDe() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA)));
        x.w64(DATA, 1).run(2); // the smallest double denormal, 2^-1074: a normal double extended value
        assertEquals(String.format("%04X:8000000000000000", 16383 - 1074), x.st(0));
        assertEquals(2, x.sw() & 0x3F, "DE");
    }

    @Test
    void snanLoadIsQuietedWithIe() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA)));
        x.w64(DATA, 0x7FF0_0000_0000_0001L).run(2);
        assertEquals("7FFF:C000000000000800", x.st(0));
        assertEquals(IE, x.sw() & 0x7F);
    }

    @ParameterizedTest(name = "{0} with RC {1} -> {2}")
    @CsvSource({"2.5, 0, 2", "3.5, 0, 4", "-2.5, 0, -2", "2.5, 1, 2", "-2.5, 1, -3", "2.5, 2, 3", "-2.5, 3, -2",
        "-0.75, 2, 0", "32767.4, 0, 32767", "-32768.0, 0, -32768"})
    void fistRoundsByRc(double v, int rc, int expected) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, CW), mem(0xDD, 0, DATA), mem(0xDF, 3, DATA + 8)));
        x.w16(CW, 0x037F | rc << 10).d(DATA, v).run(4);
        assertEquals(expected & 0xFFFF, x.m16(DATA + 8));
        assertEquals(v != Math.rint(v) ? PE : 0, x.sw() & 0x3F);
    }

    @Test
    void fistOutOfRangeStoresTheIntegerIndefinite() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), mem(0xDF, 3, DATA + 8),
                mem(0xDD, 0, DATA), mem(0xDB, 3, DATA + 12)));
        x.d(DATA, 32768.0).run(3);
        assertEquals(0x8000, x.m16(DATA + 8));
        assertEquals(IE, x.sw() & 0x3F, "IE, not PE");
        x.d(DATA, Double.NaN).run(5);
        assertEquals(0x8000_0000, x.m32(DATA + 12));
    }

    @Test
    void fisttpChopsAndFildLoadsEverySize() {
        // fld qword [A] ; fisttp word [W] ; fild qword [Q] ; fistp dword [D] ; fild word [W]
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), mem(0xDF, 1, DATA + 8), mem(0xDF, 5, DATA + 16),
                mem(0xDB, 3, DATA + 24), mem(0xDF, 0, DATA + 8)));
        x.w16(CW, 0).d(DATA, -7.9).w64(DATA + 16, -123456789L).run(6);
        assertEquals(-7 & 0xFFFF, x.m16(DATA + 8));
        assertEquals(-123456789, x.m32(DATA + 24));
        assertEquals("C001:E000000000000000", x.st(0), "-7 from FILD m16");
        X87Run y = new X87Run(cat(op(0xDB, 0xE3), mem(0xDF, 5, DATA), mem(0xDF, 7, DATA + 8)));
        y.w64(DATA, Long.MIN_VALUE).run(3);
        assertEquals(Long.MIN_VALUE, y.m64(DATA + 8), "-2^63 round-trips through FISTP m64");
        assertEquals(0, y.sw() & 0x3F);
    }

    @Test
    void ninthPushIsAStackOverflowThatLoadsTheIndefinite() {
        int[] code = op(0xDB, 0xE3);
        for (int i = 0; i < 9; i++) code = cat(code, op(0xD9, 0xE8));
        X87Run x = new X87Run(code);
        x.run(10);
        assertEquals("FFFF:C000000000000000", x.st(0));
        assertEquals(IE | SF | X87.C1, x.sw() & (0x7F | X87.C1));
        assertEquals(7, x.f.top, "TOP wrapped to 7 after nine pushes");
    }

    @Test
    void popFromEmptyIsAStackUnderflowWithC1Clear() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 3, DATA)));
        x.run(2);
        assertEquals(0xFFF8_0000_0000_0000L, x.m64(DATA), "the indefinite is stored");
        assertEquals(IE | SF, x.sw() & (0x7F | X87.C1));
    }

    @Test
    void fxchFcmovFfreeAndStackPointerMoves() {
        // fld1 ; fldz ; fxch st1 ; fcmove st0, st1 (ZF=1) ; ffree st1 ; fincstp ; fdecstp
        X87Run x = new X87Run(op(0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xD9, 0xC9, 0xDA, 0xC9, 0xDD, 0xC1, 0xD9, 0xF7,
                0xD9, 0xF6));
        x.g.flags(LazyFlags.ZF);
        x.run(4);
        assertEquals("3FFF:8000000000000000", x.st(0));
        assertEquals("0000:0000000000000000", x.st(1));
        x.run(5);
        assertEquals("0000:0000000000000000", x.st(0), "FCMOVE with ZF=1 copied ST(1)");
        x.run(6);
        assertTrue(x.f.empty(1));
        x.run(8);
        assertEquals(6, x.f.top);
        assertEquals(0, x.sw() & X87.C1);
    }

    @Test
    void fcmovWithFalseConditionKeepsSt0() {
        X87Run x = new X87Run(op(0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDB, 0xC1)); // fld1 ; fldz ; fcmovnb st0,st1
        x.g.flags(LazyFlags.CF);
        x.run(4);
        assertEquals("0000:0000000000000000", x.st(0));
    }

    @Test
    void fldStiDuplicatesAndFstpStiPops() {
        X87Run x = new X87Run(op(0xDB, 0xE3, 0xD9, 0xEB, 0xD9, 0xC0, 0xD9, 0xE1, 0xDD, 0xD9)); // fldpi fld st0 fabs fstp st1
        x.run(5);
        assertEquals("4000:C90FDAA22168C235", x.st(0));
        assertEquals(7, x.f.top);
    }
}
