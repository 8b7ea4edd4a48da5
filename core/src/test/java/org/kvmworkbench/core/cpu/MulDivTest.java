package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DX;
import static org.kvmworkbench.core.cpu.Guest.OF;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MUL/IMUL (one, two and three operands) and DIV/IDIV. SDM: MUL/IMUL define only CF and OF (set when the
 * upper half is significant); DIV/IDIV leave every flag undefined and raise #DE on a zero divisor or a
 * quotient that does not fit.
 */
class MulDivTest {
    static final int CFOF = CF | OF;

    /** One-operand forms: size, signed, a (AL/AX/EAX), edx in, b, expected EAX, expected EDX, overflow. */
    @ParameterizedTest(name = "{0}-bit {1} {2}*{4}")
    @CsvSource({
        // mul bl (F6 E3)
        "8,  false, 0x80, 0x5555, 0x02, 0x0100, 0x5555, true",
        "8,  false, 0x10, 0x5555, 0x0F, 0x00F0, 0x5555, false",
        "8,  false, 0xFF, 0x5555, 0xFF, 0xFE01, 0x5555, true",
        // imul bl (F6 EB)
        "8,  true,  0xFF, 0, 0x80, 0x0080, 0, true",
        "8,  true,  0xFE, 0, 0x40, 0xFF80, 0, false",
        "8,  true,  0x7F, 0, 0x7F, 0x3F01, 0, true",
        "8,  true,  0xFF, 0, 0xFF, 0x0001, 0, false",
        // mul bx (F7 E3)
        "16, false, 0xFFFF, 0, 0xFFFF, 0x0001, 0xFFFE, true",
        "16, false, 0x0100, 0, 0x0100, 0x0000, 0x0001, true",
        "16, false, 0x7FFF, 0xFFFF, 0x0002, 0xFFFE, 0x0000, false",
        // imul bx (F7 EB)
        "16, true,  0x8000, 0, 0xFFFF, 0x8000, 0x0000, true",
        "16, true,  0xFFFF, 0, 0xFFFF, 0x0001, 0x0000, false",
        "16, true,  0xFFFE, 0, 0x4000, 0x8000, 0xFFFF, false",
        "16, true,  0x8000, 0, 0x8000, 0x0000, 0x4000, true",
        // mul ebx (66 F7 E3)
        "32, false, 0xFFFFFFFF, 0, 0xFFFFFFFF, 0x00000001, 0xFFFFFFFE, true",
        "32, false, 0x00010000, 0, 0x00010000, 0x00000000, 0x00000001, true",
        "32, false, 0x12345678, 0x99, 0x00000002, 0x2468ACF0, 0x00000000, false",
        // imul ebx (66 F7 EB)
        "32, true,  0x80000000, 0, 0xFFFFFFFF, 0x80000000, 0x00000000, true",
        "32, true,  0xFFFFFFFF, 0, 0xFFFFFFFF, 0x00000001, 0x00000000, false",
        "32, true,  0xFFFFFFFE, 0, 0x40000000, 0x80000000, 0xFFFFFFFF, false",
    })
    void oneOperandMultiply(int bits, boolean signed, long a, long dxIn, long b, long eax, long edx, boolean overflow) {
        int modrm = signed ? 0xEB : 0xE3;
        Guest g = bits == 8 ? Guest.of(0xF6, modrm) : bits == 16 ? Guest.of(0xF7, modrm) : Guest.of(0x66, 0xF7, modrm);
        int keep = bits == 8 ? 0x1234_0000 : bits == 16 ? 0x7777_0000 : 0;
        g.set32(AX, keep | (int) a).set32(DX, (bits == 16 ? 0x6666_0000 : 0) | (int) dxIn).set32(BX, (int) b);
        g.flags(overflow ? 0 : CFOF);
        g.run(1);
        if (bits == 8) {
            assertEquals(0x1234_0000 | (int) eax, g.r32(AX));
        } else if (bits == 16) {
            assertEquals(0x7777_0000 | (int) eax, g.r32(AX));
        } else {
            assertEquals((int) eax, g.r32(AX));
        }
        assertEquals((bits == 16 ? 0x6666_0000 : 0) | (int) edx, g.r32(DX));
        g.assertFlags(overflow ? CFOF : 0, CFOF);
    }

    @Test
    void twoAndThreeOperandImul() {
        Guest g = Guest.of(
                0x0F, 0xAF, 0xC3,                   // imul ax,bx
                0x0F, 0xAF, 0xC3,                   // imul ax,bx
                0x6B, 0xC3, 0x05,                   // imul ax,bx,5
                0x69, 0xC3, 0xD4, 0xFE,             // imul ax,bx,-300
                0x69, 0xC3, 0xD4, 0xFE,             // imul ax,bx,-300
                0x66, 0x6B, 0xC3, 0xFE,             // imul eax,ebx,byte -2
                0x66, 0x6B, 0xC3, 0xFE,             // imul eax,ebx,byte -2
                0x66, 0x69, 0xC3, 0x00, 0x00, 0x01, 0x00, // imul eax,ebx,0x10000
                0x66, 0x0F, 0xAF, 0xC3,             // imul eax,ebx
                0x6B, 0x0F, 0x07,                   // imul cx,[bx],7
                0x0F, 0xAF, 0x07);                  // imul ax,[bx]
        g.set32(AX, 0xABCD_0100).set32(BX, 0x0100).set32(DX, 0x1111);
        g.run(1);
        assertEquals(0xABCD_0000, g.r32(AX));
        g.assertFlags(CFOF, CFOF);
        g.set16(AX, 0xFFFF).set16(BX, 5);
        g.run(1);
        assertEquals(0xFFFB, g.r16(AX));
        g.assertFlags(0, CFOF);
        g.set16(BX, 0x2000);
        g.run(1); // 0x2000*5 = 40960 does not fit a signed word
        assertEquals(0xA000, g.r16(AX));
        g.assertFlags(CFOF, CFOF);
        g.set16(BX, 100);
        g.run(1); // -30000
        assertEquals(0x8AD0, g.r16(AX));
        g.assertFlags(0, CFOF);
        g.set16(BX, 110);
        g.run(1); // -33000 overflows
        assertEquals(-33000 & 0xFFFF, g.r16(AX));
        g.assertFlags(CFOF, CFOF);
        assertEquals(0x1111, g.r32(DX)); // two/three-operand forms never touch DX
        g.set32(BX, 0x4000_0000);
        g.run(1);
        assertEquals(0x8000_0000, g.r32(AX));
        g.assertFlags(0, CFOF);
        g.set32(BX, 0x4000_0001);
        g.run(1);
        assertEquals(0x7FFF_FFFE, g.r32(AX));
        g.assertFlags(CFOF, CFOF);
        g.set32(BX, 0x8000);
        g.run(1); // 2^31 overflows
        assertEquals(0x8000_0000, g.r32(AX));
        g.assertFlags(CFOF, CFOF);
        g.set32(AX, -3).set32(BX, 7);
        g.run(1);
        assertEquals(-21, g.r32(AX));
        g.assertFlags(0, CFOF);
        g.set16(BX, 0x3000).w16(0x3000, 0x1000).set32(CX, 0xFFFF_FFFF);
        g.run(1);
        assertEquals(0xFFFF_7000, g.r32(CX));
        g.assertFlags(0, CFOF);
        g.set16(AX, 0x10);
        g.run(1);
        assertEquals(0x0000, g.r16(AX));
        g.assertFlags(CFOF, CFOF);
        assertEquals(0x1111, g.r32(DX));
    }

    /** One-operand divide: size, signed, edx:eax in, divisor, quotient, remainder (or "DE"). */
    @ParameterizedTest(name = "{0}-bit {1} {2}:{3}/{4}")
    @CsvSource({
        // div bl (F6 F3): AX / BL -> AL quotient, AH remainder
        "8,  false, 0, 0x0100, 0x02, 0x80, 0x00",
        "8,  false, 0, 0x00FF, 0x10, 0x0F, 0x0F",
        "8,  false, 0, 0x0200, 0x02, DE, DE",
        "8,  false, 0, 0x0005, 0x00, DE, DE",
        // idiv bl (F6 FB)
        "8,  true,  0, 0xFFF9, 0x02, 0xFD, 0xFF",
        "8,  true,  0, 0x0007, 0xFE, 0xFD, 0x01",
        "8,  true,  0, 0xFF80, 0x01, 0x80, 0x00",
        "8,  true,  0, 0x0080, 0x01, DE, DE",
        "8,  true,  0, 0xFF80, 0xFF, DE, DE",
        "8,  true,  0, 0x8000, 0xFF, DE, DE",
        // div bx (F7 F3): DX:AX / BX
        "16, false, 0x0001, 0x0000, 0x0002, 0x8000, 0x0000",
        "16, false, 0x0001, 0x0005, 0x1000, 0x0010, 0x0005",
        "16, false, 0x0002, 0x0003, 0x0002, DE, DE",
        "16, false, 0x0000, 0x1234, 0x0000, DE, DE",
        // idiv bx (F7 FB)
        "16, true,  0xFFFF, 0x0000, 0x0002, 0x8000, 0x0000",
        "16, true,  0x0000, 0x0007, 0xFFFE, 0xFFFD, 0x0001",
        "16, true,  0x8000, 0x0000, 0xFFFF, DE, DE",
        "16, true,  0x0000, 0x8000, 0xFFFF, 0x8000, 0x0000",
        "16, true,  0xFFFF, 0x8001, 0xFFFF, 0x7FFF, 0x0000",
        "16, true,  0x0000, 0x8000, 0x0001, DE, DE",
        // div ebx (66 F7 F3)
        "32, false, 0x00000001, 0x00000000, 0x00000002, 0x80000000, 0x00000000",
        "32, false, 0x00000000, 0xFFFFFFFF, 0x00000010, 0x0FFFFFFF, 0x0000000F",
        "32, false, 0x00000002, 0x00000000, 0x00000002, DE, DE",
        "32, false, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, DE, DE",
        // idiv ebx (66 F7 FB)
        "32, true,  0xFFFFFFFF, 0xFFFFFFF9, 0x00000002, 0xFFFFFFFD, 0xFFFFFFFF",
        "32, true,  0x80000000, 0x00000000, 0xFFFFFFFF, DE, DE",
        "32, true,  0xFFFFFFFF, 0x80000000, 0xFFFFFFFF, DE, DE",
        "32, true,  0xFFFFFFFF, 0x80000000, 0x00000001, 0x80000000, 0x00000000",
    })
    void oneOperandDivide(int bits, boolean signed, long edx, long eax, long divisor, String q, String r) {
        int modrm = signed ? 0xFB : 0xF3;
        Guest g = bits == 8 ? Guest.of(0xF6, modrm) : bits == 16 ? Guest.of(0xF7, modrm) : Guest.of(0x66, 0xF7, modrm);
        g.ivt(0, 0x0300, 0x0010).load(0x3010, 0xF4); // #DE handler: hlt at 0300:0010
        int hiA = bits == 32 ? 0 : 0x5A5A_0000, hiD = bits == 16 ? 0x3C3C_0000 : 0;
        g.set32(AX, hiA | (int) eax).set32(DX, hiD | (int) edx).set32(BX, (int) divisor);
        if (q.equals("DE")) {
            g.flags(Cpu.IF | Cpu.TF | Guest.ZF);
            int flagsBefore = g.flags();
            g.exit(CpuExit.Kind.HLT);
            // real-mode delivery: FLAGS, CS, IP of the faulting DIV pushed; IF and TF cleared; handler CS:IP from the IVT
            assertEquals(0x0300, g.cpu.selector[Seg.CS]);
            assertEquals(0x0010, g.ip());
            assertEquals(Guest.STACK - 6, g.sp());
            assertEquals(Guest.CODE, g.m16(Guest.STACK - 6));
            assertEquals(0, g.m16(Guest.STACK - 4));
            assertEquals(flagsBefore & 0xFFFF, g.m16(Guest.STACK - 2));
            assertEquals(0, g.flags() & (Cpu.IF | Cpu.TF));
            assertEquals(hiA | (int) eax, g.r32(AX)); // nothing written
            assertEquals(hiD | (int) edx, g.r32(DX));
            return;
        }
        g.run(1);
        long qq = Long.decode(q), rr = Long.decode(r);
        if (bits == 8) {
            assertEquals(hiA | (int) (rr << 8 | qq), g.r32(AX));
        } else {
            assertEquals(hiA | (int) qq, g.r32(AX));
            assertEquals(hiD | (int) rr, g.r32(DX));
        }
    }

    @Test
    void divideErrorInTheExceptionBitmapExits() {
        // xor bl,bl ; div bl
        Guest g = Guest.of(0x30, 0xDB, 0xF6, 0xF3);
        g.controls.bitmap = 1;
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(0, e.vector);
        assertEquals(false, e.softwareException);
        assertEquals(0, e.instructionLength);
        assertEquals(Guest.CODE + 2, e.ip);
        assertEquals(Guest.CODE + 2, g.ip());
        assertEquals(Guest.STACK, g.sp());
    }

    @Test
    void memoryOperands() {
        // mul byte [bx] ; div word [bx+2]
        Guest g = Guest.of(0xF6, 0x27, 0xF7, 0x77, 0x02);
        g.set16(BX, 0x3000).w8(0x3000, 200).w16(0x3002, 7).set16(AX, 200);
        g.run(1);
        assertEquals(40000, g.r16(AX));
        g.assertFlags(CFOF, CFOF);
        g.set16(DX, 0);
        g.run(1);
        assertEquals(40000 / 7, g.r16(AX));
        assertEquals(40000 % 7, g.r16(DX));
    }
}
