package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.X87Run.DATA;
import static org.kvmworkbench.core.cpu.X87Run.cat;
import static org.kvmworkbench.core.cpu.X87Run.mem;
import static org.kvmworkbench.core.cpu.X87Run.op;

import org.junit.jupiter.api.Test;

/**
 * FNSTENV/FLDENV and FNSAVE/FRSTOR in real-address mode (SDM Vol. 1 §8.1.10, Figures 8-9 to 8-12; Vol. 2 pages),
 * the tag word (Figure 8-7) and the last-instruction pointers (§8.1.8).
 */
class X87EnvironmentTest {
    private static final int ENV = DATA + 0x100;

    @Test
    void fnstenv16StoresTheRealModeLayoutAndMasksExceptions() {
        // fldcw [CW] ; fld1 ; fldz ; fld qword [DATA] (at CODE+10) ; fnstenv [ENV]
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 5, DATA + 0x20), op(0xD9, 0xE8, 0xD9, 0xEE),
                mem(0xDD, 0, DATA), mem(0xD9, 6, ENV)));
        x.w16(DATA + 0x20, 0x0360).d(DATA, Double.POSITIVE_INFINITY).run(6);
        assertEquals(0x0360, x.m16(ENV), "FCW as it was");
        assertEquals(0x037F, x.f.control, "then all exceptions masked");
        assertEquals(5 << 11, x.m16(ENV + 2), "FSW: TOP = 5");
        // physical R5 = +inf (special 10), R6 = 0 (zero 01), R7 = 1 (valid 00), R0..R4 empty
        assertEquals(0b00_01_10_11_11_11_11_11, x.m16(ENV + 4), "tags R7..R0");
        assertEquals(CODE + 10, x.m16(ENV + 6), "FIP 15:0 = the FLD m64's linear address");
        assertEquals(0xDD << 8 & 0x700 | 0x06, x.m16(ENV + 8) & 0x7FF, "FOP = last non-control instruction");
        assertEquals(0, x.m16(ENV + 8) >> 12, "FIP 19:16");
        assertEquals(DATA, x.m16(ENV + 10), "FDP 15:0");
    }

    @Test
    void fnstenv32UsesDoublewordsWithFipHighInBits27To12() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3, 0xD9, 0xE8), op(0x66), mem(0xD9, 6, ENV)));
        x.g.seg(Seg.CS, 0).run(3);
        assertEquals(0xFFFF_037F, x.m32(ENV));
        assertEquals(0xFFFF_0000 | 7 << 11, x.m32(ENV + 4));
        assertEquals(0xFFFF_3FFF, x.m32(ENV + 8), "R7 valid, the rest empty");
        assertEquals(0xFFFF_0000 | CODE + 2, x.m32(ENV + 12));
        assertEquals(0x1E8, x.m32(ENV + 16), "FIP 31:16 = 0, FOP = D9 E8 -> 1E8");
    }

    @Test
    void fnsaveStoresRegistersInStackOrderThenInitializes() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEB), mem(0xDD, 6, ENV)));
        x.run(4);
        assertEquals(0x0FFF, x.m16(ENV + 4), "tags: R7 R6 valid (00), R5-R0 empty (11)");
        assertEquals(0xC90FDAA22168C235L, x.m64(ENV + 14), "ST(0) = pi");
        assertEquals(0x4000, x.m16(ENV + 22));
        assertEquals(1L << 63, x.m64(ENV + 24), "ST(1) = 1");
        assertEquals(0x037F, x.f.control, "FNINIT after the save");
        assertEquals(0xFF, x.f.emptyMask);
    }

    @Test
    void frstorRestoresWhatFnsaveSaved() {
        // fld1 ; fldpi ; fdivp -> pi^-1 ... simpler: fldpi ; fld1 ; fnsave ; frstor ; fstp qword
        X87Run x = new X87Run(cat(op(0xDB, 0xE3, 0xD9, 0xEB, 0xD9, 0xE8), mem(0xDD, 6, ENV), mem(0xDD, 4, ENV),
                op(0xDE, 0xC1), mem(0xDD, 3, DATA)));
        x.run(7);
        assertEquals(Math.PI + 1, x.d(DATA));
        assertEquals(0, x.f.top);
    }

    @Test
    void fldenvKeepsOnlyEmptyTagsAndLoadsTop() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xD9, 4, ENV)));
        x.w16(ENV, 0x0F7F).w16(ENV + 2, 3 << 11 | 0x4100).w16(ENV + 4, 0xFF55).run(2);
        assertEquals(0x0F7F, x.f.control);
        assertEquals(3, x.f.top);
        assertEquals(0xF0, x.f.emptyMask, "tags 01 (zero) are not kept as such: registers 0-3 are just not empty");
        assertEquals(0x4100 | 3 << 11, x.sw());
    }

    @Test
    void controlInstructionsDoNotMoveTheInstructionPointer() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3, 0xD9, 0xE8), mem(0xD9, 7, DATA), op(0xDF, 0xE0), mem(0xD9, 6, ENV)));
        x.run(5);
        assertEquals(CODE + 2, x.m16(ENV + 6), "FNSTCW and FNSTSW are control instructions: FIP is still FLD1's");
    }
}
