package org.kvmworkbench.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.VmcsField;
import org.kvmworkbench.core.vmx.VmxControls;

/** The timer-tick sample step by step: what the modeled VMCS holds at each exit and at each injection. */
class InterruptDeliveryTest {
    private static final long VALID = 0x8000_0000L;

    /** One step of the loop as the VMCS panel sees it: the record and the fields at that moment. */
    private record Seen(ExitRecord record, long entryInfo, long cpuBased, long instructions) {}

    private static List<Seen> run(int steps) throws Exception {
        SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(Path.of("..", "samples", "timer-tick.yaml")),
                (s, b) -> { }, "test");
        VmmLoop loop = new VmmLoop(vcpu);
        List<Seen> seen = new ArrayList<>();
        loop.setListener(r -> seen.add(new Seen(r, vcpu.vmcs().get(VmcsField.VM_ENTRY_INTR_INFO_FIELD),
                vcpu.vmcs().get(VmcsField.CPU_BASED_VM_EXEC_CONTROL), vcpu.instructionsRetired())));
        for (int i = 0; i < steps && loop.outcome() == null; i++) loop.step(100_000);
        return seen;
    }

    @Test
    void injectionWritesTheEntryFieldAndTheNextExitClearsItsValidBit() throws Exception {
        List<Seen> seen = run(400);
        int injections = 0;
        for (int i = 0; i + 1 < seen.size(); i++) {
            Seen s = seen.get(i);
            if (s.record().path() != ExitPath.EVENT_INJECTION) continue;
            injections++;
            assertEquals(VALID | 0x08, s.entryInfo(), "0x4016: valid, type 0 (external interrupt), vector 8");
            assertEquals(0, s.cpuBased() & VmxControls.CPU_BASED_INTR_WINDOW_EXITING, "no window once injected");
            Seen next = seen.get(i + 1);
            assertNotNull(next.record().reason(), "the next record is a VM exit");
            assertEquals(0, next.entryInfo() & VALID, "the VM exit cleared the valid bit");
            assertEquals(0x08, next.entryInfo() & 0xFF, "the rest of the field stays as it was");
            assertEquals(0, next.record().regs().rflags() & (1 << 9), "inside the ISR: delivery cleared IF");
        }
        assertTrue(injections >= 10, "injections seen: " + injections);
    }

    @Test
    void windowExitingIsOnUntilTheWindowExitIsHandled() throws Exception {
        List<Seen> seen = run(400);
        int windows = 0;
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).record().path() != ExitPath.KERNEL_INTERRUPT_WINDOW) continue;
            windows++;
            assertTrue((seen.get(i).cpuBased() & VmxControls.CPU_BASED_INTR_WINDOW_EXITING) != 0,
                    "the CPU exited because KVM had asked for the window (primary control bit 2)");
            assertEquals(0, seen.get(i + 1).cpuBased() & VmxControls.CPU_BASED_INTR_WINDOW_EXITING,
                    "handle_interrupt_window turned it off before the injecting entry");
            assertTrue((seen.get(i).record().regs().rflags() & (1 << 9)) != 0, "the window opens with IF=1");
            assertEquals(ExitPath.EVENT_INJECTION, seen.get(i + 1).record().path());
        }
        assertTrue(windows >= 3, "windows seen: " + windows);
    }

    @Test
    void haltWithInterruptsOnBlocksInTheKernelUntilTheTick() throws Exception {
        List<Seen> seen = run(400);
        int halts = 0;
        for (int i = 0; i + 1 < seen.size(); i++) {
            ExitRecord r = seen.get(i).record();
            if (r.path() != ExitPath.KERNEL_HLT) continue;
            halts++;
            assertNull(r.kvmExit(), "no return to userspace");
            assertTrue((r.regs().rflags() & (1 << 9)) != 0);
            Seen next = seen.get(i + 1);
            assertEquals(ExitPath.EVENT_INJECTION, next.record().path(), "the tick wakes it: straight to injection");
            assertEquals(seen.get(i).instructions(), next.instructions(),
                    "no guest instruction ran while blocked (the virtual clock jumped to the tick)");
        }
        assertTrue(halts >= 10, "halts seen: " + halts);
        assertFalse(seen.stream().anyMatch(s -> s.record().path() == ExitPath.USERSPACE_HLT));
    }
}
