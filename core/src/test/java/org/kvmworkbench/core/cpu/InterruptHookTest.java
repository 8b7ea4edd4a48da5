package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The interpreter's INTR hooks: the kick, interrupt-window exiting with the STI shadow, delivery through the IVT. */
class InterruptHookTest {
    private static final int CLI = 0xFA, STI = 0xFB, NOP = 0x90;

    @Test
    void stiHoldsInterruptsOffForOneMoreInstruction() {
        Guest g = Guest.of(CLI, STI, NOP, NOP, NOP);
        g.in.setInterruptWindowExiting(true);
        CpuExit e = g.exit(CpuExit.Kind.INTERRUPT_WINDOW);
        assertEquals(Guest.CODE + 3, g.cpu.eip, "not after STI (shadow), but after the NOP that follows it");
        assertEquals(0, e.instructionLength, "no guest instruction caused it");
        assertEquals(3, g.cpu.instructions);
        assertTrue(g.in.interruptsAllowed());
    }

    @Test
    void stiWithInterruptsAlreadyOnMakesNoShadow() {
        Guest g = Guest.of(STI, NOP);
        g.cpu.flagsOther |= Cpu.IF;
        g.run(1); // STI with IF=1
        assertTrue(g.in.interruptsAllowed());
        g.in.setInterruptWindowExiting(true);
        g.exit(CpuExit.Kind.INTERRUPT_WINDOW);
        assertEquals(Guest.CODE + 1, g.cpu.eip);
    }

    @Test
    void windowStaysClosedWhileIfIsClear() {
        Guest g = Guest.of(CLI, NOP, NOP, NOP);
        g.in.setInterruptWindowExiting(true);
        g.run(4);
        assertFalse(g.in.interruptsAllowed());
    }

    @Test
    void kickEndsTheRunAtTheNextBoundaryWithoutRunningAnything() {
        Guest g = Guest.of(NOP, NOP);
        g.in.kick();
        CpuExit e = g.exit(CpuExit.Kind.EXTERNAL_INTERRUPT);
        assertEquals(Guest.CODE, g.cpu.eip);
        assertEquals(0, g.cpu.instructions);
        assertEquals(0, e.instructionLength);
        g.in.kick();
        g.in.clearKick();
        g.run(2);
    }

    @Test
    void externalInterruptIsDeliveredThroughTheRealModeIvt() {
        Guest g = Guest.of(NOP);
        g.load(8 * 4, 0x34, 0x12, 0x00, 0x02); // IVT entry 8: 0200:1234
        g.cpu.flagsOther |= Cpu.IF;
        int flags = g.cpu.eflags();
        g.in.deliverExternalInterrupt(0x08);
        assertEquals(0x1234, g.cpu.eip);
        assertEquals(0x0200, g.cpu.selector[Seg.CS]);
        assertEquals(Guest.STACK - 6, g.r16(Guest.SP));
        byte[] ram = g.mem.bytes();
        assertEquals(Guest.CODE, (ram[Guest.STACK - 6] & 0xFF) | (ram[Guest.STACK - 5] & 0xFF) << 8, "return IP");
        assertEquals(0, (ram[Guest.STACK - 4] & 0xFF) | (ram[Guest.STACK - 3] & 0xFF) << 8, "return CS");
        assertEquals(flags & 0xFFFF, (ram[Guest.STACK - 2] & 0xFF) | (ram[Guest.STACK - 1] & 0xFF) << 8, "FLAGS");
        assertEquals(0, g.cpu.flagsOther & Cpu.IF, "delivery clears IF");
    }
}
