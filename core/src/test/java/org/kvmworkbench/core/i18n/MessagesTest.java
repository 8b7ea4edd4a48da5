package org.kvmworkbench.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.device.DebugConsole;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.IrqLine;
import org.kvmworkbench.core.device.PassthroughDevice;
import org.kvmworkbench.core.device.Pic8259Pair;
import org.kvmworkbench.core.device.Pit8254;
import org.kvmworkbench.core.device.Uart16550;
import org.kvmworkbench.core.exit.NoteText;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** Core's words follow the locale the window sets, and are English (the CLI's) until it does. */
class MessagesTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    private static DeviceSnapshot uart() {
        return new Uart16550((source, b) -> { }, IrqLine.NONE).snapshot();
    }

    @Test
    void aDeviceSpeaksEnglishUntilTheWindowChoosesChinese() {
        assertEquals(Locale.ROOT, Messages.locale());
        assertEquals("THR empty", uart().register("LSR").meaning());
        assertEquals("rx FIFO depth: 0 / 256", uart().details().get(0));
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("THR 空", uart().register("LSR").meaning());
        assertEquals("RX FIFO 深度：0 / 256", uart().details().get(0));
        for (DeviceSnapshot.Register r : uart().registers()) assertFalse(r.meaning().contains("!"), r.toString());
        Messages.setLocale(Locale.ENGLISH);
        assertEquals("THR empty", uart().register("LSR").meaning());
    }

    @Test
    void everyDeviceModelHasEveryWordInChinese() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        ArrayGuestMemory ram = new ArrayGuestMemory(0x10000);
        List<DeviceSnapshot> snaps = List.of(new Pic8259Pair().snapshot(), new Pit8254(IrqLine.NONE).snapshot(),
                new DebugConsole((s, b) -> { }).snapshot(),
                new PassthroughDevice(ram, 0x8000, (s, b) -> { }, IrqLine.NONE).snapshot());
        for (DeviceSnapshot d : snaps) {
            for (DeviceSnapshot.Register r : d.registers()) {
                assertFalse((r.name() + r.meaning()).contains("!"), d.device() + ": " + r);
                assertFalse(r.meaning().matches(".*[a-z]{4,}.*"), d.device() + " keeps English: " + r);
            }
            for (String line : d.details()) assertFalse(line.contains("!"), d.device() + ": " + line);
        }
        assertEquals("计数器 0", snaps.get(1).registers().get(0).name());
        assertEquals("主片 IRR", snaps.get(0).registers().get(0).name());
    }

    @Test
    void aNoteIsMadeInEnglishAndSaidAgainInChineseWithItsValues() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        String note = NoteText.english("injected.irq", 5, 0x25, 0x80000025);
        assertEquals("IRQ 5 raised by the VMM: vector 0x25 injected at VM entry, VM-entry interruption information "
                + "(0x4016) = 0x80000025 (valid, type 0 external interrupt)", note, "a trace keeps English");
        assertEquals("VMM 拉起的 IRQ 5：向量 0x25 在 VM 进入时注入，VM 进入中断信息（0x4016）= 0x80000025（有效，类型 0 外部中断）",
                NoteText.inCurrentLanguage(note));
        assertEquals("这个地址上没有设备；IF=0：只有 NMI、INIT 或信号才能唤醒 vCPU：虚拟机停止",
                NoteText.inCurrentLanguage(NoteText.english("noDevice") + "; " + NoteText.english("hlt.if0")));
        assertEquals("客户机运行时有中断产生；KVM_REQ_EVENT 待处理",
                NoteText.inCurrentLanguage(NoteText.english("externalInterrupt")), "a note with \"; \" inside it");
        assertEquals("something else", NoteText.inCurrentLanguage("something else"));
        Messages.setLocale(Locale.ROOT);
        assertEquals(note, NoteText.inCurrentLanguage(note));
    }

    @Test
    void aCpuStopIsAKeyAndValuesSaidWhenShown() {
        Phrase detail = CpuExit.WORDS.phrase("x87", 0xD9, 0xF0);
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("x87 opcode 0xD9 0xF0 (the simulated FPU does not model F2XM1 outside -1..+1, where the SDM leaves its result undefined)",
                detail.english(), "a trace keeps English");
        assertEquals("x87 操作码 0xD9 0xF0（模拟 FPU 不实现 -1..+1 之外的 F2XM1（SDM 未定义其结果））", detail.toString());
        String note = NoteText.english("unsupported.bytes", 0, 0x12, detail, " D9 F0");
        assertEquals("unsupported instruction at 0000:0012 (x87 opcode 0xD9 0xF0 (the simulated FPU does not model F2XM1 outside -1..+1, where the SDM leaves its result undefined)), bytes D9 F0", note);
        assertEquals("0000:0012 处的指令不受支持（x87 操作码 0xD9 0xF0（模拟 FPU 不实现 -1..+1 之外的 F2XM1（SDM 未定义其结果））），"
                + "字节 D9 F0", NoteText.inCurrentLanguage(note), "the detail inside the note is said again too");
        Messages.setLocale(Locale.ROOT);
        assertEquals(detail.english(), detail.toString());
        assertEquals(CpuExit.WORDS.phrase("x87", 0xD9, 0xF0), detail);
        assertTrue(Phrase.NONE.isEmpty());
        assertEquals("RDMSR", Phrase.literal("RDMSR").toString());
    }

    @Test
    void crAndDrNotesAreSaidAgainInChinese() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        String mov = NoteText.english("cr.movTo", 0, "EAX", 0x10, 0x11, 0);
        assertEquals("MOV to CR0 from EAX: 0x00000010 → 0x00000011; handle_cr → kvm_set_cr0", mov);
        assertEquals("MOV 到 CR0，来自 EAX：0x00000010 → 0x00000011；handle_cr → kvm_set_cr0", NoteText.inCurrentLanguage(mov));
        assertEquals("MOV DR7 → EBX：handle_dr 关闭 MOV-DR 退出；客户机再次执行这条 MOV，直到下一次 VM 退出都不再被拦截",
                NoteText.inCurrentLanguage(NoteText.english("dr.from", 7, "EBX")));
    }

    @Test
    void aNoteReadBackFromATraceIsRecognisedSoItsWordsHaveNoPositionalPlaceholders() {
        for (String bundle : List.of("org.kvmworkbench.core.exit.NoteText", "org.kvmworkbench.core.cpu.CpuExit")) {
            java.util.ResourceBundle en = java.util.ResourceBundle.getBundle(bundle, Locale.ROOT,
                    java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
            for (String key : en.keySet())
                assertFalse(en.getString(key).matches(".*%\\d+\\$.*"), bundle + " " + key + ": " + en.getString(key));
        }
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        String trace = NoteText.english("cr.clts", 0x60000018, 0x60000010);
        assertEquals("CLTS：CR0 0x60000018 → 0x60000010", NoteText.inCurrentLanguage(trace), "a trace's note said again");
    }

    @Test
    void aMissingKeyIsSeen() {
        assertTrue(Messages.of(Uart16550.class).get("no.such.key").startsWith("!"));
    }

    @Test
    void aTextSaidInChineseIsSaidAgainInEnglishAndBack() {
        Messages console = Messages.of(DebugConsole.class);
        assertEquals("bytes written: 40", console.inCurrentLanguage("已写入字节：40", Locale.SIMPLIFIED_CHINESE, v -> v));
        assertEquals("reads return 0xE9", console.inCurrentLanguage("读取返回 0xE9", Locale.SIMPLIFIED_CHINESE, v -> v));
        assertEquals("已写入字节：40", console.inCurrentLanguage("已写入字节：40", Locale.ROOT, v -> v),
                "a text not of the language it is said to be in comes back as it is");
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("已写入字节：40", console.inCurrentLanguage("bytes written: 40", Locale.ENGLISH, v -> v));
        assertEquals("已写入字节：40", console.inCurrentLanguage("已写入字节：40", Locale.SIMPLIFIED_CHINESE, v -> v));
        assertEquals("bytes written: 40", Messages.of(MessagesTest.class).inCurrentLanguage("bytes written: 40", Locale.ROOT, v -> v),
                "a class without words says nothing again");
    }
}
