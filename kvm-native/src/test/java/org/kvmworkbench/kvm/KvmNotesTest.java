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
    void aNoteIsAKeyAndValuesSaidInTheLanguageOfTheMomentItIsShown() {
        org.kvmworkbench.core.i18n.Phrase note = NoteText.join(KvmNotes.phrase("cpuid", 0x40000000L, 0L, 0x40000001L,
                0x4b4d564bL, 0x564b4d56L, 0x4dL, " (\"KVMKVMKVM\")", KvmNotes.phrase("cpuid.notFound")),
                KvmNotes.phrase("alsoInKernel", org.kvmworkbench.core.i18n.Phrase.join(KvmNotes.phrase("listSeparator"),
                        KvmNotes.phrase("tally.out", 0x20L), KvmNotes.phrase("times", KvmNotes.phrase("tally.pageFault"), 2))));
        String english = "CPUID leaf 0x40000000 subleaf 0 → eax=40000001 ebx=4b4d564b ecx=564b4d56 edx=0000004d"
                + " (\"KVMKVMKVM\") (leaf not in the KVM_SET_CPUID2 table); also in the kernel: OUT to port 0x20 served by"
                + " an in-kernel device, guest page fault resolved by KVM ×2";
        assertEquals(english, note.english());
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("CPUID 叶 0x40000000 子叶 0 → EAX=40000001 EBX=4b4d564b ECX=564b4d56 EDX=0000004d (\"KVMKVMKVM\")"
                + "（该叶不在 KVM_SET_CPUID2 表中）；内核中还发生了：到端口 0x20 的 OUT 由内核中的设备处理、客户机缺页由 KVM 解决 ×2",
                note.toString());
        assertEquals(english, note.english(), "a trace keeps English whatever the window's language");
    }

    @Test
    void aNoteReadBackFromATraceIsRecognisedSoItsWordsHaveNoPositionalPlaceholders() {
        java.util.ResourceBundle en = java.util.ResourceBundle.getBundle(KvmNotes.class.getName(), Locale.ROOT,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
        for (String key : en.keySet())
            org.junit.jupiter.api.Assertions.assertFalse(en.getString(key).matches(".*%\\d+\\$.*"), key);
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("异常被拦截，并由 KVM 处理；kvm_exit 原因 exception_nmi，读自跟踪",
                NoteText.inCurrentLanguage(KvmNotes.english("exception") + "; " + KvmNotes.english("reason.read", "exception_nmi"),
                        KvmNotes.WORDS), "a note from a trace file");
    }

    @Test
    void theDecodersNotesAreTheEnglishTheyWere() {
        assertEquals("RIP is past this OUT: KVM's instruction emulator completed it before exiting; qualification bits"
                + " and length from the OUT that ends at RIP", ExitDecoder.NOTE_OUT_COMPLETED.english());
        assertEquals("PVM: handled by KVM's emulator, no VM exit", KernelExits.PVM_EMULATED.english());
    }
}
