package org.kvmworkbench.core.cpu;

import static org.kvmworkbench.core.cpu.Guest.CODE;

/** A guest for x87 tests: one program, run again from its start with new operands in memory at 0x3000. */
final class X87Run {
    static final int DATA = 0x3000;
    final Guest g;
    final X87 f;
    private final int length;

    X87Run(int... code) {
        g = Guest.of(code);
        f = g.cpu.fpu;
        length = code.length;
    }

    /** Run {@code n} instructions from the start, after FNINIT-like state unless the program sets it itself. */
    X87Run run(int n) {
        g.cpu.eip = CODE;
        g.run(n);
        return this;
    }

    X87Run fresh() {
        f.init();
        return this;
    }

    X87Run w16(int a, int v) { g.w16(a, v); return this; }
    X87Run w32(int a, int v) { g.w32(a, v); return this; }
    X87Run w64(int a, long v) { g.w32(a, (int) v); g.w32(a + 4, (int) (v >>> 32)); return this; }
    X87Run d(int a, double v) { return w64(a, Double.doubleToRawLongBits(v)); }
    X87Run s(int a, float v) { return w32(a, Float.floatToRawIntBits(v)); }

    int m16(int a) { return g.m16(a); }
    int m32(int a) { return g.m32(a); }
    long m64(int a) { return g.m32(a) & 0xFFFF_FFFFL | (long) g.m32(a + 4) << 32; }
    double d(int a) { return Double.longBitsToDouble(m64(a)); }
    float s(int a) { return Float.intBitsToFloat(m32(a)); }

    /** ST(i) as "sign+exponent:significand" in hex, e.g. "4000:C90FDAA22168C235". */
    String st(int i) {
        int p = f.physical(i);
        return String.format("%04X:%016X", f.se[p], f.mant[p]);
    }

    int sw() { return f.statusWord(); }

    /** ModR/M with mod 00, rm 110: [disp16]. */
    static int[] mem(int op, int reg, int addr) {
        return new int[] {op, reg << 3 | 6, addr & 0xFF, addr >> 8 & 0xFF};
    }

    static int[] cat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] r = new int[n];
        int k = 0;
        for (int[] p : parts) for (int b : p) r[k++] = b;
        return r;
    }

    static int[] op(int... bytes) {
        return bytes;
    }

    int length() {
        return length;
    }
}
