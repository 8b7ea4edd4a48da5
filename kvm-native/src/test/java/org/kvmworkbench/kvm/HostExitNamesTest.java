package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.RunOutcome;

/**
 * What the kernel trace shows on each host, as the nested test hosts (kvm-native/nested) check it: an AMD host names
 * every exit by its SVM code first (MMIO exits are all npf), an Intel host by its VMX reason from kvm_exit; the
 * userspace MMIO exit keeps its own kvm_exit reason; MMIO ioeventfd kicks are in-kernel exits on every host.
 */
class HostExitNamesTest {
    private static final HostVirtualization HOST = HostVirtualization.detect();

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @Test
    void mmioExitsCarryTheHostsOwnReason() throws Exception {
        SampleRun r = SampleRun.onKvm(SampleRun.config("mmio-probe"), SampleRun.LIMITS, true);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        List<ExitRecord> mmio = r.exits.stream().filter(e -> e.kvmExit() == KvmExitReason.MMIO).toList();
        assertFalse(mmio.isEmpty());
        for (ExitRecord e : r.exits) {
            assertEquals(HOST == HostVirtualization.SVM ? e.svm() : "", e.hostReason(), () -> e.note().english());
        }
        for (ExitRecord e : mmio) {
            assertFalse(e.note().english().contains("resolved by KVM"), e.note().english());
            switch (HOST) {
                case SVM -> {
                    assertEquals("SVM_EXIT_NPF (0x400)", e.primaryLabel());
                    assertTrue(e.note().english().contains("kvm_exit reason npf"), e.note().english());
                }
                case VMX -> assertTrue(e.note().english().contains("kvm_exit reason " + e.reason().linuxName()), e.note().english());
                default -> assertFalse(e.svmNative());
            }
        }
        if (HOST == HostVirtualization.SVM) {
            assertTrue(r.exits.stream().allMatch(ExitRecord::svmNative));
        }
    }

    @Test
    void mmioIoeventfdKicksAreKernelExits() throws Exception {
        SampleRun r = SampleRun.onKvm(SampleRun.config("virtio-mmio-kick-ioeventfd"), SampleRun.LIMITS, true);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertEquals(SampleRun.expected("virtio-mmio-kick-ioeventfd"), r.console.toString());
        List<ExitRecord> kicks = r.exits.stream().filter(e -> e.path() == ExitPath.KERNEL_MMIO_IOEVENTFD).toList();
        assertEquals(3, kicks.size(), () -> r.exits.stream().map(e -> e.path() + " " + e.note().english())
                .collect(Collectors.joining("\n")));
        for (ExitRecord k : kicks) {
            assertNull(k.kvmExit());
            assertEquals(Access.Kind.MMIO, k.access().kind());
            assertTrue(k.access().write());
            assertEquals("SVM_EXIT_NPF (0x400)", k.svm());
            if (HOST != HostVirtualization.PVM) assertTrue(k.note().english().contains("kvm_exit reason"), k.note().english());
        }
    }

    /** Each in-kernel exit is told at its own instruction, not at the RIP where the KVM_RUN it came from ended. */
    @Test
    void inKernelExitsCarryTheirOwnRipAndLength() throws Exception {
        SampleRun r = SampleRun.onKvm(SampleRun.config("cpuid-msr"), SampleRun.LIMITS, true);
        List<ExitRecord> kernel = r.exits.stream().filter(e -> e.kvmExit() == null).toList();
        assertEquals(List.of(0x1015L, 0x103bL), kernel.stream().filter(e -> e.instruction().equals("cpuid"))
                .map(e -> e.regs().rip()).toList());
        for (ExitRecord e : kernel) assertEquals(2, e.instructionLength(), () -> e.note().english()); // 0F A2, 0F 30, 0F 32
        assertEquals(HOST == HostVirtualization.SVM ? "SVM_EXIT_MSR (0x07c)" : "",
                kernel.get(kernel.size() - 1).hostReason());
    }
}
