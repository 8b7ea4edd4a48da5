package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DI;
import static org.kvmworkbench.core.cpu.Guest.SI;

import org.junit.jupiter.api.Test;

/**
 * REP MOVS and REP STOS done many iterations at a time must leave exactly the state the iteration-by-iteration
 * definition gives (SDM Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ", "MOVS", "STOS"): overlapping copies element by
 * element, a limit fault or an access outside RAM at the very element where it happens, with CX, SI and DI
 * counting only the iterations done before it.
 */
class BulkStringTest {
    static final int SEG = 0x3000, BASE = SEG << 4;

    static Guest guest(int... code) {
        Guest g = Guest.of(code);
        g.seg(Seg.DS, SEG).seg(Seg.ES, SEG);
        return g;
    }

    @Test
    void anOverlappingForwardMovsbRepeatsTheFirstByte() {
        // rep movsb from 0x100 to 0x101: each byte copied is the one the previous iteration wrote
        Guest g = guest(0xF3, 0xA4, 0xF4);
        for (int i = 0; i < 40; i++) g.w8(BASE + 0x100 + i, 'A' + i);
        g.set16(SI, 0x100).set16(DI, 0x101).set16(CX, 32);
        g.exit(CpuExit.Kind.HLT);
        for (int i = 0; i <= 32; i++) assertEquals('A', g.m8(BASE + 0x100 + i), "byte " + i);
        assertEquals('A' + 33, g.m8(BASE + 0x100 + 33));
        assertEquals(0x120, g.r16(SI));
        assertEquals(0x121, g.r16(DI));
    }

    @Test
    void anOverlappingMovswCopiesWholeElements() {
        // rep movsw from 0x100 to 0x101: an element is read before it is written, so element k writes the
        // bytes element k-1 wrote at 0x100 + 2k and the original byte at 0x101 + 2k
        Guest g = guest(0xF3, 0xA5, 0xF4);
        for (int i = 0; i < 16; i++) g.w8(BASE + 0x100 + i, 0x10 + i);
        g.set16(SI, 0x100).set16(DI, 0x101).set16(CX, 4);
        g.exit(CpuExit.Kind.HLT);
        int[] expected = new int[16];
        for (int i = 0; i < 16; i++) expected[i] = 0x10 + i;
        for (int k = 0; k < 4; k++) { // the definition, element by element
            int lo = expected[2 * k], hi = expected[2 * k + 1];
            expected[2 * k + 1] = lo;
            expected[2 * k + 2] = hi;
        }
        for (int i = 0; i < 16; i++) assertEquals(expected[i], g.m8(BASE + 0x100 + i), "byte " + i);
    }

    @Test
    void aBackwardStoswStopsAtOffsetZeroAndWrapsDi() {
        // std ; rep stosw with DI = 6, CX = 5: words at 6 4 2 0, then DI wraps to FFFE for the fifth (in the limit)
        Guest g = guest(0xFD, 0xF3, 0xAB, 0xF4);
        g.set16(DI, 6).set16(CX, 5).set16(AX, 0xBEEF);
        g.exit(CpuExit.Kind.HLT);
        for (int off : new int[] {0, 2, 4, 6, 0xFFFE}) assertEquals(0xBEEF, g.m16(BASE + off), "word at " + off);
        assertEquals(0, g.m16(BASE + 8));
        assertEquals(0xFFFC, g.r16(DI));
        assertEquals(0, g.r16(CX));
    }

    @Test
    void aStoswThatReachesTheLimitFaultsAtThatElement() {
        // rep stosw from DI = FFF1: seven words fit (FFF1..FFFE), the eighth at FFFF crosses the limit: #GP(0)
        // with CX and DI counting the seven, IP at the REP (SDM Vol. 3A §21.1.1: real-mode limit checks)
        Guest g = guest(0xF3, 0xAB);
        g.controls.bitmap = 1 << 13;
        g.set16(DI, 0xFFF1).set16(CX, 100).set16(AX, 0x1234);
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(13, e.vector);
        assertEquals(CODE, e.ip);
        assertEquals(100 - 7, g.r16(CX));
        assertEquals(0xFFFF, g.r16(DI));
        assertEquals(0x1234, g.m16(BASE + 0xFFFD));
        assertEquals(0, g.m8(BASE + 0xFFFF));
        assertEquals(8, g.cpu.instructions, "seven iterations and the faulting one");
    }

    @Test
    void aMovsbThatLeavesRamExitsAtTheFirstByteOutside() {
        // a32 rep movsb into the last 8 bytes of RAM and beyond (ES limit opened to 4 GiB): the ninth store is an
        // MMIO write, the exit that reports it comes after that iteration, CX and DI past it
        Guest g = guest(0xF3, 0x67, 0xA4);
        g.seg(Seg.ES, 0).set32(CX, 16).set32(SI, 0x200).set32(DI, Guest.RAM - 8);
        g.cpu.segLimit[Seg.ES] = -1;
        for (int i = 0; i < 16; i++) g.w8(BASE + 0x200 + i, 0x40 + i);
        CpuExit e = g.exit(CpuExit.Kind.MMIO);
        assertTrue(e.mmioWrite);
        assertEquals(Guest.RAM, e.gpa);
        assertEquals(0x48, e.data[0]);
        for (int i = 0; i < 8; i++) assertEquals(0x40 + i, g.m8(Guest.RAM - 8 + i), "byte " + i);
        assertEquals(16 - 9, g.r32(CX));
        assertEquals(Guest.RAM + 1, g.r32(DI));
        assertEquals(0x209, g.r32(SI));
    }
}
