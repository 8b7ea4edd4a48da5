package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AF;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BP;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DI;
import static org.kvmworkbench.core.cpu.Guest.DX;
import static org.kvmworkbench.core.cpu.Guest.OF;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.SI;
import static org.kvmworkbench.core.cpu.Guest.SP;
import static org.kvmworkbench.core.cpu.Guest.STACK;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LEA, XCHG, flag instructions, NOP, MOVZX/MOVSX, SETcc, LES/LDS, CBW/CWD/CWDE/CDQ, SAHF/LAHF, XLAT,
 * operand/address-size prefixes and the real-mode 64 KiB segment limit.
 */
class MiscTest {
    @Test
    void lea16And32BitAddressing() {
        Guest g = Guest.of(
                0x8D, 0x40, 0x05,                                     // lea ax,[bx+si+5]
                0x66, 0x67, 0x8D, 0x84, 0x8B, 0x00, 0x01, 0x00, 0x00, // lea eax,[ebx+ecx*4+0x100]
                0x66, 0x67, 0x8D, 0x44, 0x24, 0x08,                   // lea eax,[esp+8]
                0x66, 0x67, 0x8D, 0x45, 0xFC,                         // lea eax,[ebp-4]
                0x66, 0x67, 0x8D, 0x04, 0xCD, 0x78, 0x56, 0x34, 0x12, // lea eax,[ecx*8+0x12345678]
                0x67, 0x8D, 0x04, 0x73,                               // lea ax,[ebx+esi*2]
                0x66, 0x8D, 0x01,                                     // lea eax,[bx+di]
                0x66, 0x67, 0x8D, 0x04, 0x9B,                         // lea eax,[ebx+ebx*4]
                0x66, 0x67, 0x8D, 0x05, 0x34, 0x12, 0x00, 0x00,       // lea eax,[dword 0x1234]
                0x66, 0x67, 0x8D, 0x04, 0x24,                         // lea eax,[esp]  (SIB index 4 = none)
                0x66, 0x67, 0x8D, 0x64, 0x6D, 0x10);                  // lea esp,[ebp+ebp*2+0x10]
        g.set32(BX, 0x1000).set32(SI, 0x0200).set32(CX, 0x100).set32(BP, 0x20000).set32(DI, 0xF001).flags(ARITH);
        g.run(1);
        assertEquals(0x1205, g.r16(AX));
        g.set32(BX, 0x10000);
        g.run(1);
        assertEquals(0x10500, g.r32(AX));
        g.run(1);
        assertEquals(STACK + 8, g.r32(AX));
        g.run(1);
        assertEquals(0x1FFFC, g.r32(AX));
        g.run(1);
        assertEquals(0x1234_5E78, g.r32(AX));
        g.set32(AX, 0xFFFF_FFFF).set32(SI, 0x8001);
        g.run(1); // 0x10000 + 0x10002 truncated to 16 bits
        assertEquals(0xFFFF_0002, g.r32(AX));
        g.set32(BX, 0x1000);
        g.run(1); // 16-bit address 0x1000 + 0xF001 wraps to 0x0001, zero-extended into EAX
        assertEquals(0x0000_0001, g.r32(AX));
        g.run(1);
        assertEquals(0x5000, g.r32(AX));
        g.run(1);
        assertEquals(0x1234, g.r32(AX));
        g.run(1);
        assertEquals(STACK, g.r32(AX));
        g.run(1);
        assertEquals(0x60010, g.r32(SP));
        g.assertFlags(ARITH);
    }

    @Test
    void leaWithARegisterOperandIsUndefined() {
        // lea ax,ax (8D C0) -> #UD
        Guest g = Guest.of(0x8D, 0xC0);
        g.ivt(6, 0, 0x5000).load(0x5000, 0xF4);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x5000, g.ip());
        assertEquals(CODE, g.m16(STACK - 6));
    }

    @Test
    void xchg() {
        Guest g = Guest.of(
                0x93,             // xchg ax,bx
                0x86, 0xC3,       // xchg al,bl
                0x87, 0x07,       // xchg [bx],ax
                0x66, 0x91,       // xchg eax,ecx
                0x87, 0xCA,       // xchg cx,dx
                0x86, 0xE0);      // xchg al,ah
        g.set32(AX, 0xAAAA_1111).set32(BX, 0xBBBB_3000).set32(CX, 0xCCCC_CCCC).set32(DX, 0xDDDD_DDDD).flags(ARITH);
        g.w16(0x3011, 0x4242);
        g.run(1);
        assertEquals(0xAAAA_3000, g.r32(AX));
        assertEquals(0xBBBB_1111, g.r32(BX));
        g.run(1);
        assertEquals(0xAAAA_3011, g.r32(AX));
        assertEquals(0xBBBB_1100, g.r32(BX));
        g.set16(BX, 0x3011);
        g.run(1);
        assertEquals(0xAAAA_4242, g.r32(AX));
        assertEquals(0x3011, g.m16(0x3011));
        g.run(1);
        assertEquals(0xCCCC_CCCC, g.r32(AX));
        assertEquals(0xAAAA_4242, g.r32(CX));
        g.run(1);
        assertEquals(0xAAAA_DDDD, g.r32(CX));
        assertEquals(0xDDDD_4242, g.r32(DX));
        g.set16(AX, 0x1234);
        g.run(1);
        assertEquals(0x3412, g.r16(AX));
        g.assertFlags(ARITH);
    }

    @Test
    void flagInstructions() {
        // cli ; sti ; cld ; std ; clc ; stc ; cmc ; cmc
        Guest g = Guest.of(0xFA, 0xFB, 0xFC, 0xFD, 0xF8, 0xF9, 0xF5, 0xF5);
        for (int base : new int[] {0, ARITH & ~CF}) {
            g.cpu.eip = CODE;
            g.flags(base | Cpu.IF | Cpu.DF);
            g.run(1);
            assertEquals(base | Cpu.DF | 2, g.flags());
            g.run(1);
            assertEquals(base | Cpu.DF | Cpu.IF | 2, g.flags());
            g.run(1);
            assertEquals(base | Cpu.IF | 2, g.flags());
            g.run(1);
            assertEquals(base | Cpu.IF | Cpu.DF | 2, g.flags());
            g.run(1);
            assertEquals(base | Cpu.IF | Cpu.DF | 2, g.flags());
            g.run(1);
            assertEquals(base | CF | Cpu.IF | Cpu.DF | 2, g.flags());
            g.run(1);
            assertEquals(base | Cpu.IF | Cpu.DF | 2, g.flags());
            g.run(1);
            assertEquals(base | CF | Cpu.IF | Cpu.DF | 2, g.flags());
        }
    }

    @Test
    void cmcAfterLazyArithmetic() {
        // add al,bl (0xFF + 1: CF ZF AF PF) ; cmc ; clc ; stc
        Guest g = Guest.of(0x00, 0xD8, 0xF5, 0xF8, 0xF9);
        g.set8(AX, 0xFF).set8(BX, 1);
        g.run(2);
        g.assertFlags(ZF | AF | PF);
        g.run(1);
        g.assertFlags(ZF | AF | PF);
        g.run(1);
        g.assertFlags(CF | ZF | AF | PF);
    }

    @Test
    void nop() {
        // nop ; xchg ax,ax with o32 (66 90) ; pause (F3 90)
        Guest g = Guest.of(0x90, 0x66, 0x90, 0xF3, 0x90);
        g.set32(AX, 0x1234_5678).flags(ARITH | Cpu.DF);
        int before = g.flags();
        g.run(3);
        assertEquals(CODE + 5, g.ip());
        assertEquals(0x1234_5678, g.r32(AX));
        assertEquals(before, g.flags());
        assertEquals(STACK, g.sp());
    }

    @Test
    void movzxMovsx() {
        Guest g = Guest.of(
                0x0F, 0xB6, 0xC3,       // movzx ax,bl
                0x66, 0x0F, 0xB7, 0xCB, // movzx ecx,bx
                0x66, 0x0F, 0xB6, 0x17, // movzx edx,byte [bx]
                0x0F, 0xBE, 0xC3,       // movsx ax,bl
                0x66, 0x0F, 0xBF, 0xCB, // movsx ecx,bx
                0x66, 0x0F, 0xBE, 0x17, // movsx edx,byte [bx]
                0x0F, 0xBF, 0x37);      // movsx si,word [bx]
        g.set32(AX, 0xFFFF_FFFF).set32(BX, 0x1111_3080).set32(CX, -1).set32(DX, -1).set32(SI, -1).flags(ARITH);
        g.w16(0x3080, 0x80F0);
        g.run(1);
        assertEquals(0xFFFF_0080, g.r32(AX));
        g.run(1);
        assertEquals(0x0000_3080, g.r32(CX));
        g.run(1);
        assertEquals(0x0000_00F0, g.r32(DX));
        g.run(1);
        assertEquals(0xFFFF_FF80, g.r32(AX));
        g.set16(BX, 0x8000);
        g.run(1);
        assertEquals(0xFFFF_8000, g.r32(CX));
        g.set16(BX, 0x3080);
        g.run(1);
        assertEquals(0xFFFF_FFF0, g.r32(DX));
        g.set32(SI, 0x1234_0000);
        g.run(1);
        assertEquals(0x1234_80F0, g.r32(SI));
        g.assertFlags(ARITH);
    }

    @Test
    void setccAllConditions() {
        int[] relevant = {CF, PF, ZF, SF, OF};
        for (int cc = 0; cc < 16; cc++) {
            for (int combo = 0; combo < 32; combo++) {
                int f = 0;
                for (int b = 0; b < 5; b++) if ((combo & 1 << b) != 0) f |= relevant[b];
                // set<cc> al ; set<cc> byte [bx]
                Guest g = Guest.of(0x0F, 0x90 + cc, 0xC0, 0x0F, 0x90 + cc, 0x07);
                g.set32(AX, 0x1234_56AA).set16(BX, 0x3000).w8(0x3000, 0xAA).flags(f);
                g.run(2);
                int expected = ControlFlowTest.conditionHolds(cc, f) ? 1 : 0;
                assertEquals(0x1234_5600 | expected, g.r32(AX), "cc " + cc + " " + Guest.describe(f));
                assertEquals(expected, g.m8(0x3000));
                g.assertFlags(f);
            }
        }
    }

    @Test
    void lesLds() {
        Guest g = Guest.of(
                0xC4, 0x1C,             // les bx,[si]
                0xC5, 0x37,             // lds si,[bx]   (DS still 0 when the pointer is read)
                0x66, 0xC4, 0x3C);      // les edi,[si]  (new DS)
        g.set16(SI, 0x3000).w16(0x3000, 0x0010).w16(0x3002, 0x0500);
        g.w16(0x0010, 0x0020).w16(0x0012, 0x0600);
        g.w32(0x6020, 0x1234_5678).w16(0x6024, 0x0700);
        g.run(1);
        assertEquals(0x0010, g.r16(BX));
        assertEquals(0x0500, g.cpu.selector[Seg.ES]);
        assertEquals(0x5000, g.cpu.segBase[Seg.ES]);
        g.run(1);
        assertEquals(0x0020, g.r16(SI));
        assertEquals(0x0600, g.cpu.selector[Seg.DS]);
        g.run(1);
        assertEquals(0x1234_5678, g.r32(DI));
        assertEquals(0x0700, g.cpu.selector[Seg.ES]);
    }

    @Test
    void lesWithARegisterOperandIsUndefined() {
        Guest g = Guest.of(0xC4, 0xC0); // les ax,ax -> #UD
        g.ivt(6, 0, 0x5000).load(0x5000, 0xF4);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x5000, g.ip());
        assertEquals(0, g.cpu.selector[Seg.ES]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "cbw,  0x12340080, 0x55555555, 0x1234FF80, 0x55555555",
        "cbw,  0x1234FF7F, 0x55555555, 0x1234007F, 0x55555555",
        "cwd,  0x12348000, 0x55555555, 0x12348000, 0x5555FFFF",
        "cwd,  0x12347FFF, 0x5555AAAA, 0x12347FFF, 0x55550000",
        "cwde, 0x12348000, 0x55555555, 0xFFFF8000, 0x55555555",
        "cwde, 0xFFFF7FFF, 0x55555555, 0x00007FFF, 0x55555555",
        "cdq,  0x80000000, 0x00000000, 0x80000000, 0xFFFFFFFF",
        "cdq,  0x7FFFFFFF, 0xFFFFFFFF, 0x7FFFFFFF, 0x00000000"})
    void signExtensions(String op, long eax, long edx, long eaxOut, long edxOut) {
        int[] code = switch (op) {
            case "cbw" -> new int[] {0x98};
            case "cwd" -> new int[] {0x99};
            case "cwde" -> new int[] {0x66, 0x98};
            default -> new int[] {0x66, 0x99};
        };
        Guest g = Guest.of(code).set32(AX, (int) eax).set32(DX, (int) edx).flags(ARITH);
        g.run(1);
        assertEquals((int) eaxOut, g.r32(AX));
        assertEquals((int) edxOut, g.r32(DX));
        g.assertFlags(ARITH);
    }

    @Test
    void sahfLahf() {
        // sahf ; lahf ; sahf ; lahf
        Guest g = Guest.of(0x9E, 0x9F, 0x9E, 0x9F);
        g.set16(AX, 0xFF00).flags(0);
        g.run(1);
        assertEquals(SF | ZF | AF | PF | CF | 2, g.flags()); // OF untouched (still 0)
        g.run(1);
        assertEquals(0xD7, g.r8(4)); // SF ZF 0 AF 0 PF 1 CF
        g.set16(AX, 0x0000).flags(ARITH);
        g.run(1);
        assertEquals(OF | 2, g.flags());
        g.run(1);
        assertEquals(0x02, g.r8(4));
        assertEquals(0x00, g.r8(AX));
    }

    @Test
    void lahfAfterLazyFlags() {
        // sub al,1 (0 - 1: CF SF AF PF) ; lahf
        Guest g = Guest.of(0x2C, 0x01, 0x9F);
        g.set16(AX, 0);
        g.run(2);
        assertEquals(0x97, g.r8(4));
    }

    @Test
    void xlat() {
        // xlat ; es xlat
        Guest g = Guest.of(0xD7, 0x26, 0xD7);
        g.seg(Seg.DS, 0x100).seg(Seg.ES, 0x200).set32(BX, 0xFFFF_3000).set16(AX, 0x12F0);
        g.w8(0x1000 + 0x30F0, 0x42).w8(0x2000 + 0x3042, 0x99);
        g.run(1);
        assertEquals(0x1242, g.r16(AX));
        g.run(1);
        assertEquals(0x1299, g.r16(AX));
    }

    @Test
    void operandAndAddressSizePrefixes() {
        Guest g = Guest.of(
                0x66, 0x67, 0x8B, 0x44, 0x4B, 0x04, // mov eax,[ebx+ecx*2+4]
                0x67, 0x8B, 0x54, 0x35, 0x00,       // mov dx,[ebp+esi]  (SS)
                0x67, 0x8B, 0x3C, 0x24,             // mov di,[esp]      (SS)
                0x67, 0x66, 0x01, 0x07);            // add [edi],eax  (prefixes in either order)
        g.seg(Seg.SS, 0x2000).set32(BX, 0x1000).set32(CX, 0x800).set32(BP, 0x100).set32(SI, 0x20);
        g.w32(0x1000 + 0x1000 + 4, 0xDEAD_BEEF);
        g.w16(0x20000 + 0x120, 0x4321);
        g.w16(0x20000 + STACK, 0x3000);
        g.run(1);
        assertEquals(0xDEAD_BEEF, g.r32(AX));
        g.run(1);
        assertEquals(0x4321, g.r16(DX));
        g.run(1);
        assertEquals(0x3000, g.r16(DI));
        g.w32(0x3000, 0x1111_1111);
        g.run(1);
        assertEquals(0xEFBE_D000, g.m32(0x3000));
        g.assertFlags(SF | PF | AF, ARITH);
    }

    /** Real mode still enforces the 64 KiB limit (SDM Vol. 3A §21.1.1): #GP for data segments, #SS for SS. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a32 word at 0x10000, 13, '0x67, 0xA1, 0x00, 0x00, 0x01, 0x00'",
        "a32 word at 0xFFFF, 13, '0x67, 0xA1, 0xFF, 0xFF, 0x00, 0x00'",
        "a32 dword at 0xFFFD, 13, '0x66, 0x67, 0xA1, 0xFD, 0xFF, 0x00, 0x00'",
        "a32 [ebp] SS, 12, '0x67, 0x8B, 0x45, 0x00'",
        "a16 word at 0xFFFF, 13, '0xA1, 0xFF, 0xFF'",
        "a16 [bp+0xFFFF] SS, 12, '0x8B, 0x86, 0xFF, 0xFF'",
        "a16 store at 0xFFFF, 13, '0xA3, 0xFF, 0xFF'"})
    void segmentLimitViolations(String name, int vector, String code) {
        String[] parts = code.split(",");
        int[] bytes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) bytes[i] = Integer.decode(parts[i].trim());
        Guest g = Guest.of(bytes);
        g.seg(Seg.DS, 0x3000);
        g.set32(BP, 0x10000).set32(AX, 0x1234_5678);
        g.ivt(12, 0, 0x5000).ivt(13, 0, 0x6000).load(0x5000, 0xF4).load(0x6000, 0xF4);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(vector == 12 ? 0x5000 : 0x6000, g.ip(), name);
        assertEquals(CODE, g.m16(STACK - 6), name);
        assertEquals(0x1234_5678, g.r32(AX));
        assertEquals(0, g.m16(0x3FFFF)); // nothing stored
    }

    @Test
    void instructionsLongerThan15BytesRaiseGp() {
        // 14 prefixes + nop = 15 bytes: fine; 15 prefixes + nop = 16 bytes: #GP
        int[] ok = new int[15];
        java.util.Arrays.fill(ok, 0x66);
        ok[14] = 0x90;
        Guest g = Guest.of(ok);
        g.run(1);
        assertEquals(CODE + 15, g.ip());
        int[] bad = new int[16];
        java.util.Arrays.fill(bad, 0x3E);
        bad[15] = 0x90;
        g = Guest.of(bad);
        g.ivt(13, 0, 0x6000).load(0x6000, 0xF4);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(CODE, g.m16(STACK - 6));
    }

    @Test
    void accessesJustInsideTheLimitWork() {
        Guest g = Guest.of(
                0x67, 0xA0, 0xFF, 0xFF, 0x00, 0x00, // mov al,[dword 0xFFFF]
                0xA1, 0xFE, 0xFF,                   // mov ax,[0xFFFE]
                0x66, 0x67, 0xA1, 0xFC, 0xFF, 0x00, 0x00); // mov eax,[dword 0xFFFC]
        g.seg(Seg.DS, 0x3000).w32(0x3FFFC, 0x1122_3344);
        g.run(1);
        assertEquals(0x11, g.r8(AX));
        g.run(1);
        assertEquals(0x1122, g.r16(AX));
        g.run(1);
        assertEquals(0x1122_3344, g.r32(AX));
    }
}
