package org.kvmworkbench.core.cpu;

import java.math.BigInteger;

/**
 * x87 arithmetic on double extended-precision values (SDM Vol. 1 §4.2.2, §8.2): classification, exact
 * add/subtract/multiply/divide/square root, and rounding to the precision and rounding controls. One instance per
 * FPU; operands and the result live in its fields, so the register paths allocate nothing (square root and FPREM,
 * which are rare, use {@link BigInteger}).
 * <p>
 * Values are unpacked to sign, unbiased exponent E and a 64-bit significand with its integer bit (bit 63) set:
 * value = significand × 2^(E−63). Exceptions accumulate in {@link #exc} as status-word bits; {@link #roundedUp}
 * is what C1 reports after an inexact result (SDM Vol. 1 §8.1.3.3).
 */
final class X87Arith {
    /** Status-word exception flags (SDM Vol. 1 §8.1.3, Figure 8-4). */
    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20, SF = 0x40;
    /** Operand classes. BAD is an unsupported encoding: pseudo-NaN, pseudo-infinity, unnormal (SDM Vol. 1 §8.2.2). */
    static final int ZERO = 0, FINITE = 1, INF = 2, QNAN = 3, SNAN = 4, BAD = 5;
    static final int EXP_BIAS = 16383, EXP_MAX = 16383, EXP_MIN = -16382;
    /** The real indefinite, a QNaN (SDM Vol. 1 §4.8.3.7, Table 4-3). */
    static final int INDEFINITE_SE = 0xFFFF;
    static final long INDEFINITE_MANT = 0xC000_0000_0000_0000L;
    /** Result formats: double extended at the PC precision, or a memory format with its own exponent range. */
    static final int FMT_EXT = 0, FMT_DOUBLE = 1, FMT_SINGLE = 2;
    /** Unmasked overflow/underflow adjust the extended result's exponent by this (SDM Vol. 1 §8.5.4.3, §8.5.5.3). */
    static final int BIAS_ADJUST = 24576;

    static final class Num {
        int sign, exp, cls;
        long m;
        boolean denormal;
    }

    final Num a = new Num(), b = new Num();
    private final Num scratch = new Num();
    /** Exception flags raised by the current instruction (IE DE ZE OE UE PE SF). */
    int exc;
    boolean roundedUp;
    /** The control word of the current instruction (masks, PC, RC). */
    int control;
    /** Result, packed: sign<<15 | biased exponent, and the 64-bit significand. */
    int rSe;
    long rM;
    /** Rounding result before packing: class (ZERO FINITE INF), sign, unbiased exponent of bit 63 of rFrac. */
    private int rCls, rSign, rE;
    private long rFrac;

    // -------------------------------------------------------------------------------------------------
    // Unpacking

    /** Unpack a double extended value (SDM Vol. 1 Table 8-3 for the encodings). */
    static void unpack(Num n, int se, long m) {
        n.sign = se >>> 15 & 1;
        int e = se & 0x7FFF;
        n.denormal = false;
        n.m = m;
        if (e == 0x7FFF) {
            if (m >= 0) n.cls = BAD; // integer bit clear: pseudo-infinity or pseudo-NaN
            else if (m << 1 == 0) n.cls = INF;
            else n.cls = (m & 1L << 62) != 0 ? QNAN : SNAN;
        } else if (e == 0) {
            if (m == 0) {
                n.cls = ZERO;
            } else { // denormal or pseudo-denormal: value = m × 2^(-16382-63)
                n.cls = FINITE;
                n.denormal = true;
                int z = Long.numberOfLeadingZeros(m);
                n.m = m << z;
                n.exp = EXP_MIN - z;
            }
        } else if (m >= 0) {
            n.cls = BAD; // unnormal
        } else {
            n.cls = FINITE;
            n.exp = e - EXP_BIAS;
        }
    }

    /** Unpack an IEEE double (its NaN payload keeps its place; SDM Vol. 1 §4.8.3.5). */
    static void unpackDouble(Num n, long bits) {
        unpackBinary(n, bits, 11, 52);
    }

    /** Unpack an IEEE single, as {@link #unpackDouble}. */
    static void unpackSingle(Num n, int bits) {
        unpackBinary(n, bits & 0xFFFF_FFFFL, 8, 23);
    }

    /** An IEEE binary format of {@code expBits} exponent and {@code fracBits} fraction bits, in the low bits of {@code bits}. */
    private static void unpackBinary(Num n, long bits, int expBits, int fracBits) {
        int maxE = (1 << expBits) - 1;
        int bias = maxE >> 1;
        int toTop = 63 - fracBits; // the fraction's shift under the explicit integer bit
        n.sign = (int) (bits >>> (expBits + fracBits)) & 1;
        int e = (int) (bits >>> fracBits) & maxE;
        long f = bits & (1L << fracBits) - 1;
        n.denormal = false;
        if (e == maxE) {
            n.m = 1L << 63 | f << toTop;
            n.cls = f == 0 ? INF : (f & 1L << (fracBits - 1)) != 0 ? QNAN : SNAN;
        } else if (e == 0) {
            if (f == 0) {
                n.cls = ZERO;
                n.m = 0;
            } else {
                n.cls = FINITE;
                n.denormal = true;
                int z = Long.numberOfLeadingZeros(f);
                n.m = f << z;
                n.exp = 1 - bias - (z - toTop);
            }
        } else {
            n.cls = FINITE;
            n.m = 1L << 63 | f << toTop;
            n.exp = e - bias;
        }
    }

    /** A signed integer (FILD, FIADD...): exact in double extended. */
    static void unpackInt(Num n, long v) {
        n.denormal = false;
        n.sign = v < 0 ? 1 : 0;
        long mag = v < 0 ? -v : v; // -2^63 stays 0x8000...: its unsigned magnitude
        if (mag == 0) {
            n.cls = ZERO;
            n.m = 0;
            return;
        }
        n.cls = FINITE;
        int z = Long.numberOfLeadingZeros(mag);
        n.m = mag << z;
        n.exp = 63 - z;
    }

    static boolean isNan(Num n) {
        return n.cls == QNAN || n.cls == SNAN;
    }

    // -------------------------------------------------------------------------------------------------
    // Results

    void begin(int controlWord) {
        control = controlWord;
        exc = 0;
        roundedUp = false;
    }

    void setResult(int se, long m) {
        rSe = se;
        rM = m;
    }

    void resultOf(Num n) {
        rSe = n.sign << 15 | (n.cls == ZERO ? 0 : n.cls == INF ? 0x7FFF : 0);
        rM = n.m;
    }

    void indefinite() {
        rSe = INDEFINITE_SE;
        rM = INDEFINITE_MANT;
    }

    void invalid() {
        exc |= IE;
        indefinite();
    }

    boolean masked(int flag) {
        return (control & flag) != 0;
    }

    /**
     * NaN operands and unsupported encodings, highest priority (SDM Vol. 1 §4.9.2, §8.5.1.2, Table 4-7 for which
     * NaN is the result: a QNaN over an SNaN, else the larger significand, quieted). Returns true when it set the result.
     */
    boolean nanOrBad(Num x, Num y) {
        if (x.cls == BAD || y != null && y.cls == BAD) {
            invalid();
            return true;
        }
        boolean xn = isNan(x), yn = y != null && isNan(y);
        if (!xn && !yn) return false;
        if (x.cls == SNAN || yn && y.cls == SNAN) exc |= IE;
        Num r;
        if (!yn) r = x;
        else if (!xn) r = y;
        else if (x.cls != y.cls) r = x.cls == QNAN ? x : y;
        else {
            int cmp = Long.compareUnsigned(x.m, y.m);
            r = cmp > 0 ? x : cmp < 0 ? y : x.sign <= y.sign ? x : y;
        }
        rSe = r.sign << 15 | 0x7FFF;
        rM = r.m | 1L << 62;
        return true;
    }

    // -------------------------------------------------------------------------------------------------
    // Arithmetic (SDM Vol. 2 "FADD", "FSUB", "FMUL", "FDIV", "FSQRT" special-value tables)

    static final int ADD = 0, MUL = 1, SUB = 4, SUBR = 5, DIV = 6, DIVR = 7;

    /** x op y with the operation numbered as the ModR/M reg field of D8 (0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr). */
    void arith(int op, Num x, Num y) {
        if (op == SUBR || op == DIVR) {
            Num t = x;
            x = y;
            y = t;
            op--;
        }
        if (op == SUB) {
            y.sign ^= 1;
            try {
                add(x, y);
            } finally {
                y.sign ^= 1;
            }
        } else if (op == ADD) {
            add(x, y);
        } else if (op == MUL) {
            mul(x, y);
        } else {
            div(x, y);
        }
    }

    private int pcBits() {
        int pc = control >> 8 & 3;
        return pc == 0 ? 24 : pc == 2 ? 53 : 64; // PC 01B is reserved (SDM Vol. 1 §8.1.5.2, Table 8-2); modeled as 64
    }

    private int rc() {
        return control >> 10 & 3;
    }

    private void denormalOperands(Num x, Num y) {
        if (x.denormal || y != null && y.denormal) exc |= DE;
    }

    private void add(Num x, Num y) {
        if (nanOrBad(x, y)) return;
        if (x.cls == INF || y.cls == INF) {
            if (x.cls == INF && y.cls == INF && x.sign != y.sign) {
                invalid();
                return;
            }
            denormalOperands(x, y);
            resultOf(x.cls == INF ? x : y);
            return;
        }
        denormalOperands(x, y);
        if (x.cls == ZERO && y.cls == ZERO) {
            int s = x.sign == y.sign ? x.sign : rc() == 1 ? 1 : 0;
            setResult(s << 15, 0);
            return;
        }
        if (y.cls == ZERO) {
            roundExt(x.sign, x.exp, x.m, 0, false, pcBits());
            return;
        }
        if (x.cls == ZERO) {
            roundExt(y.sign, y.exp, y.m, 0, false, pcBits());
            return;
        }
        Num big = x, small = y;
        if (y.exp > x.exp || y.exp == x.exp && Long.compareUnsigned(y.m, x.m) > 0) {
            big = y;
            small = x;
        }
        int d = big.exp - small.exp;
        long sh, sl;
        boolean sticky;
        if (d == 0) {
            sh = small.m; sl = 0; sticky = false;
        } else if (d < 64) {
            sh = small.m >>> d; sl = small.m << (64 - d); sticky = false;
        } else if (d == 64) {
            sh = 0; sl = small.m; sticky = false;
        } else if (d < 128) {
            sh = 0; sl = small.m >>> (d - 64); sticky = small.m << (128 - d) != 0;
        } else {
            sh = 0; sl = 0; sticky = true;
        }
        long hi = big.m, lo = 0;
        int e = big.exp;
        if (x.sign == y.sign) {
            long nlo = lo + sl;
            long carry = Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0;
            long nhi = hi + sh + carry;
            boolean out = Long.compareUnsigned(nhi, hi) < 0 || carry == 1 && nhi == hi;
            if (out) {
                sticky |= (nlo & 1) != 0;
                nlo = nlo >>> 1 | nhi << 63;
                nhi = nhi >>> 1 | 1L << 63;
                e++;
            }
            roundExt(big.sign, e, nhi, nlo, sticky, pcBits());
        } else {
            if (sticky) { // small = its 128-bit truncation + a fraction: big - small = big - (trunc + 1) + (1 - fraction)
                sl++;
                if (sl == 0) sh++;
            }
            long nlo = lo - sl;
            long borrow = Long.compareUnsigned(lo, sl) < 0 ? 1 : 0;
            long nhi = hi - sh - borrow;
            if (nhi == 0 && nlo == 0 && !sticky) { // exact zero: +0, or -0 when rounding down (SDM Vol. 1 §4.8.3.4)
                setResult((rc() == 1 ? 1 : 0) << 15, 0);
                return;
            }
            roundExt(big.sign, e, nhi, nlo, sticky, pcBits());
        }
    }

    private void mul(Num x, Num y) {
        if (nanOrBad(x, y)) return;
        int s = x.sign ^ y.sign;
        if (x.cls == INF || y.cls == INF) {
            if (x.cls == ZERO || y.cls == ZERO) {
                invalid();
                return;
            }
            denormalOperands(x, y);
            setResult(s << 15 | 0x7FFF, 1L << 63);
            return;
        }
        denormalOperands(x, y);
        if (x.cls == ZERO || y.cls == ZERO) {
            setResult(s << 15, 0);
            return;
        }
        long lo = x.m * y.m;
        long hi = Math.multiplyHigh(x.m, y.m) + (x.m >> 63 & y.m) + (y.m >> 63 & x.m); // unsigned high half
        roundExt(s, x.exp + y.exp + 1, hi, lo, false, pcBits());
    }

    private void div(Num x, Num y) {
        if (nanOrBad(x, y)) return;
        int s = x.sign ^ y.sign;
        if (x.cls == INF) {
            if (y.cls == INF) {
                invalid();
                return;
            }
            denormalOperands(x, y);
            setResult(s << 15 | 0x7FFF, 1L << 63);
            return;
        }
        if (y.cls == INF) {
            denormalOperands(x, y);
            setResult(s << 15, 0);
            return;
        }
        if (y.cls == ZERO) {
            if (x.cls == ZERO) {
                invalid();
                return;
            }
            exc |= ZE; // priority over the denormal-operand exception (SDM Vol. 1 §4.9.2)
            setResult(s << 15 | 0x7FFF, 1L << 63);
            return;
        }
        denormalOperands(x, y);
        if (x.cls == ZERO) {
            setResult(s << 15, 0);
            return;
        }
        // 128 quotient bits of x.m / y.m by restoring division; bit 127 weighs 2^(x.exp - y.exp)
        long r = x.m, d = y.m, qh = 0, ql = 0;
        boolean carry = false;
        for (int i = 0; i < 128; i++) {
            boolean bit = carry || Long.compareUnsigned(r, d) >= 0;
            if (bit) r -= d;
            qh = qh << 1 | ql >>> 63;
            ql = ql << 1 | (bit ? 1 : 0);
            carry = r < 0;
            r <<= 1;
        }
        boolean sticky = r != 0 || carry;
        roundExt(s, x.exp - y.exp, qh, ql, sticky, pcBits());
    }

    void sqrt(Num x) {
        if (nanOrBad(x, null)) return;
        if (x.cls == ZERO) {
            resultOf(x);
            return;
        }
        if (x.sign == 1) {
            invalid();
            return;
        }
        denormalOperands(x, null);
        if (x.cls == INF) {
            resultOf(x);
            return;
        }
        // value = m × 2^(exp-63); make the power even, scale up by 2^128 so the root has 96+ bits
        int p = x.exp - 63;
        BigInteger n = BigInteger.valueOf(x.m >>> 1).shiftLeft(1).or(BigInteger.valueOf(x.m & 1));
        int shift = 128 + (p & 1);
        n = n.shiftLeft(shift);
        BigInteger root = n.sqrt();
        boolean sticky = !root.multiply(root).equals(n);
        int rootPower = (p - shift) / 2; // exact: p - shift is even
        long hi = root.shiftRight(64).longValue(), lo = root.longValue();
        roundExt(0, rootPower + 127, hi, lo, sticky, pcBits());
    }

    // -------------------------------------------------------------------------------------------------
    // Rounding (SDM Vol. 1 §4.8.4, §8.1.5.2-3; masked overflow/underflow responses §4.9.1.4-5, Table 4-10)

    /** Round (hi:lo + sticky) × 2^(e−127) to the double extended format at {@code precision} bits; result in rSe/rM. */
    void roundExt(int sign, int e, long hi, long lo, boolean sticky, int precision) {
        round(sign, e, hi, lo, sticky, precision, EXP_MIN, EXP_MIN - 63, EXP_MAX, true);
        if (rCls == ZERO) setResult(rSign << 15, 0);
        else if (rCls == INF) setResult(rSign << 15 | 0x7FFF, 1L << 63);
        else if (rE >= EXP_MIN) setResult(rSign << 15 | (rE + EXP_BIAS) & 0x7FFF, rFrac);
        else setResult(rSign << 15, rFrac >>> (EXP_MIN - rE)); // denormal: exponent field 0
    }

    /** Round to an IEEE double; returns its bits (valid unless an unmasked OE/UE says not to store). */
    long roundDouble(int sign, int e, long m) {
        round(sign, e, m, 0, false, 53, -1022, -1074, 1023, false);
        long s = (long) rSign << 63;
        if (rCls == ZERO) return s;
        if (rCls == INF) return s | 0x7FF0_0000_0000_0000L;
        if (rE >= -1022) return s | (long) (rE + 1023) << 52 | rFrac << 1 >>> 12;
        return s | rFrac >>> (11 + (-1022 - rE));
    }

    int roundSingle(int sign, int e, long m) {
        round(sign, e, m, 0, false, 24, -126, -149, 127, false);
        int s = rSign << 31;
        if (rCls == ZERO) return s;
        if (rCls == INF) return s | 0x7F80_0000;
        if (rE >= -126) return s | (rE + 127) << 23 | (int) (rFrac << 1 >>> 41);
        return s | (int) (rFrac >>> (40 + (-126 - rE)));
    }

    /**
     * The rounding core. The value is (hi:lo) × 2^(e−127) plus a nonzero fraction below bit 0 when sticky; the
     * result keeps {@code precision} bits, or fewer below emin (denormal), never below 2^lsbMin. Tininess is
     * detected before rounding (SDM Vol. 1 §4.9.1.5). With the exception unmasked, overflow and underflow
     * deliver the exponent-adjusted result when {@code adjustable} (a register destination).
     */
    private void round(int sign, int e, long hi, long lo, boolean sticky, int precision,
                       int emin, int lsbMin, int emax, boolean adjustable) {
        rSign = sign;
        if (hi == 0) {
            if (lo == 0) {
                if (!sticky) {
                    rCls = ZERO;
                    return;
                }
                hi = 1; // only a sticky fraction: never the case for exact operations, kept safe
                e -= 127;
            } else {
                hi = lo;
                lo = 0;
                e -= 64;
            }
        }
        int z = Long.numberOfLeadingZeros(hi);
        if (z > 0) {
            hi = hi << z | lo >>> (64 - z);
            lo <<= z;
            e -= z;
        }
        boolean tiny = e < emin;
        boolean underflowUnmasked = tiny && !masked(UE);
        int lsb = e - (precision - 1);
        if (!underflowUnmasked && lsb < lsbMin) lsb = lsbMin;
        int drop = 127 - (e - lsb); // low bits of the 128 that are below the result's lsb (>= 64)
        long kept;
        boolean half, rest;
        if (drop == 64) {
            kept = hi; half = lo < 0; rest = lo << 1 != 0 || sticky;
        } else if (drop < 128) {
            int k = drop - 64;
            kept = hi >>> k;
            half = (hi >>> (k - 1) & 1) != 0;
            rest = (k > 1 && hi << (65 - k) != 0) || lo != 0 || sticky;
        } else if (drop == 128) {
            kept = 0; half = hi < 0; rest = hi << 1 != 0 || lo != 0 || sticky;
        } else {
            kept = 0; half = false; rest = true;
        }
        boolean inexact = half || rest;
        boolean up = switch (rc()) {
            case 0 -> half && (rest || (kept & 1) != 0);
            case 1 -> inexact && sign == 1;
            case 2 -> inexact && sign == 0;
            default -> false;
        };
        if (up) {
            kept++;
            if (kept == 0) { // carried out of 64 bits
                kept = 1L << 63;
                lsb++;
            }
        }
        if (inexact) {
            exc |= PE;
            roundedUp = up;
        }
        if (tiny && (inexact || underflowUnmasked)) exc |= UE;
        if (kept == 0) {
            rCls = ZERO;
            return;
        }
        int bl = 64 - Long.numberOfLeadingZeros(kept);
        rE = lsb + bl - 1;
        rFrac = kept << (64 - bl);
        rCls = FINITE;
        if (underflowUnmasked && adjustable) rE += BIAS_ADJUST;
        if (rE > emax) {
            exc |= OE;
            if (!masked(OE)) {
                if (adjustable) rE -= BIAS_ADJUST;
                return;
            }
            exc |= PE;
            int rc = rc();
            boolean toInf = rc == 0 || rc == 1 && sign == 1 || rc == 2 && sign == 0;
            roundedUp = toInf;
            if (toInf) {
                rCls = INF;
            } else {
                rE = emax;
                rFrac = -1L << (64 - precision);
            }
        }
    }

    // -------------------------------------------------------------------------------------------------
    // Integers (SDM Vol. 2 "FIST/FISTP", "FISTTP", "FRNDINT")

    /** The operand rounded to an integer by {@code rc}; sets PE/roundedUp; returns false when it does not fit 64 bits. */
    private boolean roundToInteger(Num x, int rc) {
        intVal = 0;
        if (x.cls == ZERO) return true;
        if (x.exp >= 63) { // already an integer; fits only as -2^63
            intVal = x.m;
            return x.exp == 63 && x.sign == 1 && x.m == Long.MIN_VALUE;
        }
        long kept;
        boolean half, rest;
        if (x.exp >= 0) {
            int k = 63 - x.exp;
            kept = x.m >>> k;
            half = k > 0 && (x.m >>> (k - 1) & 1) != 0;
            rest = k > 1 && x.m << (65 - k) != 0;
        } else {
            kept = 0;
            half = x.exp == -1;
            rest = x.exp == -1 ? x.m << 1 != 0 : true;
        }
        boolean inexact = half || rest;
        boolean up = switch (rc) {
            case 0 -> half && (rest || (kept & 1) != 0);
            case 1 -> inexact && x.sign == 1;
            case 2 -> inexact && x.sign == 0;
            default -> false;
        };
        if (up) kept++;
        if (inexact) {
            exc |= PE;
            roundedUp = up;
        }
        intVal = kept; // unsigned magnitude
        return kept >= 0 || x.sign == 1 && kept == Long.MIN_VALUE;
    }

    /** Magnitude after {@link #roundToInteger} (unsigned). */
    private long intVal;

    /**
     * Convert to a signed integer of {@code bits} (16, 32, 64), rounding by RC or chopping (FISTTP). Out of range,
     * NaN, ∞ or unsupported: IE and the integer indefinite, the most negative value (SDM Vol. 1 §4.8.3.7).
     */
    long toInteger(Num x, int bits, boolean chop) {
        long indefinite = Long.MIN_VALUE >> (64 - bits);
        if (x.cls != ZERO && x.cls != FINITE) {
            exc |= IE;
            return indefinite;
        }
        int savedExc = exc;
        boolean savedUp = roundedUp;
        boolean fits = roundToInteger(x, chop ? 3 : rc());
        long v = x.sign == 1 ? -intVal : intVal;
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        if (!fits || v > max || v < min || x.sign == 0 && intVal < 0) {
            exc = savedExc | IE; // invalid instead of inexact
            roundedUp = savedUp;
            return indefinite;
        }
        return v;
    }

    /** FRNDINT: ST(0) rounded to an integral value by RC (precision control does not apply). */
    void roundInt(Num x) {
        if (nanOrBad(x, null)) return;
        if (x.denormal) exc |= DE;
        if (x.cls != FINITE || x.exp >= 63) {
            resultOf(x);
            if (x.cls == FINITE) setResult(x.sign << 15 | x.exp + EXP_BIAS, x.m);
            return;
        }
        roundToInteger(x, rc());
        if (intVal == 0) {
            setResult(x.sign << 15, 0);
            return;
        }
        int z = Long.numberOfLeadingZeros(intVal);
        setResult(x.sign << 15 | (63 - z) + EXP_BIAS, intVal << z);
    }

    // -------------------------------------------------------------------------------------------------
    // Compare (SDM Vol. 2 "FCOM", "FUCOM", "FCOMI": results greater 0, less 1, equal 2, unordered 3)

    static final int GT = 0, LT = 1, EQ = 2, UNORDERED = 3;

    /** @param quiet FUCOM: only an SNaN (or unsupported encoding) is invalid; FCOM: any NaN */
    int compare(Num x, Num y, boolean quiet) {
        if (x.cls == BAD || y.cls == BAD || x.cls == SNAN || y.cls == SNAN) {
            exc |= IE;
            return UNORDERED;
        }
        if (isNan(x) || isNan(y)) {
            if (!quiet) exc |= IE;
            return UNORDERED;
        }
        denormalOperands(x, y);
        int sx = signum(x), sy = signum(y);
        if (sx != sy) return sx > sy ? GT : LT;
        if (sx == 0) return EQ;
        int mag = compareMagnitude(x, y);
        if (mag == 0) return EQ;
        return (mag > 0) == (sx > 0) ? GT : LT;
    }

    private static int signum(Num n) {
        return n.cls == ZERO ? 0 : n.sign == 1 ? -1 : 1;
    }

    private static int compareMagnitude(Num x, Num y) {
        if (x.cls == INF || y.cls == INF) return x.cls == y.cls ? 0 : x.cls == INF ? 1 : -1;
        if (x.exp != y.exp) return x.exp > y.exp ? 1 : -1;
        return Long.compareUnsigned(x.m, y.m);
    }

    // -------------------------------------------------------------------------------------------------
    // FSCALE, FXTRACT, FPREM/FPREM1 (SDM Vol. 2 pages of the same names)

    void scale(Num x, Num s) {
        if (nanOrBad(x, s)) return;
        if (s.cls == INF) {
            if (x.cls == ZERO && s.sign == 0 || x.cls == INF && s.sign == 1) {
                invalid();
                return;
            }
            denormalOperands(x, s);
            if (x.cls == FINITE) setResult(x.sign << 15 | (s.sign == 0 ? 0x7FFF : 0), s.sign == 0 ? 1L << 63 : 0);
            else resultOf(x);
            return;
        }
        denormalOperands(x, s);
        if (x.cls != FINITE) {
            resultOf(x);
            return;
        }
        long n = 0; // trunc(ST(1)), saturated far beyond any exponent
        if (s.cls == FINITE && s.exp >= 0) n = s.exp >= 20 ? 1 << 20 : s.m >>> (63 - s.exp);
        if (s.sign == 1) n = -n;
        roundExt(x.sign, (int) (x.exp + n), x.m, 0, false, 64);
    }

    /** FXTRACT: result 1 (significand, to be pushed) in rSe/rM, the exponent in xExpSe/xExpM. */
    int xExpSe;
    long xExpM;

    void extract(Num x) {
        if (nanOrBad(x, null)) {
            xExpSe = rSe;
            xExpM = rM;
            return;
        }
        if (x.cls == ZERO) {
            exc |= ZE;
            xExpSe = 0xFFFF; // -∞
            xExpM = 1L << 63;
            resultOf(x);
            return;
        }
        if (x.cls == INF) {
            xExpSe = 0x7FFF;
            xExpM = 1L << 63;
            resultOf(x);
            return;
        }
        if (x.denormal) exc |= DE;
        unpackInt(scratch, x.exp);
        xExpSe = scratch.cls == ZERO ? 0 : scratch.sign << 15 | scratch.exp + EXP_BIAS;
        xExpM = scratch.m;
        setResult(x.sign << 15 | EXP_BIAS, x.m);
    }

    /** Quotient bits Q2 Q1 Q0 and whether the reduction completed, for C0 C3 C1 and C2. */
    int quotientBits;
    boolean incomplete;

    /**
     * FPREM (truncating) and FPREM1 (IEEE, nearest). With an exponent difference of 64 or more the reduction is
     * partial: the SDM leaves the step size N "implementation dependent, between 32 and 63"; modeled as
     * 32 + (D mod 32), as Bochs does.
     */
    void remainder(Num x, Num y, boolean ieee) {
        quotientBits = 0;
        incomplete = false;
        if (nanOrBad(x, y)) return;
        if (x.cls == INF || y.cls == ZERO) {
            invalid();
            return;
        }
        denormalOperands(x, y);
        if (x.cls == ZERO || y.cls == INF) {
            if (x.cls == FINITE) roundExt(x.sign, x.exp, x.m, 0, false, 64); // exact, denormals packed again
            else resultOf(x);
            return;
        }
        int d = x.exp - y.exp;
        BigInteger xm = unsigned(x.m), ym = unsigned(y.m);
        BigInteger q, r;
        int lowExp; // the remainder's unit
        if (d >= 64) {
            int n = 32 + (d & 31);
            BigInteger num = xm.shiftLeft(n);
            q = num.divide(ym);
            r = num.subtract(q.multiply(ym));
            lowExp = y.exp - 63 + (d - n);
            incomplete = true;
        } else if (d >= 0) {
            BigInteger num = xm.shiftLeft(d);
            q = num.divide(ym);
            r = num.subtract(q.multiply(ym));
            lowExp = y.exp - 63;
        } else {
            // |x| < |y|: quotient 0 (or 1 for FPREM1 when |x| > |y|/2); work in units of x
            BigInteger yy = d >= -2 ? ym.shiftLeft(-d) : null;
            q = BigInteger.ZERO;
            r = xm;
            lowExp = x.exp - 63;
            if (ieee && yy != null) {
                int c = r.shiftLeft(1).compareTo(yy);
                if (c > 0) {
                    q = BigInteger.ONE;
                    r = r.subtract(yy);
                }
            }
            quotientBits = q.intValue() & 7;
            finishRemainder(x.sign, r, lowExp);
            return;
        }
        if (ieee && !incomplete) {
            int c = r.shiftLeft(1).compareTo(ym);
            if (c > 0 || c == 0 && q.testBit(0)) {
                q = q.add(BigInteger.ONE);
                r = r.subtract(ym);
            }
        }
        quotientBits = q.intValue() & 7;
        finishRemainder(x.sign, r, lowExp);
    }

    private void finishRemainder(int sign, BigInteger r, int lowExp) {
        int s = sign;
        if (r.signum() < 0) {
            s ^= 1;
            r = r.negate();
        }
        if (r.signum() == 0) { // an exact zero remainder keeps the dividend's sign (SDM Vol. 2 FPREM1 table)
            setResult(sign << 15, 0);
            return;
        }
        int bl = r.bitLength();
        long m = r.shiftLeft(64 - bl).longValue();
        roundExt(s, lowExp + bl - 1, m, 0, false, 64);
    }

    private static BigInteger unsigned(long v) {
        return BigInteger.valueOf(v >>> 1).shiftLeft(1).or(BigInteger.valueOf(v & 1));
    }
}
