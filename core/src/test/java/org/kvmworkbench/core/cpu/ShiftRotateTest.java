package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.OF;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ROL ROR RCL RCR SHL SHR SAR (group 2: D0-D3, C0/C1), checked against the SDM Vol. 2 pseudo-code executed
 * bit by bit: the count is masked to 5 bits; a masked count of 0 affects nothing; rotates touch only CF and
 * OF; OF is defined only for a count of 1; CF of SHL/SHR is undefined when count >= operand size; AF is
 * undefined for shifts.
 */
class ShiftRotateTest {
    static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;
    static final String[] NAMES = {"ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR"};

    /** The SDM pseudo-code. Returns {result, flags, mask of defined flags}; flagsIn supplies CF and the rest. */
    static int[] reference(int op, int bits, int value, int rawCount, int flagsIn) {
        long m = bits == 32 ? 0xFFFF_FFFFL : (1L << bits) - 1;
        long msb = 1L << (bits - 1);
        long dest = value & m;
        int count = rawCount & 0x1F;
        boolean cf = (flagsIn & CF) != 0;
        int flags = flagsIn & ARITH;
        if (count == 0) return new int[] {(int) dest, flags, ARITH};
        int defined = ARITH;
        boolean of = false;
        switch (op) {
            case ROL: case ROR: {
                int t = count % bits;
                for (; t > 0; t--) {
                    if (op == ROL) dest = ((dest << 1) | ((dest & msb) != 0 ? 1 : 0)) & m;
                    else dest = (dest >>> 1) | ((dest & 1) != 0 ? msb : 0);
                }
                cf = op == ROL ? (dest & 1) != 0 : (dest & msb) != 0;
                of = op == ROL ? ((dest & msb) != 0) ^ cf : ((dest & msb) != 0) ^ ((dest & (msb >>> 1)) != 0);
                flags = flags & ~(CF | OF);
                break;
            }
            case RCL: case RCR: {
                int t = bits == 8 ? count % 9 : bits == 16 ? count % 17 : count;
                if (op == RCR) of = ((dest & msb) != 0) ^ cf;
                for (; t > 0; t--) {
                    boolean out;
                    if (op == RCL) {
                        out = (dest & msb) != 0;
                        dest = ((dest << 1) | (cf ? 1 : 0)) & m;
                    } else {
                        out = (dest & 1) != 0;
                        dest = (dest >>> 1) | (cf ? msb : 0);
                    }
                    cf = out;
                }
                if (op == RCL) of = ((dest & msb) != 0) ^ cf;
                flags = flags & ~(CF | OF);
                break;
            }
            default: {
                long original = dest;
                for (int t = count; t > 0; t--) {
                    if (op == SHL || op == SAL) {
                        cf = (dest & msb) != 0;
                        dest = (dest << 1) & m;
                    } else if (op == SHR) {
                        cf = (dest & 1) != 0;
                        dest = dest >>> 1;
                    } else {
                        cf = (dest & 1) != 0;
                        dest = (dest >>> 1) | (dest & msb);
                    }
                }
                if (op == SHL || op == SAL) of = ((dest & msb) != 0) ^ cf;
                else if (op == SHR) of = (original & msb) != 0;
                else of = false;
                flags = 0;
                if (dest == 0) flags |= ZF;
                if ((dest & msb) != 0) flags |= SF;
                if (Long.bitCount(dest & 0xFF) % 2 == 0) flags |= PF;
                defined &= ~Guest.AF;
                if (count >= bits && op != SAR) defined &= ~CF;
            }
        }
        if (cf) flags |= CF;
        if (of) flags |= OF;
        if (count != 1) defined &= ~OF;
        return new int[] {(int) dest, flags, defined};
    }

    /** op al/ax/eax by count: encoding 0 = by 1 (D0/D1), 1 = by CL (D2/D3), 2 = by imm8 (C0/C1). */
    static int[] code(int op, int bits, int encoding, int count) {
        int modrm = 0xC0 | op << 3;
        int wide = bits == 8 ? 0 : 1;
        int[] c;
        if (encoding == 0) c = new int[] {0xD0 + wide, modrm};
        else if (encoding == 1) c = new int[] {0xD2 + wide, modrm};
        else c = new int[] {0xC0 + wide, modrm, count & 0xFF};
        if (bits != 32) return c;
        int[] p = new int[c.length + 1];
        p[0] = 0x66;
        System.arraycopy(c, 0, p, 1, c.length);
        return p;
    }

    static void check(Guest g, int op, int bits, int encoding, int value, int count, int flagsIn) {
        if (encoding == 0) count = 1;
        int[] code = code(op, bits, encoding, count);
        g.load(Guest.CODE, code);
        g.cpu.eip = Guest.CODE;
        int m = bits == 32 ? -1 : (1 << bits) - 1;
        g.set32(AX, (0x3C3C_3C3C & ~m) | (value & m)).set32(CX, 0x1200 | (count & 0xFF)).flags(flagsIn);
        g.run(1);
        int[] ref = reference(op, bits, value, count, flagsIn);
        String what = String.format("%s %d-bit enc %d value %x count %d flags %s", NAMES[op], bits, encoding, value,
                count, Guest.describe(flagsIn));
        assertEquals((0x3C3C_3C3C & ~m) | ref[0], g.r32(AX), what);
        assertEquals(Guest.describe(ref[1] & ref[2]), Guest.describe(g.flags() & ref[2]), what + " flags");
        assertEquals(Guest.CODE + code.length, g.ip());
    }

    @Test
    void exhaustive8BitByClAllCounts() {
        Guest g = new Guest();
        for (int op = 0; op < 8; op++) {
            for (int v = 0; v < 256; v++) {
                for (int count = 0; count < 64; count++) {
                    check(g, op, 8, 1, v, count, 0);
                    check(g, op, 8, 1, v, count, ARITH);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {8, 16, 32})
    void everyEncodingWithEdgeAndRandomValues(int bits) {
        Guest g = new Guest();
        int[] edges = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x4000_0000, 0x7FFF_FFFF, 0x8000_0000, -1, 0x8000_0001};
        int[] counts = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 0xFF};
        Random r = new Random(bits);
        for (int op = 0; op < 8; op++) {
            for (int enc = 0; enc < 3; enc++) {
                for (int v : edges) {
                    for (int count : counts) {
                        check(g, op, bits, enc, v, count, 0);
                        check(g, op, bits, enc, v, count, CF);
                        check(g, op, bits, enc, v, count, ARITH);
                    }
                }
                for (int i = 0; i < 500; i++) check(g, op, bits, enc, r.nextInt(), r.nextInt(256), r.nextInt() & ARITH);
            }
        }
    }

    @Test
    void handPickedSdmCases() {
        Guest g = new Guest();
        // shl al,1: 0x80 -> 0x00, CF=1, OF = MSB(0) ^ CF = 1, ZF PF
        expect(g, SHL, 8, 0, 0x80, 1, 0, 0x00, CF | OF | ZF | PF, ARITH & ~Guest.AF);
        // shl al,1: 0x40 -> 0x80, CF=0, OF=1, SF
        expect(g, SHL, 8, 0, 0x40, 1, 0, 0x80, OF | SF, ARITH & ~Guest.AF);
        // shr al,1: 0x81 -> 0x40, CF=1, OF = old MSB = 1
        expect(g, SHR, 8, 0, 0x81, 1, 0, 0x40, CF | OF, ARITH & ~Guest.AF);
        // sar al,1: 0x81 -> 0xC0, CF=1, OF=0, SF PF
        expect(g, SAR, 8, 0, 0x81, 1, OF, 0xC0, CF | SF | PF, ARITH & ~Guest.AF);
        // rol al,1: 0x80 -> 0x01, CF=1, OF = MSB ^ CF = 1; SF ZF PF AF untouched (all preset)
        expect(g, ROL, 8, 0, 0x80, 1, ZF | SF | PF | Guest.AF, 0x01, CF | OF | ZF | SF | PF | Guest.AF, ARITH);
        // ror al,1: 0x01 -> 0x80, CF=1, OF = bit7 ^ bit6 = 1
        expect(g, ROR, 8, 0, 0x01, 1, 0, 0x80, CF | OF, ARITH);
        // rcl al,1 with CF=1: 0x80 -> 0x01, CF=1, OF = MSB(0) ^ 1 = 1
        expect(g, RCL, 8, 0, 0x80, 1, CF, 0x01, CF | OF, ARITH);
        // rcr al,1 with CF=1: 0x01 -> 0x80, CF=1, OF = MSB(before) ^ CF(before) = 0 ^ 1 = 1
        expect(g, RCR, 8, 0, 0x01, 1, CF, 0x80, CF | OF, ARITH);
        // rcr al,1 with CF=0: 0x80 -> 0x40, CF=0, OF = 1 ^ 0 = 1
        expect(g, RCR, 8, 0, 0x80, 1, 0, 0x40, OF, ARITH);
        // rcl al,9 (by CL): a 9-bit rotate through CF returns the original value and CF
        expect(g, RCL, 8, 1, 0xA5, 9, CF, 0xA5, CF, ARITH & ~OF);
        // shl ax,33 (by CL): the count is masked to 1
        expect(g, SHL, 16, 1, 0x4000, 33, 0, 0x8000, OF | SF | PF, ARITH & ~Guest.AF);
        // shl eax,32 (imm): masked to 0 -> nothing changes, flags included
        expect(g, SHL, 32, 2, 0x1234_5678, 32, CF | ZF | OF, 0x1234_5678, CF | ZF | OF, ARITH);
        // sar ax,31: every bit becomes the sign
        expect(g, SAR, 16, 2, 0x8000, 31, 0, 0xFFFF, CF | SF | PF, ARITH & ~Guest.AF & ~OF);
        // shr eax,31
        expect(g, SHR, 32, 2, 0x8000_0000, 31, 0, 1, 0, ARITH & ~Guest.AF & ~OF);
        // rol ax,16 (count mod 16 = 0, but masked count != 0): value unchanged, CF = LSB
        expect(g, ROL, 16, 2, 0x8001, 16, 0, 0x8001, CF, CF);
        // ror eax,4
        expect(g, ROR, 32, 2, 0x1234_5678, 4, 0, 0x8123_4567, CF, CF);
        // rcr ax,17 -> original value, CF unchanged
        expect(g, RCR, 16, 1, 0x1234, 17, 0, 0x1234, 0, CF);
    }

    private static void expect(Guest g, int op, int bits, int enc, int v, int count, int flagsIn, int result,
                               int flags, int defined) {
        int[] c = code(op, bits, enc, count);
        g.load(Guest.CODE, c);
        g.cpu.eip = Guest.CODE;
        int m = bits == 32 ? -1 : (1 << bits) - 1;
        g.set32(AX, v & m).set32(CX, count).flags(flagsIn);
        g.run(1);
        assertEquals(result, g.r32(AX) & m, NAMES[op]);
        g.assertFlags(flags, defined);
    }

    @Test
    void memoryOperandsAndCountZeroLeavesMemory() {
        // shl word [bx],1 ; rcr byte [bx+2],cl ; sar word [bx],byte 0 ; ror byte [bx+2],3
        Guest g = Guest.of(0xD1, 0x27, 0xD2, 0x5F, 0x02, 0xC1, 0x3F, 0x00, 0xC0, 0x4F, 0x02, 0x03);
        g.set16(BX, 0x3000).w16(0x3000, 0xC001).w8(0x3002, 0x02).set8(CX, 2).flags(CF);
        g.run(1);
        assertEquals(0x8002, g.m16(0x3000));
        g.assertFlags(CF | SF, CF | OF | SF | ZF | PF);
        g.run(1); // rcr 0x02 by 2 with CF=1: 9-bit value 1_00000010 -> 0x40 | (1 << 6)? step: 0x81 CF0, 0x40 CF1
        assertEquals(0x40, g.m8(0x3002));
        g.assertFlags(CF, CF);
        g.flags(ZF | OF);
        g.run(1);
        assertEquals(0x8002, g.m16(0x3000));
        g.assertFlags(ZF | OF);
        g.run(1); // ror 0x40 by 3 = 0x08
        assertEquals(0x08, g.m8(0x3002));
        g.assertFlags(ZF, ZF | CF);
        assertEquals(0, g.r16(BX) - 0x3000);
    }
}
