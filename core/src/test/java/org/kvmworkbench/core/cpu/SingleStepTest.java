package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.STACK;

import org.junit.jupiter.api.Test;

/**
 * TF single-step: a #DB trap (vector 1, DR6.BS) after each instruction that starts with TF set (SDM Vol. 3A
 * §18.3.1.4), the MOV SS shadow (§6.8.3), and the #DB exception exit when the exception bitmap intercepts it
 * (exit qualification BS, DR6 untouched: Vol. 3C §27.1, Table 28-1).
 */
class SingleStepTest {
    private static final int TF = Cpu.TF;

    /** #DB intercepted: each trap is an EXCEPTION exit the test resumes from, as a debugger using the VM would. */
    private static Guest intercepted(int... code) {
        Guest g = Guest.of(code);
        g.controls.bitmap = 1 << 1;
        g.flags(TF);
        return g;
    }

    private static int nextTrap(Guest g) {
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(1, e.vector);
        assertFalse(e.softwareException);
        assertEquals(0, e.instructionLength);
        assertEquals(Interpreter.DR6_BS, e.qualification);
        assertEquals(e.ip, g.ip(), "a trap: EIP is already the next instruction's");
        return e.ip;
    }

    @Test
    void theTrapIsDeliveredThroughVectorOneAfterTheInstruction() {
        Guest g = Guest.of(0x90, 0x90); // nop ; nop
        g.ivt(1, 0, 0x5000).load(0x5000, 0xF4).flags(TF);
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip, "the handler runs with TF clear: no trap after its HLT");
        assertEquals(CODE + 1, g.m16(STACK - 6), "the pushed IP is the next instruction's");
        assertTrue((g.m16(STACK - 2) & TF) != 0, "the pushed FLAGS keep TF");
        assertEquals(Cpu.DR6_INIT | Interpreter.DR6_BS, g.cpu.dr[6]);
        assertEquals(2, g.cpu.instructions, "the nop and the handler's HLT: the trap adds no unit of its own");
    }

    @Test
    void anInterceptedTrapExitsWithBsInTheQualificationAndLeavesDr6() {
        Guest g = intercepted(0x90, 0x90, 0xF4); // nop ; nop ; hlt
        assertEquals(CODE + 1, nextTrap(g));
        assertEquals(CODE + 2, nextTrap(g));
        assertEquals(Cpu.DR6_INIT, g.cpu.dr[6]);
        g.in.injectException(); // KVM re-injects with the DR6 bits
        assertEquals(Cpu.DR6_INIT | Interpreter.DR6_BS, g.cpu.dr[6]);
    }

    @Test
    void popfThatSetsTfTrapsAfterTheFollowingInstruction() {
        Guest g = Guest.of(0x68, 0x00, 0x01, 0x9D, 0x90, 0x90); // push 0x100 ; popf ; nop ; nop
        g.controls.bitmap = 1 << 1;
        assertEquals(CODE + 5, nextTrap(g));
        assertEquals(3, g.cpu.instructions);
    }

    @Test
    void popfThatClearsTfStillTrapsAfterItself() {
        Guest g = intercepted(0x6A, 0x00, 0x9D, 0x90, 0xF4); // push 0 ; popf ; nop ; hlt
        assertEquals(CODE + 2, nextTrap(g));
        assertEquals(CODE + 3, nextTrap(g));
        assertEquals(CODE + 4, g.exit(CpuExit.Kind.HLT).ip, "untraced from then on");
    }

    @Test
    void movSsHoldsTheTrapUntilAfterTheNextInstruction() {
        Guest g = intercepted(0x8E, 0xD0, 0x90, 0x90); // mov ss,ax ; nop ; nop
        assertEquals(CODE + 3, nextTrap(g));
        assertEquals(2, g.cpu.instructions);
        assertEquals(CODE + 4, nextTrap(g));
    }

    @Test
    void aFaultingInstructionGetsNoTrap() {
        Guest g = Guest.of(0xF6, 0xF3); // div bl with BL = 0
        g.ivt(0, 0, 0x5000).load(0x5000, 0xF4).flags(TF);
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(CODE, g.m16(STACK - 6));
        assertEquals(Cpu.DR6_INIT, g.cpu.dr[6], "no single-step trap was taken");
    }

    @Test
    void aRepStringInstructionTrapsAfterEachIteration() {
        Guest g = intercepted(0xF3, 0xAA); // rep stosb
        g.seg(Seg.ES, 0x3000).set16(CX, 3);
        assertEquals(CODE, nextTrap(g));
        assertEquals(2, g.r16(CX));
        assertEquals(CODE, nextTrap(g));
        assertEquals(CODE + 2, nextTrap(g));
        assertEquals(0, g.r16(CX));
    }

    @Test
    void anInstructionThatExitsTrapsOnceTheVmmHasCompletedIt() {
        Guest g = intercepted(0xE6, 0x80, 0x90); // out 0x80,al ; nop
        g.set8(AX, 0x42);
        CpuExit e = g.exit(CpuExit.Kind.IO);
        assertEquals(CODE, e.ip);
        g.in.completeIo();
        assertEquals(CODE + 2, nextTrap(g));
        assertEquals(CODE + 3, nextTrap(g));
    }

    @Test
    void anInterruptInstructionTrapsAtTheHandlersFirstInstruction() {
        // as KVM's emulator (x86_emulate_instruction: TF sampled before, trap after the INT's delivery)
        Guest g = intercepted(0xCD, 0x21); // int 0x21
        g.ivt(0x21, 0, 0x6000).load(0x6000, 0x90);
        assertEquals(0x6000, nextTrap(g));
        assertEquals(CODE + 2, g.m16(STACK - 6));
        assertEquals(0, g.flags() & TF, "delivery cleared TF: the handler is not traced");
    }

    @Test
    void aSingleUnitBudgetStepsOneInstruction() {
        Guest g = intercepted(0x90, 0x90);
        CpuExit e = g.in.run(1);
        assertEquals(CpuExit.Kind.EXCEPTION, e.kind);
        assertEquals(CODE + 1, e.ip);
        assertEquals(1, g.cpu.instructions);
    }
}
