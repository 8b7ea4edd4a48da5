package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AF;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.OF;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.SI;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ADD OR ADC SBB AND SUB XOR CMP TEST in all their encodings, INC/DEC, NEG/NOT.
 * Flags per SDM Vol. 2 "Flags Affected": arithmetic ops set OF SF ZF AF CF PF by the result; logic ops clear
 * OF and CF, set SF ZF PF, and leave AF undefined (not checked).
 */
class AluTest {
    static final String[] NAMES = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};
    static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

    /**
     * Independent reference (wide arithmetic, not the interpreter's lazy formulas).
     * Returns {result, flags, mask of the flags the SDM defines}.
     */
    static int[] reference(int kind, int size, int a, int b, int cin) {
        int bits = size * 8;
        long m = (1L << bits) - 1;
        long ua = a & m, ub = b & m;
        long sa = (ua << (64 - bits)) >> (64 - bits), sb = (ub << (64 - bits)) >> (64 - bits);
        long min = -(1L << (bits - 1)), max = (1L << (bits - 1)) - 1;
        long res;
        int f = 0;
        int defined = ARITH;
        switch (kind) {
            case ADD: case ADC: {
                long c = kind == ADC ? cin : 0;
                long full = ua + ub + c;
                res = full & m;
                if (full > m) f |= CF;
                long s = sa + sb + c;
                if (s < min || s > max) f |= OF;
                if ((ua & 0xF) + (ub & 0xF) + c > 0xF) f |= AF;
                break;
            }
            case SUB: case SBB: case CMP: {
                long c = kind == SBB ? cin : 0;
                long full = ua - ub - c;
                res = full & m;
                if (full < 0) f |= CF;
                long s = sa - sb - c;
                if (s < min || s > max) f |= OF;
                if ((ua & 0xF) - (ub & 0xF) - c < 0) f |= AF;
                break;
            }
            default:
                res = kind == AND ? ua & ub : kind == OR ? ua | ub : ua ^ ub;
                defined = ARITH & ~AF;
        }
        if (res == 0) f |= ZF;
        if ((res >> (bits - 1) & 1) != 0) f |= SF;
        if (Long.bitCount(res & 0xFF) % 2 == 0) f |= PF;
        return new int[] {(int) res, f, defined};
    }

    /** An encoding of "kind dst(=AL/AX/EAX), src(=BL/BX/EBX or an immediate)". */
    enum Form {
        EB_GB(1), EV_GV(2), EV_GV32(4), GB_EB(1), GV_EV(2), AL_IB(1), AX_IV(2), EAX_ID(4),
        G80(1), G81(2), G81_32(4), G83(2), G83_32(4);

        final int size;

        Form(int size) {
            this.size = size;
        }

        /** The code, or null if b cannot be encoded (0x83 needs a sign-extended byte). */
        int[] code(int kind, int b) {
            int base = kind << 3;
            switch (this) {
                case EB_GB: return new int[] {base, 0xD8};                       // op al,bl
                case EV_GV: return new int[] {base + 1, 0xD8};                   // op ax,bx
                case EV_GV32: return new int[] {0x66, base + 1, 0xD8};           // op eax,ebx
                case GB_EB: return new int[] {base + 2, 0xC3};                   // op al,bl (reg,r/m form)
                case GV_EV: return new int[] {base + 3, 0xC3};                   // op ax,bx (reg,r/m form)
                case AL_IB: return new int[] {base + 4, b & 0xFF};               // op al,imm8
                case AX_IV: return new int[] {base + 5, b & 0xFF, b >> 8 & 0xFF}; // op ax,imm16
                case EAX_ID: return new int[] {0x66, base + 5, b & 0xFF, b >> 8 & 0xFF, b >> 16 & 0xFF, b >>> 24}; // op eax,imm32
                case G80: return new int[] {0x80, 0xC0 | kind << 3, b & 0xFF};   // op al,imm8 (group 1)
                case G81: return new int[] {0x81, 0xC0 | kind << 3, b & 0xFF, b >> 8 & 0xFF}; // op ax,imm16
                case G81_32: return new int[] {0x66, 0x81, 0xC0 | kind << 3, b & 0xFF, b >> 8 & 0xFF, b >> 16 & 0xFF, b >>> 24};
                case G83: // op ax,byte imm8 (sign-extended to 16 bits)
                    return (short) b == (byte) b ? new int[] {0x83, 0xC0 | kind << 3, b & 0xFF} : null;
                default: // op eax,byte imm8 (sign-extended to 32 bits)
                    return b == (byte) b ? new int[] {0x66, 0x83, 0xC0 | kind << 3, b & 0xFF} : null;
            }
        }
    }

    static final int MARK = 0x5A5A_5A5A;

    /** Runs one instruction and checks result, untouched register bits and flags against the reference. */
    static void check(Guest g, Form form, int kind, int a, int b, int cin) {
        int size = form.size;
        int[] code = form.code(kind, b);
        if (code == null) return;
        g.load(Guest.CODE, code);
        g.cpu.eip = Guest.CODE;
        int m = size == 4 ? -1 : (1 << size * 8) - 1;
        g.set32(AX, (MARK & ~m) | (a & m)).set32(BX, (MARK & ~m) | (b & m));
        g.flags(cin != 0 ? CF | 0x2 : 0x2);
        g.run(1);
        int[] ref = reference(kind, size, a, b, cin);
        int expectedEax = kind == CMP ? (MARK & ~m) | (a & m) : (MARK & ~m) | ref[0];
        String what = String.format("%s %s a=%x b=%x cf=%d", NAMES[kind], form, a, b, cin);
        assertEquals(expectedEax, g.r32(AX), what + ": EAX");
        assertEquals(Guest.CODE + code.length, g.ip(), what + ": IP");
        assertEquals(Guest.describe(ref[1] & ref[2]), Guest.describe(g.flags() & ref[2]), what + ": flags");
    }

    static final int[] EDGES8 = {0, 1, 2, 0x0F, 0x10, 0x7E, 0x7F, 0x80, 0x81, 0xF0, 0xFE, 0xFF};
    static final int[] EDGES16 = {0, 1, 0x0F, 0xFF, 0x100, 0x7FFF, 0x8000, 0x8001, 0xFF7F, 0xFF80, 0xFFFE, 0xFFFF};
    static final int[] EDGES32 = {0, 1, 0xF, 0x7F, 0x80, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001,
            0xFFFF_FF80, 0xFFFF_FFFE, 0xFFFF_FFFF};

    static Stream<Arguments> forms() {
        return Stream.of(Form.values()).flatMap(f -> IntStream.range(0, 8).mapToObj(k -> Arguments.of(f, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    void edgeValuesInEveryForm(Form form, int kind) {
        Guest g = new Guest();
        int[] edges = form.size == 1 ? EDGES8 : form.size == 2 ? EDGES16 : EDGES32;
        for (int a : edges) for (int b : edges) for (int cin = 0; cin < 2; cin++) check(g, form, kind, a, b, cin);
        Random r = new Random(kind * 31 + form.ordinal());
        for (int i = 0; i < 2000; i++) {
            int b = r.nextInt(4) == 0 ? (byte) r.nextInt() : r.nextInt();
            check(g, form, kind, r.nextInt(), b, r.nextInt(2));
        }
    }

    @Test
    void exhaustive8Bit() {
        Guest g = new Guest();
        for (int kind = 0; kind < 8; kind++) {
            for (int a = 0; a < 256; a++) {
                for (int b = 0; b < 256; b++) {
                    check(g, Form.EB_GB, kind, a, b, 0);
                    if (kind == ADC || kind == SBB) check(g, Form.EB_GB, kind, a, b, 1);
                }
            }
        }
    }

    /** Hand-computed SDM results for the classic edge cases, independent of the reference model. */
    @Test
    void classicEdgesByHand() {
        Guest g = new Guest();
        // 8-bit
        expect(g, Form.EB_GB, ADD, 0x7F, 0x01, 0, 0x80, OF | SF | AF);
        expect(g, Form.EB_GB, ADD, 0xFF, 0x01, 0, 0x00, CF | ZF | AF | PF);
        expect(g, Form.EB_GB, SUB, 0x80, 0x01, 0, 0x7F, OF | AF);
        expect(g, Form.EB_GB, SUB, 0x00, 0x01, 0, 0xFF, CF | SF | AF | PF);
        expect(g, Form.EB_GB, ADC, 0xFF, 0x00, 1, 0x00, CF | ZF | AF | PF);
        expect(g, Form.EB_GB, ADC, 0x7F, 0x00, 1, 0x80, OF | SF | AF);
        expect(g, Form.EB_GB, ADC, 0x05, 0xFF, 1, 0x05, CF | AF | PF);
        expect(g, Form.EB_GB, ADC, 0x05, 0xFF, 0, 0x04, CF | AF);
        expect(g, Form.EB_GB, SBB, 0x00, 0x00, 1, 0xFF, CF | SF | AF | PF);
        expect(g, Form.EB_GB, SBB, 0x05, 0x05, 1, 0xFF, CF | SF | AF | PF);
        expect(g, Form.EB_GB, SBB, 0x05, 0x05, 0, 0x00, ZF | PF);
        expect(g, Form.EB_GB, SBB, 0x80, 0x7F, 1, 0x00, OF | ZF | PF | AF);
        expect(g, Form.EB_GB, CMP, 0x03, 0x03, 0, 0x03, ZF | PF);
        expect(g, Form.EB_GB, CMP, 0x01, 0x02, 0, 0x01, CF | SF | AF | PF);
        expect(g, Form.EB_GB, AND, 0xF0, 0x0F, 1, 0x00, ZF | PF);
        expect(g, Form.EB_GB, OR, 0x80, 0x01, 1, 0x81, SF | PF);
        expect(g, Form.EB_GB, XOR, 0xFF, 0xFF, 1, 0x00, ZF | PF);
        expect(g, Form.EB_GB, XOR, 0xFF, 0xFE, 0, 0x01, 0);
        // 16-bit
        expect(g, Form.EV_GV, ADD, 0x7FFF, 1, 0, 0x8000, OF | SF | AF | PF);
        expect(g, Form.EV_GV, ADD, 0xFFFF, 1, 0, 0x0000, CF | ZF | AF | PF);
        expect(g, Form.EV_GV, SUB, 0x8000, 1, 0, 0x7FFF, OF | AF | PF);
        expect(g, Form.EV_GV, SUB, 0x0000, 1, 0, 0xFFFF, CF | SF | AF | PF);
        expect(g, Form.EV_GV, ADC, 0xFFFF, 0, 1, 0x0000, CF | ZF | AF | PF);
        expect(g, Form.EV_GV, SBB, 0x0000, 0, 1, 0xFFFF, CF | SF | AF | PF);
        expect(g, Form.EV_GV, ADD, 0x00FF, 1, 0, 0x0100, AF | PF);
        // 32-bit
        expect(g, Form.EV_GV32, ADD, 0x7FFF_FFFF, 1, 0, 0x8000_0000, OF | SF | AF | PF);
        expect(g, Form.EV_GV32, ADD, 0xFFFF_FFFF, 1, 0, 0, CF | ZF | AF | PF);
        expect(g, Form.EV_GV32, SUB, 0x8000_0000, 1, 0, 0x7FFF_FFFF, OF | AF | PF);
        expect(g, Form.EV_GV32, SUB, 0, 1, 0, 0xFFFF_FFFF, CF | SF | AF | PF);
        expect(g, Form.EV_GV32, ADC, 0xFFFF_FFFF, 0xFFFF_FFFF, 1, 0xFFFF_FFFF, CF | SF | AF | PF);
        expect(g, Form.EV_GV32, SBB, 0, 0xFFFF_FFFF, 1, 0, CF | ZF | PF | AF);
        // 0x83 sign-extends its byte: add ax,-1 / sub ax,-128 / and eax,-2
        expect(g, Form.G83, ADD, 0x0001, 0xFFFF, 0, 0x0000, CF | ZF | AF | PF);
        expect(g, Form.G83, SUB, 0x0000, 0xFF80, 0, 0x0080, CF);
        expect(g, Form.G83_32, AND, 0xFFFF_FFFF, 0xFFFF_FFFE, 0, 0xFFFF_FFFE, SF);
        expect(g, Form.G83_32, ADD, 0x7FFF_FFFF, 1, 0, 0x8000_0000, OF | SF | AF | PF);
    }

    private static void expect(Guest g, Form form, int kind, int a, int b, int cin, int result, int flags) {
        g.load(Guest.CODE, form.code(kind, b));
        g.cpu.eip = Guest.CODE;
        int m = form.size == 4 ? -1 : (1 << form.size * 8) - 1;
        g.set32(AX, (MARK & ~m) | (a & m)).set32(BX, (MARK & ~m) | (b & m)).flags(cin != 0 ? CF : 0);
        g.run(1);
        assertEquals(result, g.r32(AX) & m, NAMES[kind] + " result");
        g.assertFlags(flags, kind == AND || kind == OR || kind == XOR ? ARITH & ~AF : ARITH);
    }

    @Test
    void memoryDestinationIsWrittenButCmpAndTestAreNot() {
        // add [bx+si],al ; add [bx+si+4],ax ; cmp byte [bx],3 ; sub word [bx+si+4],byte 1 ; test word [bx],0x8000 ; add al,[bx]
        Guest g = Guest.of(0x00, 0x00, 0x01, 0x40, 0x04, 0x80, 0x3F, 0x03, 0x83, 0x68, 0x04, 0x01,
                0xF7, 0x07, 0x00, 0x80, 0x02, 0x07);
        g.set16(BX, 0x2000).set16(SI, 0x10).set16(AX, 0x1234);
        g.w8(0x2010, 0xF0).w16(0x2014, 0x8000).w8(0x2000, 0x03);
        g.run(1);
        assertEquals(0x24, g.m8(0x2010)); // 0xF0 + 0x34
        g.assertFlags(CF | PF);
        g.run(1);
        assertEquals(0x9234, g.m16(0x2014));
        g.assertFlags(SF);
        g.run(1); // cmp 3,3
        assertEquals(0x03, g.m8(0x2000));
        g.assertFlags(ZF | PF);
        g.run(1); // 0x9234 - 1
        assertEquals(0x9233, g.m16(0x2014));
        g.assertFlags(SF | PF);
        g.w16(0x2000, 0x8003);
        g.run(1); // test 0x8003, 0x8000
        assertEquals(0x8003, g.m16(0x2000));
        g.assertFlags(SF | PF, ARITH & ~AF);
        g.run(1); // add al,[bx] = 0x34 + 0x03
        assertEquals(0x1237, g.r16(AX));
    }

    @Test
    void testInstructionForms() {
        // test al,bl ; test ax,bx ; test al,0x80 ; test ax,0x8000 ; test byte [bx],0x80 ; o32 test eax,ebx ; test bl,al(84 C3)
        Guest g = Guest.of(0x84, 0xD8, 0x85, 0xD8, 0xA8, 0x80, 0xA9, 0x00, 0x80, 0xF6, 0x07, 0x80,
                0x66, 0x85, 0xD8, 0x84, 0xC3);
        g.set32(AX, 0x8000_80F0).set32(BX, 0x8000_000F).w8(0, 0x81).flags(CF | OF);
        int logic = ARITH & ~AF;
        g.run(1);
        g.assertFlags(ZF | PF, logic);
        assertEquals(0x80F0, g.r16(AX));
        g.run(1); // 0x80F0 & 0x000F = 0
        g.assertFlags(ZF | PF, logic);
        g.run(1); // 0xF0 & 0x80
        g.assertFlags(SF, logic);
        g.run(1); // 0x80F0 & 0x8000 = 0x8000 (low byte 0 -> PF)
        g.assertFlags(SF | PF, logic);
        g.set16(BX, 0);
        g.run(1); // [0] = 0x81 & 0x80
        g.assertFlags(SF, logic);
        g.set32(BX, 0x8000_0000);
        g.run(1); // eax & 0x80000000
        g.assertFlags(SF | PF, logic);
        g.run(1); // bl(0) & al
        g.assertFlags(ZF | PF, logic);
        assertEquals(0x8000_80F0, g.r32(AX));
        assertEquals(0x8000_0000, g.r32(BX));
    }

    @Test
    void incDecPreserveCarry() {
        // inc al ; dec al ; inc ax ; dec ax ; o32 inc eax ; o32 dec eax ; inc byte [bx] ; dec word [bx] ; inc si ; dec si
        Guest g = Guest.of(0xFE, 0xC0, 0xFE, 0xC8, 0x40, 0x48, 0x66, 0x40, 0x66, 0x48, 0xFE, 0x07, 0xFF, 0x0F,
                0x46, 0x4E);
        for (int cf = 0; cf < 2; cf++) {
            g.cpu.eip = Guest.CODE;
            g.set32(AX, 0x1234_56FF).flags(cf);
            g.run(1); // inc al: 0xFF -> 0x00
            assertEquals(0x1234_5600, g.r32(AX));
            g.assertFlags(cf | ZF | AF | PF);
            g.run(1); // dec al: 0x00 -> 0xFF
            assertEquals(0x1234_56FF, g.r32(AX));
            g.assertFlags(cf | SF | AF | PF);
            g.set32(AX, 0x1234_7FFF);
            g.run(1); // inc ax: 0x7FFF -> 0x8000
            assertEquals(0x1234_8000, g.r32(AX));
            g.assertFlags(cf | OF | SF | AF | PF);
            g.run(1); // dec ax: 0x8000 -> 0x7FFF
            assertEquals(0x1234_7FFF, g.r32(AX));
            g.assertFlags(cf | OF | AF | PF);
            g.set32(AX, 0xFFFF_FFFF);
            g.run(1); // inc eax
            assertEquals(0, g.r32(AX));
            g.assertFlags(cf | ZF | AF | PF);
            g.set32(AX, 0x8000_0000);
            g.run(1); // dec eax -> 0x7FFFFFFF
            assertEquals(0x7FFF_FFFF, g.r32(AX));
            g.assertFlags(cf | OF | AF | PF);
            g.set16(BX, 0x3000).w16(0x3000, 0x007F);
            g.run(1); // inc byte [bx]: 0x7F -> 0x80
            assertEquals(0x0080, g.m16(0x3000));
            g.assertFlags(cf | OF | SF | AF);
            g.w16(0x3000, 0x0000);
            g.run(1); // dec word [bx]: 0 -> 0xFFFF
            assertEquals(0xFFFF, g.m16(0x3000));
            g.assertFlags(cf | SF | AF | PF);
            g.set32(SI, 0xABCD_000E);
            g.run(1); // inc si: 0x000E -> 0x000F (no AF)
            assertEquals(0xABCD_000F, g.r32(SI));
            g.assertFlags(cf | PF);
            g.run(1); // dec si
            assertEquals(0xABCD_000E, g.r32(SI));
            g.assertFlags(cf);
        }
    }

    @Test
    void negAndNot() {
        // neg al ; neg al ; neg al ; neg ax ; o32 neg eax ; not al ; not word [bx] ; neg byte [bx]
        Guest g = Guest.of(0xF6, 0xD8, 0xF6, 0xD8, 0xF6, 0xD8, 0xF7, 0xD8, 0x66, 0xF7, 0xD8, 0xF6, 0xD0,
                0xF7, 0x17, 0xF6, 0x1F);
        g.set32(AX, 0x1111_2200).flags(CF);
        g.run(1); // neg 0 -> 0, CF=0
        assertEquals(0x1111_2200, g.r32(AX));
        g.assertFlags(ZF | PF);
        g.set8(AX, 1);
        g.run(1); // neg 1 -> 0xFF
        assertEquals(0xFF, g.r8(AX));
        g.assertFlags(CF | SF | AF | PF);
        g.set8(AX, 0x80);
        g.run(1); // neg 0x80 -> 0x80, overflow
        assertEquals(0x80, g.r8(AX));
        g.assertFlags(CF | OF | SF);
        g.set16(AX, 0x8000);
        g.run(1); // neg 0x8000
        assertEquals(0x8000, g.r16(AX));
        g.assertFlags(CF | OF | SF | PF);
        g.set32(AX, 5);
        g.run(1); // neg eax
        assertEquals(-5, g.r32(AX));
        g.assertFlags(CF | SF | AF);
        int before = ARITH;
        g.flags(before);
        g.run(1); // not al: 0xFB -> 0x04, flags unaffected
        assertEquals(0x04, g.r8(AX));
        assertEquals(-5 & ~0xFF | 0x04, g.r32(AX));
        g.assertFlags(before);
        g.set16(BX, 0x3000).w16(0x3000, 0x00F0).flags(0);
        g.run(1); // not word [bx]
        assertEquals(0xFF0F, g.m16(0x3000));
        g.assertFlags(0);
        g.run(1); // neg byte [bx]: 0x0F -> 0xF1
        assertEquals(0xFFF1, g.m16(0x3000));
        g.assertFlags(CF | SF | AF);
    }
}
