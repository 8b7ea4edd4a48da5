package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AF;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.STACK;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import org.junit.jupiter.api.Test;

/**
 * DAA DAS AAA AAS AAM AAD and SALC, expected values worked by hand from the SDM Vol. 2 pseudo-code. Flag checks
 * mask only what each page leaves undefined (DAA/DAS: OF; AAA/AAS: OF SF ZF PF; AAM/AAD: OF AF CF).
 */
class BcdTest {
    private static final int DAA_DEFINED = CF | AF | SF | ZF | PF;
    private static final int AAA_DEFINED = CF | AF;
    private static final int AAM_DEFINED = SF | ZF | PF;

    @Test
    void daaAfterAPackedBcdAddition() {
        Guest g = Guest.of(0x04, 0x35, 0x27); // add al,0x35 ; daa   (79 + 35 = 114)
        g.set8(AX, 0x79).run(2);
        assertEquals(0x14, g.r8(AX));
        g.assertFlags(CF | AF | PF, DAA_DEFINED);
    }

    @Test
    void daaWithoutAdjustmentClearsCfAndAf() {
        Guest g = Guest.of(0x04, 0x11, 0x27); // add al,0x11 ; daa   (22 + 11 = 33)
        g.set8(AX, 0x22).run(2);
        assertEquals(0x33, g.r8(AX));
        g.assertFlags(PF, DAA_DEFINED);
    }

    @Test
    void daaToZero() {
        Guest g = Guest.of(0x04, 0x01, 0x27); // add al,1 ; daa   (99 + 1 = 100: AL 00, CF)
        g.set8(AX, 0x99).run(2);
        assertEquals(0x00, g.r8(AX));
        g.assertFlags(CF | AF | ZF | PF, DAA_DEFINED);
    }

    @Test
    void dasAfterAPackedBcdSubtraction() {
        Guest g = Guest.of(0x2C, 0x47, 0x2F); // sub al,0x47 ; das   (35 - 47 = -12: 88 with borrow)
        g.set8(AX, 0x35).run(2);
        assertEquals(0x88, g.r8(AX));
        g.assertFlags(CF | AF | SF | PF, DAA_DEFINED);
    }

    @Test
    void dasWithoutAdjustment() {
        Guest g = Guest.of(0x2C, 0x12, 0x2F); // sub al,0x12 ; das   (47 - 12 = 35)
        g.set8(AX, 0x47).run(2);
        assertEquals(0x35, g.r8(AX));
        g.assertFlags(PF, DAA_DEFINED);
    }

    @Test
    void aaaCarriesIntoAh() {
        Guest g = Guest.of(0x04, 0x03, 0x37); // add al,3 ; aaa   (9 + 3 = 12 -> AH 1, AL 2)
        g.set16(AX, 0x0009).run(2);
        assertEquals(0x0102, g.r16(AX));
        g.assertFlags(CF | AF, AAA_DEFINED);
    }

    @Test
    void aaaAddsOneHundredSixToAxAsCurrentProcessorsDo() {
        Guest g = Guest.of(0x37); // aaa with AL = 0xFA: AX + 0x106 carries into AH twice over
        g.set16(AX, 0x00FA).run(1);
        assertEquals(0x0200, g.r16(AX));
        g.assertFlags(CF | AF, AAA_DEFINED);
    }

    @Test
    void aaaWithoutAdjustmentMasksAl() {
        Guest g = Guest.of(0x37);
        g.set16(AX, 0x0535).flags(CF | AF).run(1); // low nibble 5, AF was set by a previous op: adjusts
        assertEquals(0x060B, g.r16(AX));
        g = Guest.of(0x04, 0x01, 0x37); // add al,1 ; aaa (AF clear after 0x34 + 1)
        g.set16(AX, 0x0534).run(2);
        assertEquals(0x0505, g.r16(AX));
        g.assertFlags(0, AAA_DEFINED);
    }

    @Test
    void aasBorrowsFromAh() {
        Guest g = Guest.of(0x2C, 0x08, 0x3F); // sub al,8 ; aas   (25 - 8 = 17: AH 1, AL 7)
        g.set16(AX, 0x0205).run(2);
        assertEquals(0x0107, g.r16(AX));
        g.assertFlags(CF | AF, AAA_DEFINED);
    }

    @Test
    void aamSplitsAlIntoDecimalDigits() {
        Guest g = Guest.of(0xD4, 0x0A, 0xD4, 0x10); // aam ; aam 16
        g.set16(AX, 0x003F).run(1);
        assertEquals(0x0603, g.r16(AX));
        g.assertFlags(PF, AAM_DEFINED);
        g.set16(AX, 0x00F0).run(1);
        assertEquals(0x0F00, g.r16(AX));
        g.assertFlags(ZF | PF, AAM_DEFINED);
    }

    @Test
    void aamByZeroRaisesDivideError() {
        Guest g = Guest.of(0xD4, 0x00); // aam 0
        g.ivt(0, 0, 0x5000).load(0x5000, 0xF4).set16(AX, 0x1234);
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(CODE, g.m16(STACK - 6), "#DE is a fault: the AAM's own IP is pushed");
        assertEquals(0x1234, g.r16(AX));
    }

    @Test
    void aadCombinesDigits() {
        Guest g = Guest.of(0xD5, 0x0A, 0xD5, 0x0A, 0xD5, 0x07); // aad ; aad ; aad 7
        g.set16(AX, 0x0603).run(1);
        assertEquals(0x003F, g.r16(AX));
        g.assertFlags(PF, AAM_DEFINED);
        g.set16(AX, 0x0000).run(1);
        assertEquals(0, g.r16(AX));
        g.assertFlags(ZF | PF, AAM_DEFINED);
        g.set16(AX, 0x1302).run(1); // 2 + 0x13 * 7 = 135 = 0x87 (four bits set: PF)
        assertEquals(0x0087, g.r16(AX));
        g.assertFlags(SF | PF, AAM_DEFINED);
    }

    @Test
    void salcCopiesCarryIntoAl() {
        Guest g = Guest.of(0xD6, 0xD6); // salc ; salc
        g.set16(AX, 0x1234).flags(CF).run(1);
        assertEquals(0x12FF, g.r16(AX));
        g.flags(0).run(1);
        assertEquals(0x1200, g.r16(AX));
    }
}
