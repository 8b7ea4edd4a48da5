package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.STACK;

import org.junit.jupiter.api.Test;

/**
 * MOV CRn, MOV DRn, SMSW, LMSW, CLTS (SDM Vol. 2 pages of the same names, registers in Vol. 3A §2.5 and §18.2)
 * and the x87 FPU-detection subset with CR0.EM/TS raising #NM.
 */
class SystemRegisterTest {
    private static Guest withHandler(int vector, int... code) {
        Guest g = Guest.of(code);
        g.ivt(vector, 0, 0x5000).load(0x5000, 0xF4);
        return g;
    }

    private static void assertFaulted(Guest g) {
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(CODE, g.m16(STACK - 6), "a fault: the instruction's own IP is pushed");
    }

    @Test
    void movFromCr0ReadsThePowerOnValue() {
        Guest g = Guest.of(0x0F, 0x20, 0xC3); // mov ebx,cr0
        g.run(1);
        assertEquals(0x6000_0010, g.r32(BX));
    }

    @Test
    void movToCr0IgnoresReservedBitsAndKeepsEt() {
        Guest g = Guest.of(0x0F, 0x22, 0xC0, 0x0F, 0x20, 0xC3); // mov cr0,eax ; mov ebx,cr0
        g.set32(AX, 0x6000_FFEE).run(2); // CD NW, MP EM TS NE and reserved bits 6-15 with ET clear
        assertEquals(0x6000_003E, g.r32(BX));
    }

    @Test
    void movToCr0WithPgButNotPeOrNwWithoutCdRaisesGp() {
        Guest g = withHandler(13, 0x0F, 0x22, 0xC0);
        g.set32(AX, 0x8000_0010);
        assertFaulted(g);
        Guest h = withHandler(13, 0x0F, 0x22, 0xC0);
        h.set32(AX, 0x2000_0010);
        assertFaulted(h);
        assertEquals(0x6000_0010L, h.cpu.cr0);
    }

    @Test
    void settingPeStopsTheRunBecauseProtectedModeIsNotModeled() {
        Guest g = Guest.of(0x0F, 0x22, 0xC0); // mov cr0,eax with PE
        g.set32(AX, 0x11);
        CpuExit e = g.exit(CpuExit.Kind.UNSUPPORTED);
        assertTrue(e.detail.english().contains("protected mode"), e.detail.english());
        assertEquals(CODE, e.ip);
    }

    @Test
    void cr1AndCr5AreUndefined() {
        assertFaulted(withHandler(6, 0x0F, 0x20, 0xC8)); // mov eax,cr1
        assertFaulted(withHandler(6, 0x0F, 0x22, 0xE8)); // mov cr5,eax
    }

    @Test
    void cr2Cr3AndCr4HoldWhatIsWritten() {
        Guest g = Guest.of(0x0F, 0x22, 0xD0, 0x0F, 0x22, 0xD8, 0x0F, 0x22, 0xE0, // mov cr2,eax ; mov cr3,eax ; mov cr4,eax
                0x0F, 0x20, 0xDB);                                           // mov ebx,cr3
        g.set32(AX, 0x0000_0208).run(4); // CR4: DE | OSFXSR
        assertEquals(0x208L, g.cpu.cr2);
        assertEquals(0x208, g.r32(BX));
        assertEquals(0x208L, g.cpu.cr4);
    }

    @Test
    void cr4ReservedBitsAndPcideRaiseGp() {
        Guest g = withHandler(13, 0x0F, 0x22, 0xE0); // mov cr4,eax
        g.set32(AX, 0x8000_0000);
        assertFaulted(g);
        Guest h = withHandler(13, 0x0F, 0x22, 0xE0);
        h.set32(AX, 1 << 17);
        assertFaulted(h);
    }

    @Test
    void debugRegistersKeepTheirFixedBitsAndDr4AliasesDr6() {
        Guest g = Guest.of(0x0F, 0x21, 0xF3,  // mov ebx,dr6
                0x0F, 0x23, 0xF8,               // mov dr7,eax
                0x0F, 0x21, 0xE3,               // mov ebx,dr4 (= dr6 with CR4.DE clear)
                0x0F, 0x23, 0xC0);              // mov dr0,eax
        g.run(1);
        assertEquals(0xFFFF_0FF0, g.r32(BX));
        g.set32(AX, 0).run(1);
        assertEquals(0x400, g.cpu.dr[7], "bit 10 reads as 1");
        g.run(1);
        assertEquals(0xFFFF_0FF0, g.r32(BX));
        g.set32(AX, 0x1234_5678).run(1);
        assertEquals(0x1234_5678, g.cpu.dr[0]);
    }

    @Test
    void dr4WithCr4DeRaisesUd() {
        Guest g = withHandler(6, 0x0F, 0x21, 0xE3); // mov ebx,dr4
        g.cpu.cr4 = Cpu.CR4_DE;
        assertFaulted(g);
    }

    @Test
    void smswLmswAndClts() {
        Guest g = Guest.of(0x0F, 0x01, 0xF0,  // lmsw ax
                0x0F, 0x01, 0xE3,               // smsw bx
                0x0F, 0x06,                     // clts
                0x0F, 0x01, 0x26, 0x00, 0x30);  // smsw [0x3000]
        g.set16(AX, 0xFFFE).run(2); // MP EM TS set; PE stays 0 (bit 0 of the source is 0)
        assertEquals(0x001E, g.r16(BX));
        g.run(2);
        assertEquals(0x0016, g.m16(0x3000));
        assertEquals(0x6000_0016L, g.cpu.cr0);
    }

    @Test
    void lmswThatSetsPeStopsTheRun() {
        Guest g = Guest.of(0x0F, 0x01, 0xF0); // lmsw ax with AX = 1
        g.set16(AX, 1);
        assertTrue(g.exit(CpuExit.Kind.UNSUPPORTED).detail.english().contains("protected mode"));
    }

    @Test
    void fpuDetectionSequenceFindsAnFpu() {
        Guest g = Guest.of(0xDB, 0xE3,      // fninit
                0xDF, 0xE0,                   // fnstsw ax
                0xD9, 0x3E, 0x00, 0x30,       // fnstcw [0x3000]
                0xDD, 0x3E, 0x02, 0x30,       // fnstsw [0x3002]
                0xD9, 0x2E, 0x04, 0x30,       // fldcw [0x3004]
                0x9B, 0xD9, 0x3E, 0x06, 0x30, // fstcw [0x3006] (WAIT + FNSTCW)
                0xD9, 0xE9, 0xD9, 0xF0);      // fldl2t ; f2xm1 of 3.32: undefined in the SDM, not modeled
        g.set16(AX, 0xFFFF).w16(0x3002, 0xFFFF).w16(0x3004, 0x027F);
        g.run(8); // WAIT is an instruction of its own
        assertEquals(0, g.r16(AX));
        assertEquals(0x037F, g.m16(0x3000));
        assertEquals(0, g.m16(0x3002));
        assertEquals(0x027F, g.m16(0x3006));
        CpuExit e = g.exit(CpuExit.Kind.UNSUPPORTED);
        assertEquals(CODE + 23, e.ip);
        assertTrue(e.detail.english().contains("x87"), e.detail.english());
    }

    @Test
    void x87WithCr0EmOrTsRaisesNm() {
        Guest g = withHandler(7, 0xDB, 0xE3); // fninit with EM
        g.cpu.cr0 |= Cpu.CR0_EM;
        assertFaulted(g);
        Guest h = withHandler(7, 0xD9, 0xE8); // fld1 with TS: #NM before the model's limits matter
        h.cpu.cr0 |= Cpu.CR0_TS;
        assertFaulted(h);
    }

    @Test
    void waitRaisesNmOnlyWithMpAndTs() {
        Guest g = withHandler(7, 0x9B, 0x9B); // wait ; wait
        g.cpu.cr0 |= Cpu.CR0_TS;
        g.run(1);
        g.cpu.cr0 |= Cpu.CR0_MP;
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(CODE + 1, g.m16(STACK - 6));
    }
}
