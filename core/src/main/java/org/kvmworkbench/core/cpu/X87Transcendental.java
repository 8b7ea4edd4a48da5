package org.kvmworkbench.core.cpu;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The x87 transcendental functions (SDM Vol. 2 "FSIN", "FCOS", "FSINCOS", "FPTAN", "FPATAN", "F2XM1", "FYL2X",
 * "FYL2XP1") on finite, nonzero operands, computed in decimal to about 260 bits and then rounded once by RC into
 * double extended: the correctly rounded value of the mathematical function. The SDM states the hardware's results
 * are within 1 ulp of it; a modern Intel CPU reduces FSIN/FCOS/FPTAN arguments with a 66-bit π, so for large
 * arguments its results can differ more (measured on no CPU here: modeled). Rare instructions: they allocate.
 */
final class X87Transcendental {
    private static final MathContext WIDE = new MathContext(130, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal PI = machinPi();
    private static final BigDecimal HALF_PI = PI.divide(TWO, WIDE);
    private static final BigDecimal LN2 = atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), WIDE), WIDE).multiply(TWO, WIDE);

    private X87Transcendental() {
    }

    /** The exact value of a finite nonzero operand (to 130 digits for tiny exponents). */
    static BigDecimal value(X87Arith.Num n) {
        BigDecimal m = new BigDecimal(unsigned(n.m));
        int k = n.exp - 63;
        BigDecimal v = k >= 0 ? m.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)))
                : m.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-k)), WIDE);
        return n.sign == 1 ? v.negate() : v;
    }

    /**
     * Round {@code v} into {@code ar}'s result at 64 bits (precision control does not apply to these instructions,
     * SDM Vol. 1 §8.1.5.2). A value whose 57 bits below the 67th are all zeros (or all ones) is taken as that exact
     * 67-bit number, so exact results (log2 of a power of two) are not made inexact by the decimal approximation.
     */
    static void round(X87Arith ar, BigDecimal v) {
        if (v.signum() == 0) {
            ar.setResult(0, 0);
            return;
        }
        int sign = v.signum() < 0 ? 1 : 0;
        BigDecimal a = v.abs();
        BigInteger u = a.unscaledValue();
        int s = a.scale();
        long est = u.bitLength() - (long) Math.ceil(s * 3.321928094887362); // ≈ log2(a), within a few bits
        long sh = 124 - est; // q = floor(a × 2^sh) has about 124 bits
        BigInteger num = u, den = BigInteger.ONE;
        if (sh >= 0) num = num.shiftLeft((int) sh);
        else den = den.shiftLeft((int) -sh);
        if (s >= 0) den = den.multiply(BigInteger.TEN.pow(s));
        else num = num.multiply(BigInteger.TEN.pow(-s));
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger q = qr[0];
        boolean sticky = qr[1].signum() != 0;
        if (q.bitLength() > 128) {
            int drop = q.bitLength() - 128;
            sticky |= q.getLowestSetBit() < drop;
            q = q.shiftRight(drop);
            sh -= drop;
        }
        int below = q.bitLength() - 67; // about 57 bits, all accurate: exact results show as all zeros or all ones
        if (below >= 50) {
            BigInteger mask = BigInteger.ONE.shiftLeft(below).subtract(BigInteger.ONE);
            BigInteger low = q.and(mask);
            if (low.signum() == 0) {
                sticky = false;
            } else if (low.equals(mask) && sticky) {
                q = q.add(BigInteger.ONE);
                sticky = false;
                if (q.bitLength() > 128) {
                    q = q.shiftRight(1);
                    sh--;
                }
            }
        }
        long hi = q.shiftRight(64).longValue(), lo = q.longValue();
        ar.roundExt(sign, (int) (127 - sh), hi, lo, sticky, 64);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Functions (arguments exact, results to about 90 digits)

    /** sin or cos of x: x reduced by k·π/2 with a 130-digit π (|x| < 2^63 needs 19 digits of it for the integer part). */
    static BigDecimal sinCos(BigDecimal x, boolean cos) {
        BigDecimal k = x.divide(HALF_PI, WIDE).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(k.multiply(HALF_PI, WIDE), WIDE);
        int quadrant = k.toBigInteger().and(BigInteger.valueOf(3)).intValue() + (cos ? 1 : 0);
        BigDecimal v = (quadrant & 1) == 0 ? sinSeries(r) : cosSeries(r);
        return (quadrant & 2) == 0 ? v : v.negate();
    }

    private static BigDecimal sinSeries(BigDecimal r) {
        BigDecimal term = r, sum = r, r2 = r.multiply(r, WIDE);
        for (int n = 1; n < 200 && term.signum() != 0 && !negligible(term, sum); n++) {
            term = term.multiply(r2, WIDE).divide(BigDecimal.valueOf((2L * n) * (2L * n + 1)), WIDE).negate();
            sum = sum.add(term, WIDE);
        }
        return sum;
    }

    private static BigDecimal cosSeries(BigDecimal r) {
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE, r2 = r.multiply(r, WIDE);
        for (int n = 1; n < 200 && term.signum() != 0 && !negligible(term, sum); n++) {
            term = term.multiply(r2, WIDE).divide(BigDecimal.valueOf((2L * n - 1) * (2L * n)), WIDE).negate();
            sum = sum.add(term, WIDE);
        }
        return sum;
    }

    /** atan2(y, x) for finite values, not both zero (the FPATAN quadrant rules are atan2's). */
    static BigDecimal atan2(BigDecimal y, BigDecimal x) {
        if (x.signum() == 0) return y.signum() > 0 ? HALF_PI : HALF_PI.negate();
        if (y.signum() == 0) return x.signum() > 0 ? BigDecimal.ZERO : PI;
        BigDecimal a = atan(y.divide(x, WIDE));
        if (x.signum() > 0) return a;
        return y.signum() > 0 ? a.add(PI, WIDE) : a.subtract(PI, WIDE);
    }

    static BigDecimal atan(BigDecimal z) {
        if (z.abs().compareTo(BigDecimal.ONE) > 0) {
            BigDecimal inner = atan(BigDecimal.ONE.divide(z, WIDE));
            return z.signum() > 0 ? HALF_PI.subtract(inner, WIDE) : HALF_PI.negate().subtract(inner, WIDE);
        }
        // atan(z) = 2 atan(z / (1 + sqrt(1 + z²))), twice: |z| <= tan(π/16)
        BigDecimal t = z;
        for (int i = 0; i < 2; i++) t = t.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(t.multiply(t, WIDE)).sqrt(WIDE)), WIDE);
        BigDecimal term = t, sum = t, t2 = t.multiply(t, WIDE), power = t;
        for (int n = 1; n < 400 && !negligible(term, sum); n++) {
            power = power.multiply(t2, WIDE).negate();
            term = power.divide(BigDecimal.valueOf(2L * n + 1), WIDE);
            sum = sum.add(term, WIDE);
        }
        return sum.multiply(BigDecimal.valueOf(4), WIDE);
    }

    /** 2^x − 1 for |x| <= 1, as the series of e^y − 1 with y = x·ln 2 (no cancellation near 0). */
    static BigDecimal twoPowMinusOne(BigDecimal x) {
        BigDecimal y = x.multiply(LN2, WIDE), term = y, sum = y;
        for (int n = 2; n < 400 && !negligible(term, sum); n++) {
            term = term.multiply(y, WIDE).divide(BigDecimal.valueOf(n), WIDE);
            sum = sum.add(term, WIDE);
        }
        return sum;
    }

    /** ln(x) for x > 0: x = m·2^e with m in [1, 2), ln m = 2 atanh((m−1)/(m+1)). */
    static BigDecimal ln(X87Arith.Num x) {
        BigDecimal m = new BigDecimal(unsigned(x.m)).divide(new BigDecimal(BigInteger.ONE.shiftLeft(63)), WIDE);
        BigDecimal lnM = atanh(m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), WIDE), WIDE).multiply(TWO, WIDE);
        return lnM.add(LN2.multiply(BigDecimal.valueOf(x.exp), WIDE), WIDE);
    }

    /** ln(1 + x) for x > −1: 2 atanh(x / (2 + x)). */
    static BigDecimal ln1p(BigDecimal x) {
        return atanh(x.divide(TWO.add(x), WIDE), WIDE).multiply(TWO, WIDE);
    }

    static BigDecimal log2(BigDecimal lnValue) {
        return lnValue.divide(LN2, WIDE);
    }

    private static BigDecimal machinPi() { // π = 16 atan(1/5) − 4 atan(1/239)
        MathContext mc = new MathContext(140);
        BigDecimal a = atanInverse(5, mc), b = atanInverse(239, mc);
        return a.multiply(BigDecimal.valueOf(16), mc).subtract(b.multiply(BigDecimal.valueOf(4), mc), mc).round(WIDE);
    }

    private static BigDecimal atanInverse(int n, MathContext mc) {
        BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc), x2 = x.multiply(x, mc);
        BigDecimal power = x, sum = x;
        for (int k = 1; k < 1000; k++) {
            power = power.multiply(x2, mc).negate();
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
            if (term.signum() == 0 || negligible(term, sum)) break;
            sum = sum.add(term, mc);
        }
        return sum;
    }

    private static BigDecimal atanh(BigDecimal z, MathContext mc) {
        BigDecimal z2 = z.multiply(z, mc), power = z, sum = z;
        for (int k = 1; k < 2000; k++) {
            power = power.multiply(z2, mc);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
            if (term.signum() == 0 || negligible(term, sum)) break;
            sum = sum.add(term, mc);
        }
        return sum;
    }

    /** |term| below 10^-125 of |sum|. */
    private static boolean negligible(BigDecimal term, BigDecimal sum) {
        if (term.signum() == 0) return true;
        if (sum.signum() == 0) return false;
        return term.precision() - term.scale() < sum.precision() - sum.scale() - 125;
    }

    private static BigInteger unsigned(long v) {
        return BigInteger.valueOf(v >>> 1).shiftLeft(1).or(BigInteger.valueOf(v & 1));
    }

    /** 2^63, the FSIN/FCOS/FSINCOS/FPTAN argument limit (C2 = 1 at or above it). */
    static boolean outOfRange(X87Arith.Num x) {
        return x.exp >= 63;
    }
}
