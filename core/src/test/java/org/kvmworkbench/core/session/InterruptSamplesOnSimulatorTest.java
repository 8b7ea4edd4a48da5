package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** The interrupt samples on the simulator: console, and the exits and injections the way back takes. */
class InterruptSamplesOnSimulatorTest {
    private static List<ExitRecord> on(SampleRunner r, ExitPath path) {
        return r.exits.stream().filter(e -> e.path() == path).collect(Collectors.toList());
    }

    private static List<ExitRecord> userspace(SampleRunner r) {
        return r.exits.stream().filter(ExitRecord::reachedUserspace).collect(Collectors.toList());
    }

    /** With the in-kernel irqchip the final CLI; HLT blocks the vCPU in KVM for good: the run ends BLOCKED. */
    @ParameterizedTest
    @ValueSource(strings = {"timer-tick", "echo-irq", "virtio-kick-irq"})
    void consoleAsExpectedAndFinalHltBlocksInTheKernel(String name) throws Exception {
        SampleRunner r = new SampleRunner(name);
        assertEquals(SampleRunner.expected(name), r.console.toString());
        assertEquals(RunOutcome.BLOCKED, r.result.outcome(), r.result.detail());
        assertTrue(r.result.detail().startsWith("IF=0"), r.result.detail());
        assertTrue(userspace(r).stream().noneMatch(e -> e.kvmExit() == KvmExitReason.HLT),
                "HLT never returns to userspace with the in-kernel irqchip");
        long injections = r.exits.stream().filter(e -> !e.path().isVmExit()).count();
        assertEquals(r.result.exits() - injections, r.result.stats().total(), "an injection is not a VM exit");
    }

    @Test
    void timerTickInjectsVector8FiftyTimesThroughAllThreeRoutes() throws Exception {
        SampleRunner r = new SampleRunner("timer-tick");
        List<ExitRecord> injections = on(r, ExitPath.EVENT_INJECTION);
        assertEquals(50, injections.size());
        for (ExitRecord e : injections) {
            assertNull(e.reason());
            assertNull(e.kvmExit());
            assertTrue(e.note().english().contains("(0x4016) = 0x80000008"), e.note().english());
            assertTrue(e.note().english().startsWith("IRQ 0 from the in-kernel PIT"), e.note().english());
            assertEquals("VMCB EVENTINJ = 0x80000008", e.svm());
        }
        ExitRecord kick = on(r, ExitPath.KERNEL_EXTERNAL_INTERRUPT).get(0);
        assertEquals(VmxExitReason.EXTERNAL_INTERRUPT, kick.reason());
        assertEquals("SVM_EXIT_INTR (0x060)", kick.svm());
        ExitRecord window = on(r, ExitPath.KERNEL_INTERRUPT_WINDOW).get(0);
        assertEquals(VmxExitReason.INTERRUPT_WINDOW, window.reason());
        assertEquals("SVM_EXIT_VINTR (0x064)", window.svm());
        assertTrue(on(r, ExitPath.KERNEL_HLT).size() >= 10, "the guest sleeps in HLT between ticks");
        // the three ways a tick gets in: wake from HLT, kick while running with IF=1, window after IF=0
        for (ExitPath before : List.of(ExitPath.KERNEL_HLT, ExitPath.KERNEL_EXTERNAL_INTERRUPT,
                ExitPath.KERNEL_INTERRUPT_WINDOW)) {
            assertTrue(precedesAnInjection(r, before), before + " then injection");
        }
        assertTrue(userspace(r).stream().allMatch(e -> e.access() != null && e.access().address() == 0xE9),
                "only the prints reach userspace: PIC and PIT ports are the kernel's");
        assertEquals(10 + 3 + 50 + 1, on(r, ExitPath.KERNEL_PIO_DEVICE).size(),
                "in the kernel: 10 PIC and 3 PIT setup writes, an EOI per tick, the final OCW1 that masks IRQ 0");
    }

    private static boolean precedesAnInjection(SampleRunner r, ExitPath path) {
        for (int i = 0; i + 1 < r.exits.size(); i++) {
            if (r.exits.get(i).path() == path && r.exits.get(i + 1).path() == ExitPath.EVENT_INJECTION) return true;
        }
        return false;
    }

    @Test
    void echoIrqInjectsVector0xCAndOnlyTouchesTheUartInUserspace() throws Exception {
        SampleRunner r = new SampleRunner("echo-irq");
        List<ExitRecord> injections = on(r, ExitPath.EVENT_INJECTION_IRQ_LINE);
        assertTrue(!injections.isEmpty());
        assertTrue(injections.stream().allMatch(e -> e.note().english().startsWith("IRQ 4 raised by the VMM")
                && e.note().english().contains("= 0x8000000c")));
        assertTrue(on(r, ExitPath.EVENT_INJECTION).isEmpty(), "no in-kernel device on this board");
        assertTrue(userspace(r).stream().allMatch(e -> e.access().address() >= 0x3F8 && e.access().address() <= 0x3FF));
    }

    @Test
    void virtioKickIrqCompletesEachKickWithAnAcknowledgedInterrupt() throws Exception {
        SampleRunner r = new SampleRunner("virtio-kick-irq");
        List<String> story = r.exits.stream()
                .filter(e -> e.path() == ExitPath.EVENT_INJECTION_IRQ_LINE || e.access() != null
                        && (e.access().address() == 0xC010 || e.access().address() == 0xC013))
                .map(e -> e.path() == ExitPath.EVENT_INJECTION_IRQ_LINE ? e.note().english().replaceAll(".*(IRQ \\d+) raised.*vector (0x\\w+).*", "$1 → $2")
                        : Long.toHexString(e.access().address()) + "=" + e.access().value())
                .collect(Collectors.toList());
        List<String> once = List.of("c010=1", "IRQ 5 → 0x0d", "c013=1");
        assertEquals(List.of(once, once, once).stream().flatMap(List::stream).collect(Collectors.toList()), story,
                "kick, then vector 0x0D injected, then the ISR's read of the ISR status (bit 0, read clears)");
    }
}
