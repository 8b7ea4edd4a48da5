package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.Stage;

/** The notes of the way back in name the injection where each host keeps it, in both languages. */
class InterruptStageNotesTest {
    private static Properties bundle(String name) throws Exception {
        Properties p = new Properties();
        try (var in = InterruptStageNotes.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chineseHasEveryEnglishKey() throws Exception {
        Properties en = bundle("InterruptStageNotes.properties");
        Properties zh = bundle("InterruptStageNotes_zh_CN.properties");
        assertEquals(en.stringPropertyNames(), zh.stringPropertyNames());
        assertTrue(en.size() > 50, "keys: " + en.size());
    }

    @Test
    void injectionIsNamedByTheHostsOwnField() {
        for (ExitPath p : new ExitPath[] {ExitPath.EVENT_INJECTION, ExitPath.EVENT_INJECTION_IRQ_LINE}) {
            assertTrue(StageNotes.of(p, Stage.VM_ENTRY, StageNotesHostTest.VMX).text().contains("(0x4016)"));
            assertTrue(StageNotes.of(p, Stage.VM_ENTRY, StageNotesHostTest.SVM).text().contains("EVENTINJ"));
            assertTrue(StageNotes.of(p, Stage.VM_ENTRY, StageNotesHostTest.PVM).text().contains("in software"));
            assertTrue(StageNotes.syscallSummary(p).startsWith("Not a VM exit but an entry"));
        }
        assertTrue(StageNotes.syscallSummary(ExitPath.EVENT_INJECTION_IRQ_LINE).contains("KVM_IRQ_LINE"));
        assertTrue(HostHandlers.handler(ExitPath.KERNEL_INTERRUPT_WINDOW, Stage.VM_EXIT, StageNotesHostTest.SVM)
                .contains("SVM_EXIT_VINTR (0x064)"));
        assertTrue(HostHandlers.handler(ExitPath.KERNEL_EXTERNAL_INTERRUPT, Stage.VM_EXIT, StageNotesHostTest.SVM)
                .contains("SVM_EXIT_INTR (0x060)"));
    }
}
