package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.X87Run.DATA;
import static org.kvmworkbench.core.cpu.X87Run.cat;
import static org.kvmworkbench.core.cpu.X87Run.mem;
import static org.kvmworkbench.core.cpu.X87Run.op;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FSIN FCOS FPTAN FSINCOS FPATAN F2XM1 FYL2X FYL2XP1 (SDM Vol. 2 pages of the same names): correctly rounded
 * (round to nearest) double extended results. The expected bit patterns were computed independently with mpmath at
 * 300 bits and rounded to 64 bits by hand; random arguments are also checked against java.lang.Math.
 */
class X87TranscendentalTest {
    private static final int X = DATA, Y = DATA + 8, OUT = DATA + 16;

    /** fld qword [Y] ; fld qword [X] ; <op> : ST(0) = x, ST(1) = y */
    private static X87Run run(int modrm, double x, double y) {
        X87Run r = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, Y), mem(0xDD, 0, X), op(0xD9, modrm)));
        r.d(X, x).d(Y, y).run(4);
        return r;
    }

    @ParameterizedTest(name = "D9 {0} x={1} y={2}")
    @CsvSource({
        "FE, 1, 0, 0, 3FFE:D76AA47848677021",        // fsin 1
        "FF, 1, 0, 0, 3FFE:8A51407DA8345C92",        // fcos 1
        "F2, 1, 0, 1, 3FFF:C75922E5F71D2DC5",        // fptan 1: tangent in ST(1), 1.0 pushed
        "FE, 1e18, 0, 0, BFFE:FE333CC682E96D39",     // fsin 1e18 (exact reduction)
        "F3, 1, 1, 0, 3FFE:C90FDAA22168C235",        // fpatan: atan2(1, 1) = pi/4
        "F3, -2, 1, 0, 4000:AB63739CBFAD72CC",       // atan2(1, -2)
        "F0, 0.5, 0, 0, 3FFD:D413CCCFE7799211",      // f2xm1 0.5 = sqrt(2) - 1
        "F0, -1e-10, 0, 0, BFDD:986CB7A0F3AFEF10",   // f2xm1 near 0: no cancellation
        "F1, 10, 1, 0, 4000:D49A784BCD1B8AFE",       // fyl2x: 1 * log2 10
        "F1, 8, 1, 0, 4000:C000000000000000",        // log2 8 = 3, exact
        "F9, 0.5, 3, 0, 3FFF:E0A02756F9C1CB6F"})     // fyl2xp1: 3 * log2 1.5
    void correctlyRoundedResults(String modrm, double x, double y, int stackIndex, String expected) {
        X87Run r = run(Integer.parseInt(modrm, 16), x, y);
        assertEquals(expected, r.st(stackIndex));
        boolean exact = expected.equals("4000:C000000000000000");
        assertEquals(exact ? 0 : 0x20, r.sw() & 0x3F, "PE for inexact results only");
    }

    /** fninit ; fld qword [X] ; <op> with ST(1) empty: stack underflow (IE, SF), the indefinite in ST(1), popped. */
    @ParameterizedTest(name = "D9 {0}")
    @CsvSource({"F3", "F1", "F9"}) // FPATAN, FYL2X, FYL2XP1
    void anEmptySt1IsStackUnderflowAndTheIndefiniteIsLeftPopped(String modrm) {
        X87Run r = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, X), op(0xD9, Integer.parseInt(modrm, 16))));
        r.d(X, 2).run(3);
        assertEquals("FFFF:C000000000000000", r.st(0), "the indefinite, now on top");
        assertEquals(0x41, r.sw() & 0x41, "IE and SF");
        assertEquals(0, r.sw() & X87.C1, "C1 = 0: underflow, not overflow");
        assertEquals(0, (r.sw() >> 11) & 7, "popped: TOP from 7 (after the load) to 0, the old ST(1)");
    }

    @Test
    void fptanPushesOneAndFsincosPushesTheCosine() {
        X87Run t = run(0xF2, 1, 0);
        assertEquals("3FFF:8000000000000000", t.st(0));
        X87Run sc = run(0xFB, 1, 0);
        assertEquals("3FFE:8A51407DA8345C92", sc.st(0), "cosine on top");
        assertEquals("3FFE:D76AA47848677021", sc.st(1), "sine below");
    }

    @Test
    void sinOfPiIsTheErrorOfPi() {
        X87Run r = new X87Run(op(0xDB, 0xE3, 0xD9, 0xEB, 0xD9, 0xFE)); // fldpi ; fsin
        r.run(3);
        assertEquals("BFBE:ECE675D1FC8F8CBB", r.st(0));
    }

    @Test
    void argumentsOfTwoToThe63AndBeyondSetC2AndLeaveTheStack() {
        X87Run r = run(0xFE, 0x1p63, 0);
        assertEquals(X87.C2, r.sw() & X87.C2);
        assertEquals("403E:8000000000000000", r.st(0), "unchanged");
        X87Run ok = run(0xFE, 0x1p62, 0);
        assertEquals(0, ok.sw() & X87.C2);
    }

    @Test
    void specialValues() {
        assertEquals("FFFF:C000000000000000", run(0xFE, Double.POSITIVE_INFINITY, 0).st(0), "sin inf: invalid");
        assertEquals("8000:0000000000000000", run(0xFE, -0.0, 0).st(0), "sin -0 = -0");
        assertEquals("3FFF:8000000000000000", run(0xFF, 0.0, 0).st(0), "cos 0 = 1");
        X87Run z = run(0xF1, 0, 2); // 2 * log2 0
        assertEquals("FFFF:8000000000000000", z.st(0), "-inf");
        assertEquals(4, z.sw() & 0x3F, "ZE");
        assertEquals("FFFF:C000000000000000", run(0xF1, -1, 2).st(0), "log of a negative: invalid");
        assertEquals("C000:C90FDAA22168C235", run(0xF3, -1, -0.0).st(0), "atan2(-0, -1) = -pi");
        assertEquals("BFFF:8000000000000000", run(0xF0, Double.NEGATIVE_INFINITY, 0).st(0), "f2xm1 -inf = -1");
    }

    @Test
    void f2xm1OutsideItsDomainStopsTheRun() {
        X87Run r = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, X), op(0xD9, 0xF0)));
        r.d(X, 1.5).run(2);
        assertEquals(CpuExit.Kind.UNSUPPORTED, r.g.exit().kind);
    }

    @Test
    void randomArgumentsAgreeWithJavaMath() {
        X87Run r = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, X), op(0xD9, 0xFE), mem(0xDD, 3, OUT),
                mem(0xDD, 0, X), op(0xD9, 0xFF), mem(0xDD, 3, OUT + 8), mem(0xDD, 0, X), op(0xD9, 0xE8, 0xD9, 0xF3),
                mem(0xDD, 3, OUT + 16)));
        Random rnd = new Random(87);
        for (int i = 0; i < 150; i++) {
            double x = (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(24) - 8);
            r.fresh().d(X, x).run(11);
            assertClose(Math.sin(x), r.d(OUT), "sin " + x);
            assertClose(Math.cos(x), r.d(OUT + 8), "cos " + x);
            assertClose(Math.atan2(x, 1), r.d(OUT + 16), "atan2(x, 1) " + x); // ST(1) = x, ST(0) = 1
        }
    }

    /** Java's Math is within 1 ulp, the x87 result (rounded twice) within half an ulp and a bit: 2 ulps apart at most. */
    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 2 * Math.ulp(expected), what + ": " + expected + " vs " + actual);
    }
}
