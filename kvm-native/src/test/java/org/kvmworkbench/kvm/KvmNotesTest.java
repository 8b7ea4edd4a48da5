package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.NoteText;
import org.kvmworkbench.core.i18n.Messages;

/** The KVM backend's exit notes: English in records and traces, said again in Chinese by the window. */
class KvmNotesTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void aJoinedNoteIsEnglishAndEachPartIsSaidAgainInChinese() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        String note = String.join("; ", KvmNotes.english("reason.npf", "npf"), KvmNotes.english("ran", 3),
                KvmNotes.english("alsoInKernel", "kvm_pio ×2"));
        assertEquals("kvm_exit reason npf, read from the trace; VMX equivalent derived; KVM's emulator ran 3 guest "
                + "instructions since the last exit; also in the kernel: kvm_pio ×2", note, "a trace keeps English");
        assertEquals("kvm_exit 原因 npf，读自跟踪；对应的 VMX 原因为推导值；自上次退出以来，KVM 的模拟器执行了 3 条客户机指令；"
                + "内核中还发生了：kvm_pio ×2", NoteText.inCurrentLanguage(note, KvmNotes.WORDS));
        assertEquals("kvm_exit 原因 EXTERNAL_INTERRUPT，读自跟踪",
                NoteText.inCurrentLanguage(KvmNotes.english("reason.read", "EXTERNAL_INTERRUPT"), KvmNotes.WORDS),
                "the most specific pattern wins over \"kvm_exit reason %s\"");
    }

    @Test
    void theDecodersNotesAreTheEnglishTheyWere() {
        assertEquals("RIP is past this OUT: KVM's instruction emulator completed it before exiting; qualification bits"
                + " and length from the OUT that ends at RIP", ExitDecoder.NOTE_OUT_COMPLETED);
        assertEquals("PVM: handled by KVM's emulator, no VM exit", KernelExits.PVM_EMULATED);
    }
}
