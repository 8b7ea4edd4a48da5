package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.SP;

import org.junit.jupiter.api.Test;

/**
 * The issue-11 instruction streams that made the interpreter throw: EIP at 0x80000000 and above (an o32 jump)
 * and an interrupt frame pushed to MMIO. Each ends in a defined exit instead.
 */
class GuestSafetyTest {
    /** jmp dword 0x0000:0x80001000 (o32 far jump to beyond the CS limit: #GP at the jump) */
    private static final int[] JUMP_HIGH = {0x66, 0xEA, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00};

    @Test
    void anO32JumpBeyondTheCsLimitFaultsAtTheJump() {
        Guest g = Guest.of(JUMP_HIGH);
        g.controls.bitmap = 1 << 13;
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(13, e.vector);
        assertEquals(CODE, e.ip);
        assertEquals(CODE, g.ip());
    }

    @Test
    void aFetchFaultAtEip80001000WithGpInterceptedIsAnExceptionExit() {
        Guest g = Guest.of();
        g.cpu.eip = 0x8000_1000; // as a debugger (or KVM_SET_REGS) may leave it
        g.controls.bitmap = 1 << 13;
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(13, e.vector);
        assertEquals(0x8000_1000, e.ip);
        assertEquals(0, e.byteCount, "no RAM at linear 0x80001000: no bytes to show");
        assertEquals(0x8000_1000, g.ip());
    }

    @Test
    void aFaultWhoseFrameWouldGoToMmioStopsTheVmWithAReason() {
        // SS:SP = FFFF:0100: the frame would be at 0x1000EA.., above the 1 MiB of RAM
        Guest g = Guest.of(JUMP_HIGH);
        g.seg(Seg.SS, 0xFFFF).set16(SP, 0x100);
        CpuExit e = g.exit(CpuExit.Kind.UNSUPPORTED);
        assertTrue(e.detail.english().contains("frame"), e.detail.english());
        assertTrue(e.detail.english().contains("vector 13"), e.detail.english());
        assertEquals(0x100, g.sp(), "nothing was pushed");
    }

    @Test
    void anIntWhoseFrameWouldGoToMmioStopsTheVm() {
        Guest g = Guest.of(0xCD, 0x21); // int 0x21
        g.seg(Seg.SS, 0xFFFF).set16(SP, 0x100);
        CpuExit e = g.exit(CpuExit.Kind.UNSUPPORTED);
        assertTrue(e.detail.english().contains("vector 33"), e.detail.english());
        assertEquals(CODE, e.ip);
        assertEquals(0, e.instructionLength);
    }

    @Test
    void anInjectedExceptionThatTripleFaultsIsReportedByTheNextRun() {
        // ud2 with #UD intercepted; KVM re-injects it, but the IVT is empty (limit 0): #UD -> #GP -> #DF -> shutdown
        Guest g = Guest.of(0x0F, 0x0B);
        g.controls.bitmap = 1 << 6;
        g.exit(CpuExit.Kind.EXCEPTION);
        g.cpu.idtrLimit = 0;
        g.in.injectException();
        assertEquals(CpuExit.Kind.TRIPLE_FAULT, g.in.run(10).kind);
        assertEquals(1, g.cpu.instructions, "reporting it ran nothing");
    }

    @Test
    void runNeverDoesMoreThanItsBudget() {
        // nop ; rep stosb (CX = 5) ; jmp short back to the nop: every budget from 1 to 40 is used exactly
        for (int budget = 1; budget <= 40; budget++) {
            Guest g = Guest.of(0x90, 0xF3, 0xAA, 0xEB, 0xFB);
            g.seg(Seg.ES, 0x3000).set16(Guest.CX, 5);
            assertEquals(CpuExit.Kind.NONE, g.in.run(budget).kind);
            assertEquals(budget, g.cpu.instructions, "budget " + budget);
            // units: nop, 5 iterations, jmp, then nop, rep with CX = 0 (one unit), jmp, ...
            assertEquals(Math.min(5, budget - 1), g.r16(Guest.DI), "bytes stored with budget " + budget);
        }
    }

    @Test
    void aRepStringIoBatchIsCutToTheBudget() {
        // rep outsb to a port that exits, CX = 100: a budget of 7 moves 7 elements in the exit
        Guest g = Guest.of(0xF3, 0x6E);
        g.set16(Guest.CX, 100).set16(Guest.DX, 0x3F8).set16(Guest.SI, 0x2000);
        CpuExit e = g.in.run(7);
        assertEquals(CpuExit.Kind.IO, e.kind);
        assertEquals(7, e.count);
        assertEquals(7, g.cpu.instructions);
    }

    @Test
    void movSsAndPopSsMarkTheStackSwitchShadow() {
        // mov ss, ax ; nop ; pop ss ; nop ; mov ds, ax
        Guest g = Guest.of(0x8E, 0xD0, 0x90, 0x17, 0x90, 0x8E, 0xD8);
        g.run(1);
        assertTrue(g.in.stackSwitchShadow());
        g.run(1);
        assertEquals(false, g.in.stackSwitchShadow());
        g.run(1);
        assertTrue(g.in.stackSwitchShadow());
        g.run(2);
        assertEquals(false, g.in.stackSwitchShadow(), "MOV DS does not switch stacks");
    }
}
