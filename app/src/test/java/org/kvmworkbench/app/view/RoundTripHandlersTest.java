package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

/** The handler lines the round-trip view shows: core's VMX names on VMX, SVM's or PVM's on those hosts. */
class RoundTripHandlersTest {
    @Test
    void vmxAndTheSimulatorShowCoresHandlers() {
        for (ExitPath p : ExitPath.values())
            for (PathStep s : p.steps()) {
                assertEquals(s.handler(), HostHandlers.handler(p, s.stage(), StageNotesHostTest.SIM));
                assertEquals(s.handler(), HostHandlers.handler(p, s.stage(), StageNotesHostTest.VMX));
                assertEquals(s.handler(), HostHandlers.handler(p, s.stage(), (org.kvmworkbench.core.backend.BackendInfo) null));
            }
        assertNull(HostHandlers.handler(ExitPath.KERNEL_CPUID, Stage.KVM_RUN_RETURNS, StageNotesHostTest.SVM));
    }

    @Test
    void svmAndPvmHandlersNeverNameVmxCode() {
        for (ExitPath p : ExitPath.values())
            for (PathStep s : p.steps()) {
                String svm = HostHandlers.handler(p, s.stage(), StageNotesHostTest.SVM);
                String pvm = HostHandlers.handler(p, s.stage(), StageNotesHostTest.PVM);
                assertNotNull(svm);
                assertNotNull(pvm);
                for (String vmx : new String[] {"VMX", "VMCS", "VMRESUME", "vmx_", "handle_io", "handle_ept",
                        "handle_triple_fault", "handle_exception_nmi", "exit reason", "EPT"}) {
                    assertFalse(svm.contains(vmx), p + " / " + s.stage() + " on SVM: " + svm);
                    assertFalse(pvm.replace("no VMX/SVM", "").replace("no VMRESUME/VMRUN", "").replace("no EPT", "").contains(vmx),
                            p + " / " + s.stage() + " on PVM: " + pvm);
                }
                assertFalse(pvm.contains("VMCB") || pvm.contains("#VMEXIT") || pvm.contains("svm_"), pvm);
            }
        assertEquals("svm_handle_exit → io_interception → kvm_fast_pio (no in-kernel device: KVM_EXIT_IO)",
                HostHandlers.handler(ExitPath.USERSPACE_PIO, Stage.KVM_HANDLER, StageNotesHostTest.SVM));
        assertEquals("VMRUN", HostHandlers.handler(ExitPath.USERSPACE_PIO, Stage.VM_ENTRY, StageNotesHostTest.SVM));
        assertTrue(HostHandlers.handler(ExitPath.USERSPACE_PIO, Stage.VM_EXIT, StageNotesHostTest.PVM).startsWith("no VM exit"));
        assertTrue(HostHandlers.handler(ExitPath.KERNEL_CPUID, Stage.KVM_HANDLER, StageNotesHostTest.PVM).contains("no VM exit"));
    }

    @Test
    void theCaptionNamesTheExitAsTheHostDoes() throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8);
        assertTrue(RoundTripView.describe(out).contains("exit 30"));
        assertTrue(RoundTripView.describe(out, StageNotesHostTest.SVM).contains("#VMEXIT SVM_EXIT_IOIO"));
        String pvm = RoundTripView.describe(out, StageNotesHostTest.PVM);
        assertTrue(pvm.contains("no VM exit") && !pvm.contains("exit 30"), pvm);
        assertTrue(pvm.contains("KVM_EXIT_IO"), pvm);
    }
}
