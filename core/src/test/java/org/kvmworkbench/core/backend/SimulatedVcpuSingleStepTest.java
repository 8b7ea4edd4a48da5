package org.kvmworkbench.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;

/**
 * Single-stepping over MOV SS / POP SS: the debug trap is held off for one instruction (SDM Vol. 3A §6.8.3), so
 * that step runs two instructions, as on KVM (reported in issue 11 from VMX and SVM hosts: a step at a {@code mov ss, ax} at
 * 0x1006 stopped at 0x100b, past the {@code mov sp} that followed).
 */
class SimulatedVcpuSingleStepTest {
    @TempDir Path dir;

    private SimulatedVcpu boot(int... code) throws Exception {
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) b[i] = (byte) code[i];
        Files.write(dir.resolve("g.bin"), b);
        VmConfig c = new VmConfig("t", null, 64 * 1024, BackendChoice.SIMULATED, "g.bin", 0x1000, new Entry(0, 0x1000),
                List.of(new DebugconConfig(0xE9)), Controls.defaults(), KvmOptions.defaults(), dir);
        return new SimulatedVcpu(c, (s, x) -> { }, "test");
    }

    // mov ss, ax ; mov sp, 0x8000 ; nop ; push ax ; pop ss ; mov sp, 0x7000 ; nop
    private static final int[] CODE = {0x8E, 0xD0, 0xBC, 0x00, 0x80, 0x90, 0x50, 0x17, 0xBC, 0x00, 0x70, 0x90};

    @Test
    void aStepOverMovSsOrPopSsRunsTheNextInstructionToo() throws Exception {
        try (SimulatedVcpu v = boot(CODE)) {
            v.setSingleStep(true);
            assertNull(v.run(1));
            assertEquals(0x1005, v.cpu().eip, "mov ss, ax and mov sp in one step");
            assertEquals(2, v.instructionsRetired());
            assertNull(v.run(1));
            assertEquals(0x1006, v.cpu().eip, "nop alone");
            assertNull(v.run(1));
            assertEquals(0x1007, v.cpu().eip, "push ax alone");
            assertNull(v.run(1));
            assertEquals(0x100B, v.cpu().eip, "pop ss and mov sp in one step");
            assertEquals(0x7000, v.cpu().gpr[4] & 0xFFFF);
        }
    }

    @Test
    void withoutSingleStepTheBudgetIsExact() throws Exception {
        try (SimulatedVcpu v = boot(CODE)) {
            assertNull(v.run(1));
            assertEquals(0x1002, v.cpu().eip, "a budget of one is one instruction, shadow or not");
            assertEquals(1, v.instructionsRetired());
        }
    }
}
