package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

/** The teaching notes name what the host really has: VMX (and the simulator), SVM, or PVM (no VMX/SVM, no VMCS). */
class StageNotesHostTest {
    static final BackendInfo VMX = new BackendInfo("kvm", "VMX", "VMCS", "VMLAUNCH/VMRESUME", "");
    static final BackendInfo SVM = new BackendInfo("kvm", "SVM", "VMCB", "VMRUN", "");
    static final BackendInfo PVM = new BackendInfo("kvm", "PVM", "none (PVM has no VMCS)",
            "none (no VMX/SVM; real mode runs in KVM's emulator)", "");
    static final BackendInfo SIM = BackendInfo.simulated("test");
    static final List<BackendInfo> ALL = List.of(SIM, VMX, SVM, PVM);

    /** Title, text, handler and references of a note, as one string. */
    static String all(StageNotes.Note n) {
        return n.title() + "\n" + n.text() + "\n" + n.handler() + "\n" + String.join("\n", n.references());
    }

    @Test
    void everyStageOfEveryPathHasANoteOnEveryHost() {
        for (BackendInfo info : ALL) {
            int pairs = 0;
            for (ExitPath p : ExitPath.values()) {
                for (PathStep step : p.steps()) {
                    String where = info.technology() + ": " + p + " / " + step.stage();
                    StageNotes.Note n = StageNotes.of(p, step.stage(), info);
                    assertNotNull(n, "no note for " + where);
                    assertFalse(n.title().isBlank(), where);
                    assertFalse(n.text().isBlank(), where);
                    int s = StageNotesTest.sentences(n.text());
                    assertTrue(s >= 2 && s <= 4, where + " has " + s + " sentences: " + n.text());
                    assertFalse(n.handler().isBlank(), where);
                    assertEquals(HostHandlers.handler(p, step.stage(), info), n.handler(), where);
                    assertTrue(n.references().stream().anyMatch(r -> !r.startsWith("On this path: ")), where);
                    assertTrue(n.references().contains("On this path: " + n.handler()), where);
                    pairs++;
                }
            }
            assertTrue(pairs > 60, info.technology() + " covered " + pairs);
        }
    }

    @Test
    void vmxAndTheSimulatorKeepCoresVmxWording() {
        for (BackendInfo info : new BackendInfo[] {null, SIM, VMX}) {
            for (ExitPath p : ExitPath.values()) {
                for (PathStep step : p.steps()) {
                    StageNotes.Note n = StageNotes.of(p, step.stage(), info);
                    StageNotes.Note old = StageNotes.of(p, step.stage());
                    assertEquals(old, n, p + " / " + step.stage());
                    assertEquals(step.handler(), n.handler());
                }
            }
        }
        assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.GUEST_INSTRUCTION, VMX).text().contains("VMX non-root"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_MSR, Stage.GUEST_INSTRUCTION, VMX).text().contains("VMCS"));
        assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_ENTRY, VMX).text().contains("VMRESUME"));
        assertEquals(StageNotes.keyMessage(), StageNotes.keyMessage(VMX));
        assertEquals(StageNotes.keyMessage(), StageNotes.keyMessage(null));
    }

    @Test
    void svmNotesSpeakSvmNeverVmx() {
        List<String> bad = new ArrayList<>();
        for (ExitPath p : ExitPath.values()) {
            for (PathStep step : p.steps()) {
                String t = all(StageNotes.of(p, step.stage(), SVM));
                for (String vmx : List.of("VMX", "VMCS", "VMRESUME", "VMLAUNCH", "vmx_", "vmx.c", "handle_io",
                        "handle_ept", "EPT", "exit reason", "Intel SDM Vol. 3C", "non-root")) {
                    if (t.contains(vmx)) bad.add(p + " / " + step.stage() + " says " + vmx + ": " + t);
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.GUEST_INSTRUCTION, SVM).text().contains("guest mode"));
        StageNotes.Note exit = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_EXIT, SVM);
        assertTrue(exit.text().contains("#VMEXIT") && exit.text().contains("VMCB") && exit.text().contains("SVM_EXIT_IOIO (0x07b)"));
        assertTrue(exit.text().contains("not a system call"));
        StageNotes.Note h = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.KVM_HANDLER, SVM);
        assertTrue(h.text().contains("svm_handle_exit") && h.text().contains("io_interception"), h.text());
        assertTrue(h.handler().contains("io_interception"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_CPUID, Stage.KVM_HANDLER, SVM).text().contains("kvm_emulate_cpuid"));
        assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_ENTRY, SVM).text().contains("VMRUN"));
        assertTrue(StageNotes.keyMessage(SVM).contains("not a system call"));
        assertTrue(StageNotes.keyMessage(SVM).contains("VMCB"));
    }

    @Test
    void svmNotesUseTheRecordsExitCode() throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8);
        String t = StageNotes.of(out, Stage.VM_EXIT, SVM).text();
        assertTrue(t.contains(out.svm()), t);
        assertTrue(StageNotes.of(out, Stage.KVM_HANDLER, SVM).text().contains("port 0x3F8"));
    }

    @Test
    void pvmNotesSayThereIsNoVmxAndNoVmcs() {
        List<String> bad = new ArrayList<>();
        for (ExitPath p : ExitPath.values()) {
            for (PathStep step : p.steps()) {
                StageNotes.Note n = StageNotes.of(p, step.stage(), PVM);
                String t = all(n);
                // "no VMCS", "no VMX/SVM" are fine; anything that presents them as present is not
                String stripped = t.replace("no VMX or SVM", "").replace("no VMX/SVM", "").replace("no VMX, SVM or VMCS", "")
                        .replace("no VMCS", "").replace("no VMRESUME/VMRUN", "").replace("no VMRESUME", "").replace("no VMRUN", "");
                for (String vmx : List.of("VMX", "VMCS", "VMCB", "VMRESUME", "VMRUN", "vmx_", "svm_", "vmx.c", "svm.c",
                        "handle_io", "io_interception", "EPT violation", "exit reason", "non-root", "SVM guest mode",
                        "#VMEXIT", "Intel SDM Vol. 3C")) {
                    if (stripped.contains(vmx)) bad.add(p + " / " + step.stage() + " says " + vmx + ": " + t);
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        StageNotes.Note g = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.GUEST_INSTRUCTION, PVM);
        assertTrue(g.text().contains("no VMX or SVM") && g.text().contains("emulator"), g.text());
        StageNotes.Note exit = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_EXIT, PVM);
        assertTrue(exit.text().contains("no VM exit") && exit.text().contains("no VMCS"), exit.text());
        assertTrue(exit.text().contains("not") && exit.text().contains("system call"));
        assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.KVM_HANDLER, PVM).text().contains("KVM_EXIT_IO"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_CPUID, Stage.KVM_HANDLER, PVM).text().contains("no VM exit"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_MSR, Stage.KVM_HANDLER, PVM).text().contains("no VM exit"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_CPUID, Stage.VM_EXIT, PVM).text().contains("emulated")
                || StageNotes.of(ExitPath.KERNEL_CPUID, Stage.VM_EXIT, PVM).text().contains("emulator"));
        assertTrue(StageNotes.keyMessage(PVM).contains("not a system call"));
        assertTrue(StageNotes.keyMessage(PVM).contains("ioctl(KVM_RUN)"));
        assertFalse(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_EXIT, PVM).title().startsWith("VM exit"));
    }

    @Test
    void theSystemCallCostIsTheSameOnEveryHost() {
        for (BackendInfo info : ALL) {
            assertTrue(StageNotes.keyMessage(info).contains("one system call (the next KVM_RUN)"));
            assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.KVM_RUN_CALLED, info).text().contains("one system call"));
            assertTrue(StageNotes.of(ExitPath.KERNEL_CPUID, Stage.VM_ENTRY, info).text().contains("0 system calls"));
        }
    }

    @Test
    void mmioIoeventfdKickHasItsOwnPathOnEveryHost() {
        ExitPath p = ExitPath.KERNEL_MMIO_IOEVENTFD;
        assertFalse(p.reachesUserspace());
        for (BackendInfo info : ALL) {
            assertTrue(StageNotes.syscallSummary(p).contains("0 system calls on the vCPU thread"));
            assertTrue(StageNotes.of(p, Stage.EVENTFD_SIGNAL, info).text().contains("KVM_EXIT_MMIO"));
            assertFalse(StageNotes.of(p, Stage.GUEST_INSTRUCTION, info).text().contains("OUT"));
            assertTrue(StageNotes.of(p, Stage.VM_ENTRY, info).text().contains("0 system calls"));
        }
        for (BackendInfo info : new BackendInfo[] {SIM, VMX}) {
            StageNotes.Note exit = StageNotes.of(p, Stage.VM_EXIT, info);
            assertTrue(exit.text().contains("49 (EPT misconfiguration)") && exit.text().contains("48 (EPT violation)"),
                    exit.text());
            StageNotes.Note h = StageNotes.of(p, Stage.KVM_HANDLER, info);
            assertTrue(h.text().contains("handle_ept_misconfig") && h.text().contains("KVM_FAST_MMIO_BUS")
                    && h.text().contains("KVM_MMIO_BUS") && h.text().contains("ioeventfd_write"), h.text());
            assertFalse(h.text().contains("handle_io"), h.text());
        }
        StageNotes.Note svmExit = StageNotes.of(p, Stage.VM_EXIT, SVM);
        assertTrue(svmExit.text().contains("SVM_EXIT_NPF (0x400)"), svmExit.text());
        assertTrue(svmExit.handler().contains("SVM_EXIT_NPF (0x400)"), svmExit.handler());
        StageNotes.Note svmH = StageNotes.of(p, Stage.KVM_HANDLER, SVM);
        assertTrue(svmH.text().contains("npf_interception") && svmH.handler().contains("npf_interception"), svmH.text());
        assertFalse(svmH.handler().contains("io_interception"));
        StageNotes.Note pvmH = StageNotes.of(p, Stage.KVM_HANDLER, PVM);
        assertTrue(pvmH.text().contains("KVM_MMIO_BUS") && pvmH.text().contains("ioeventfd_write")
                && pvmH.text().contains("no VM exit"), pvmH.text());
        assertTrue(pvmH.handler().contains("KVM_MMIO_BUS") && !pvmH.handler().contains("em_out"), pvmH.handler());
        assertTrue(StageNotes.of(p, Stage.VM_EXIT, PVM).handler().startsWith("no VM exit"));
    }
}
