package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.STACK;

import org.junit.jupiter.api.Test;

/**
 * A lone segment-override prefix takes a path of its own in the run loop: the override holds for its instruction
 * only, whether that instruction completes, faults or stops for MMIO, and a second byte past the CS limit faults
 * as any fetch does (SDM Vol. 2 §2.1.1 "Instruction Prefixes"; Vol. 3A §21.1.1 the real-mode limit check).
 */
class SegmentOverrideTest {
    private static final int HANDLER = 0x5000;

    @Test
    void theOverrideEndsWithItsInstruction() {
        Guest g = Guest.of(0x26, 0x8A, 0x07,  // mov al,[es:bx]
                0x8A, 0x27);                     // mov ah,[bx]
        g.seg(Seg.DS, 0x1000).seg(Seg.ES, 0x2000).set16(BX, 0x10).w8(0x10010, 0x11).w8(0x20010, 0x22);
        g.run(2);
        assertEquals(0x1122, g.r16(AX));
    }

    @Test
    void aFaultInAnOverriddenInstructionLeavesNoOverrideForTheHandler() {
        Guest g = Guest.of(0x26, 0x8B, 0x07); // mov ax,[es:bx] with BX = 0xFFFF: the word straddles the limit, #GP
        g.ivt(13, 0, HANDLER).load(HANDLER, 0x8A, 0x07, 0xF4); // handler: mov al,[bx] ; hlt
        g.seg(Seg.DS, 0x1000).seg(Seg.ES, 0x2000).set16(BX, 0xFFFF).w8(0x1FFFF, 0x11).w8(0x2FFFF, 0x22);
        assertEquals(HANDLER + 2, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(0x11, g.r8(AX), "the handler's [bx] is DS:BX");
        assertEquals(CODE, g.m16(STACK - 6), "the frame's IP is the prefix's");
    }

    @Test
    void anMmioReadRestartsTheWholeInstructionAndTheNextOneIsNotOverridden() {
        Guest g = Guest.of(0x26, 0x8A, 0x07,  // mov al,[es:bx]: FFFF:0010 is the first byte past 1 MiB of RAM
                0x8A, 0x27);                     // mov ah,[bx]
        g.seg(Seg.DS, 0x1000).seg(Seg.ES, 0xFFFF).set16(BX, 0x10).w8(0x10010, 0x11);
        CpuExit e = g.exit(CpuExit.Kind.MMIO);
        assertEquals((long) Guest.RAM, e.gpa);
        assertEquals(CODE, e.ip);
        assertEquals(3, e.instructionLength);
        g.in.completeMmio(0x5A);
        g.run(2);
        assertEquals(0x115A, g.r16(AX));
    }

    @Test
    void aPrefixWhoseOpcodeLiesPastTheCsLimitFaults() {
        Guest g = Guest.of(0x26, 0x90); // es: nop, with the limit ending at the prefix
        g.cpu.segLimit[Seg.CS] = CODE;
        g.controls.bitmap = 1 << 13; // intercepted: a handler would lie beyond the limit too
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(13, e.vector);
        assertEquals(CODE, e.ip, "#GP at the prefix");
    }
}
