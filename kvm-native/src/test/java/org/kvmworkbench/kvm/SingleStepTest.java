package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.kvm.KvmExitReason;

class SingleStepTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /** hello-serial starts with eight straight-line instructions (xor, 3× mov sreg, mov sp, cld, mov dx, mov al). */
    @Test
    void eachRunRetiresExactlyOneInstruction() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("hello-serial"), (s, b) -> { }, "test")) {
            vcpu.setSingleStep(true);
            for (int i = 0; i < 8; i++) {
                GuestRegisters before = vcpu.registers();
                int length = Disassembler.decode(vcpu.machine().memory(), before.rip(), (int) before.rip()).length();
                assertNull(vcpu.run(1), "a single step is not an exit");
                assertEquals(before.rip() + length, vcpu.registers().rip(),
                        "after " + vcpu.instructionAt(0, before.rip()));
            }
            assertEquals(0x1011, vcpu.registers().rip()); // out dx, al
        }
    }

    /**
     * Stepping the OUT: its userspace exit comes first. Where KVM's emulator ran the OUT (PVM: RIP is already past
     * it at the exit) the step it owed is spent, and the next run steps the following instruction (mov dx, 0x3fb,
     * ending at 0x1015). With VMX/SVM fast PIO the next run completes the OUT and stops right after it (0x1012).
     */
    @Test
    void steppingAnOutGivesItsExitThenTheNextInstruction() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("hello-serial"), (s, b) -> { }, "test")) {
            vcpu.setSingleStep(true);
            while (vcpu.registers().rip() != 0x1011) assertNull(vcpu.run(1));
            VcpuExit e = vcpu.run(1);
            assertNotNull(e);
            assertEquals(KvmExitReason.IO, e.kvmExit);
            assertEquals(0x3F9, e.address);
            vcpu.resume(e);
            VcpuExit next = vcpu.run(1);
            long rip = vcpu.registers().rip();
            assertNull(next, "then a step, at " + Long.toHexString(rip));
            assertTrue(rip == 0x1015 || rip == 0x1012, "at most one instruction after the OUT: " + Long.toHexString(rip));
            vcpu.setSingleStep(false);
        }
    }
}
