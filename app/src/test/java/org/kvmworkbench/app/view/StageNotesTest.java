package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

class StageNotesTest {
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?][)\"]?(\\s|$)");

    static int sentences(String text) {
        Matcher m = SENTENCE_END.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void everyStageOfEveryPathHasANoteAndAReference() {
        int pairs = 0;
        for (ExitPath p : ExitPath.values()) {
            for (PathStep step : p.steps()) {
                String where = p + " / " + step.stage();
                StageNotes.Note n = StageNotes.of(p, step.stage());
                assertNotNull(n, "no note for " + where);
                assertFalse(n.title().isBlank(), where);
                assertFalse(n.text().isBlank(), where);
                int s = sentences(n.text());
                assertTrue(s >= 2 && s <= 4, where + " has " + s + " sentences: " + n.text());
                assertEquals(step.handler(), n.handler(), where);
                assertTrue(n.references().stream().anyMatch(r -> !r.startsWith("On this path: ")),
                        "no SDM / KVM API / Linux reference for " + where);
                assertTrue(n.references().stream().anyMatch(r -> r.equals("On this path: " + step.handler())), where);
                pairs++;
            }
            assertFalse(StageNotes.syscallSummary(p).isBlank());
        }
        assertTrue(pairs > 60, "covered " + pairs + " pairs");
    }

    @Test
    void stagesNotOnAPathHaveNoNote() {
        assertNull(StageNotes.of(ExitPath.KERNEL_CPUID, Stage.KVM_RUN_RETURNS));
        assertNull(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.EVENTFD_SIGNAL));
        assertEquals(0, StageNotes.position(ExitPath.KERNEL_CPUID, Stage.USERSPACE_DEVICE));
        assertEquals(3, StageNotes.position(ExitPath.USERSPACE_PIO, Stage.KVM_HANDLER));
    }

    @Test
    void theKeyMessageSaysAVmExitIsNotASystemCall() {
        assertTrue(StageNotes.keyMessage().contains("not a system call"));
        assertTrue(StageNotes.keyMessage().contains("ioctl(KVM_RUN)"));
        assertTrue(StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_EXIT).text().contains("not a system call"));
        assertTrue(StageNotes.syscallSummary(ExitPath.KERNEL_CPUID).contains("0 system calls"));
        assertTrue(StageNotes.syscallSummary(ExitPath.KERNEL_CR_ACCESS).contains("0 system calls"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_CR_ACCESS, Stage.KVM_HANDLER).text().contains("handle_cr"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_DR_ACCESS, Stage.KVM_HANDLER).text().contains("KVM_DEBUGREG_WONT_EXIT"));
        assertTrue(StageNotes.syscallSummary(ExitPath.USERSPACE_PIO).contains("one system call"));
    }

    @Test
    void notesReferToTheSdmTheKvmApiAndTheLinuxHandler() {
        StageNotes.Note exit = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.VM_EXIT);
        assertTrue(exit.references().stream().anyMatch(r -> r.contains("Intel SDM")));
        StageNotes.Note ret = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.KVM_RUN_RETURNS);
        assertTrue(ret.references().stream().anyMatch(r -> r.contains("api.rst") && r.contains("KVM_RUN")));
        assertTrue(ret.references().stream().anyMatch(r -> r.contains("kvm_run")));
        StageNotes.Note h = StageNotes.of(ExitPath.USERSPACE_PIO, Stage.KVM_HANDLER);
        assertTrue(h.text().contains("handle_io"));
        assertTrue(h.references().stream().anyMatch(r -> r.contains("handle_io")));
        assertTrue(StageNotes.of(ExitPath.KERNEL_IOEVENTFD, Stage.EVENTFD_SIGNAL).text().contains("eventfd_signal"));
        assertTrue(StageNotes.of(ExitPath.KERNEL_CPUID, Stage.KVM_HANDLER).text().contains("KVM_SET_CPUID2"));
    }

    @Test
    void notesNameTheRealExitsPortAndInstruction() throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8);
        StageNotes.Note g = StageNotes.of(out, Stage.GUEST_INSTRUCTION);
        assertTrue(g.text().contains("port 0x3F8"), g.text());
        assertTrue(g.text().contains(out.instruction().trim()), g.text());
        assertTrue(StageNotes.of(out, Stage.KVM_HANDLER).text().contains("port 0x3F8"));
    }
}
