package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DI;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The interpreter runs straight-line instructions several to one call of its opcode switch (a block); each must
 * still begin, count, fault and exit as if the run loop had taken it alone. The guests below put the boundary
 * conditions in the middle of such runs: the budget, a segment override that must not outlive its instruction, a
 * fault, an exit, a kick from another thread, and code patched by the instruction before it.
 */
class BlockDispatchTest {
    @Test
    void everyBudgetIsUsedExactlyInALoopOfPrefixedStores() {
        // 1000 es: mov [di], al ; 1003 inc di ; 1004 inc al ; 1006 jmp 1000 (AL from 0x10: byte k is 0x10 + k)
        for (int budget = 1; budget <= 30; budget++) {
            Guest g = Guest.of(0x26, 0x88, 0x05, 0x47, 0xFE, 0xC0, 0xEB, 0xF8);
            g.seg(Seg.ES, 0x3000).set16(AX, 0x10);
            assertEquals(CpuExit.Kind.NONE, g.in.run(budget).kind);
            assertEquals(budget, g.cpu.instructions, "budget " + budget);
            int stores = (budget + 3) / 4;
            assertEquals(0x10 + stores - 1, g.m8(0x30000 + stores - 1), "last store with budget " + budget);
            assertEquals(0, g.m8(0x30000 + stores), "no store beyond the budget " + budget);
            assertEquals((budget + 2) / 4, g.r16(DI), "DI with budget " + budget);
            assertEquals(new int[] {CODE, CODE + 3, CODE + 4, CODE + 6}[budget % 4], g.cpu.eip, "EIP with budget " + budget);
        }
    }

    @Test
    void aSegmentOverrideEndsWithItsInstruction() {
        // es: mov [0x10], al ; mov [0x20], al ; hlt: the second store goes to DS, not ES
        Guest g = Guest.of(0x26, 0xA2, 0x10, 0x00, 0xA2, 0x20, 0x00, 0xF4);
        g.seg(Seg.ES, 0x3000).set16(AX, 0x5A);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x5A, g.m8(0x30010));
        assertEquals(0x5A, g.m8(0x20));
        assertEquals(0, g.m8(0x30020));
    }

    @Test
    void aFaultAfterPrefixedInstructionsPointsAtTheFaultingOne() {
        // cs: inc byte [0x2000] ; nop ; div bl (BL = 0) with #DE intercepted
        Guest g = Guest.of(0x2E, 0xFE, 0x06, 0x00, 0x20, 0x90, 0xF6, 0xF3, 0xF4);
        g.controls.bitmap = 1;
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(0, e.vector);
        assertEquals(CODE + 6, e.ip);
        assertEquals(CODE + 6, g.cpu.eip);
        assertEquals(3, g.cpu.instructions, "two retired, the faulting one counted as its delivery");
        assertEquals(1, g.m8(0x2000));
    }

    @Test
    void anExitInsideARunStopsTheRunAfterIt() {
        // mov cx, 3 ; l: dec cx ; out 0xE9, al ; jnz l ; hlt: each OUT ends the run with the instructions before it
        Guest g = Guest.of(0xB9, 0x03, 0x00, 0x49, 0xE6, 0xE9, 0x75, 0xFB, 0xF4);
        CpuExit e = g.exit(CpuExit.Kind.IO);
        assertEquals(CODE + 4, e.ip);
        assertEquals(3, g.cpu.instructions);
        assertEquals(2, g.r16(CX));
        g.in.skipInstruction();
        g.exit(CpuExit.Kind.IO);
        assertEquals(6, g.cpu.instructions);
        assertEquals(1, g.r16(CX));
    }

    @Test
    void aKickFromAnotherThreadEndsARunOfUnboundedBudget() {
        // l: es: inc byte [di] ; jmp l: a block that never ends by itself
        Guest g = Guest.of(0x26, 0xFE, 0x05, 0xEB, 0xFB);
        g.seg(Seg.ES, 0x3000);
        Thread kicker = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            g.in.kick();
        });
        kicker.start();
        CpuExit e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> g.in.run(Long.MAX_VALUE));
        assertEquals(CpuExit.Kind.EXTERNAL_INTERRUPT, e.kind);
        assertEquals(CODE + (g.cpu.instructions % 2 == 0 ? 0 : 3), g.cpu.eip, "stopped at an instruction boundary");
    }

    @Test
    void aCsStoreToTheNextInstructionChangesIt() {
        // mov byte [cs:0x1006], 0x41 (dec cx becomes inc cx) ; dec cx ; hlt: as the mixed guest's cs: stores
        Guest g = Guest.of(0x2E, 0xC6, 0x06, 0x06, 0x10, 0x41, 0x49, 0xF4);
        g.set16(CX, 5);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(6, g.r16(CX));
    }
}
