package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.X87Run.DATA;
import static org.kvmworkbench.core.cpu.X87Run.cat;
import static org.kvmworkbench.core.cpu.X87Run.mem;
import static org.kvmworkbench.core.cpu.X87Run.op;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * FADD FSUB FMUL FDIV FSQRT against an independent oracle: with PC = 53 bits the x87 result stored to m64 is
 * Java's double arithmetic bit for bit (both are IEEE 754 correctly rounded, SDM Vol. 1 §4.8.4, §8.1.5.2), and
 * with PC = 24 it is float arithmetic. Directed rounding is checked against the exact error of the nearest
 * result (TwoSum / FMA). Operands are random doubles of moderate exponent (seeded), so double rounding by the
 * final FSTP cannot occur.
 */
class X87ArithmeticTest {
    private static final int CW = DATA + 0x20, A = DATA, B = DATA + 8, OUT = DATA + 0x10;
    private static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    /** fldcw [CW] ; fld qword [A] ; <op> qword [B] (or fsqrt) ; fstp qword [OUT] */
    private static X87Run program(int reg) {
        int[] opBytes = reg < 0 ? op(0xD9, 0xFA) : mem(0xDC, reg, B);
        return new X87Run(cat(mem(0xD9, 5, CW), mem(0xDD, 0, A), opBytes, mem(0xDD, 3, OUT)));
    }

    private static double randomDouble(Random r) {
        double m = (1 + r.nextDouble()) * Math.scalb(1.0, 100 * (r.nextInt(3) - 1));
        int e = r.nextInt(42) - 21;
        return (r.nextBoolean() ? -1 : 1) * Math.scalb(m, e) + (r.nextInt(8) == 0 ? Math.scalb(r.nextLong(), e - 70) : 0);
    }

    private static float randomFloat(Random r) {
        return (r.nextBoolean() ? -1 : 1) * Math.scalb(1 + r.nextFloat(), r.nextInt(60) - 30);
    }

    private static double javaOp(int reg, double a, double b) {
        return switch (reg) {
            case 0 -> a + b;
            case 1 -> a * b;
            case 4 -> a - b;
            case 5 -> b - a;
            case 6 -> a / b;
            case 7 -> b / a;
            default -> Math.sqrt(Math.abs(a));
        };
    }

    /** Sign of (exact result − nearest double r): 1, -1 or 0. */
    private static int errorSign(int reg, double a, double b, double r) {
        switch (reg) {
            case 0: case 4: case 5: {
                double x = reg == 5 ? b : a, y = reg == 4 ? -b : reg == 5 ? -a : b;
                double bv = r - x, av = r - bv; // TwoSum: exact = r + err
                double err = (x - av) + (y - bv);
                return (int) Math.signum(err);
            }
            case 1: return (int) Math.signum(Math.fma(a, b, -r));
            case 6: case 7: {
                double n = reg == 6 ? a : b, d = reg == 6 ? b : a;
                return (int) (Math.signum(Math.fma(-r, d, n)) * Math.signum(d));
            }
            default: return (int) Math.signum(Math.fma(-r, r, Math.abs(a)));
        }
    }

    private static double directed(double nearest, int err, int rc) {
        if (err == 0) return nearest;
        return switch (rc) {
            case RC_DOWN -> err < 0 ? Math.nextDown(nearest) : nearest;
            case RC_UP -> err > 0 ? Math.nextUp(nearest) : nearest;
            case RC_ZERO -> (err < 0) == (nearest > 0) ? (nearest > 0 ? Math.nextDown(nearest) : Math.nextUp(nearest)) : nearest;
            default -> nearest;
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 6, 7, -1})
    void doublePrecisionMatchesJavaInEveryRoundingMode(int reg) {
        X87Run x = program(reg);
        Random r = new Random(16 + reg);
        for (int i = 0; i < 4000; i++) {
            double a = randomDouble(r), b = randomDouble(r);
            if (reg < 0) a = Math.abs(a);
            double nearest = javaOp(reg, a, b);
            int err = errorSign(reg, a, b, nearest);
            int rc = i & 3;
            x.fresh().w16(CW, 0x027F | rc << 10).d(A, a).d(B, b).run(4);
            double expected = directed(nearest, err, rc);
            long got = x.m64(OUT);
            if (got != Double.doubleToRawLongBits(expected)) {
                assertEquals(Double.doubleToRawLongBits(expected), got,
                        "op " + reg + " rc " + rc + ": " + a + " , " + b + " -> " + Double.longBitsToDouble(got));
            }
            assertEquals(err != 0, (x.sw() & 0x20) != 0, "PE iff inexact");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 6, -1})
    void singlePrecisionControlMatchesFloatArithmetic(int reg) {
        X87Run x = program(reg);
        Random r = new Random(24 + reg);
        for (int i = 0; i < 3000; i++) {
            float a = randomFloat(r), b = randomFloat(r);
            if (reg < 0) a = Math.abs(a);
            float expected = switch (reg) {
                case 0 -> a + b;
                case 1 -> a * b;
                case 4 -> a - b;
                case 6 -> a / b;
                default -> (float) Math.sqrt(a); // a double square root rounded to float is correctly rounded
            };
            x.fresh().w16(CW, 0x007F).d(A, a).d(B, b).run(4); // PC = 00B: 24 bits
            assertEquals(Double.doubleToRawLongBits(expected), x.m64(OUT), a + " op " + reg + " " + b);
        }
    }

    @Test
    void extendedPrecisionKeepsSixtyFourBits() {
        // 1 + 2^-63 is exact at PC = 64 bits and rounds to 1 at 53 (SDM Vol. 1 §8.1.5.2)
        X87Run x = new X87Run(cat(mem(0xD9, 5, CW), op(0xD9, 0xE8), mem(0xDB, 5, A), op(0xDE, 0xC1)));
        x.w16(CW, 0x037F).w64(A, 1L << 63).w16(A + 8, 0x3FFF - 63).run(4);
        assertEquals("3FFF:8000000000000001", x.st(0));
        assertEquals(0, x.sw() & 0x20, "exact: no PE");
        x.fresh().w16(CW, 0x027F).run(4);
        assertEquals("3FFF:8000000000000000", x.st(0));
        assertEquals(0x20, x.sw() & 0x20, "inexact: PE");
        assertEquals(0, x.sw() & X87.C1, "rounded down: C1 = 0");
    }
}
