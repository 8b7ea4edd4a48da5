package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.i18n.Bundles;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Switch the running window to Simplified Chinese from its language menu and read every label, text and prompt of
 * every tab: no English word may be left but names (the allowlist of {@link Bundles}).
 */
class ChineseWindowTest extends WindowTestBase {
    /**
     * Nodes whose text is not the workbench's own words: the guest's console output, assembly listings and
     * instructions (mnemonics are names in any case), citations of English documents, device names from the config
     * (uart, debugcon, pic: the config's type names), and the guest's source and assembler messages (the teacher's
     * words, in the teacher's language; NASM's own messages). The devices' register meanings and state lines and the
     * KVM probe's diagnostic are ours: core and kvm-native say them through their bundles (Messages) in the window's
     * language; the samples' titles, descriptions and key-exit labels come from their translations (NAME.zh-CN.yaml).
     */
    static final Set<String> NOT_OURS = Set.of("console-terminal", "code-line", "reference", "mono", "device-name",
            "guest-source", "source-lines", "guest-errors");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    @AfterEach
    void english() {
        Texts.setLocale(Locale.ENGLISH);
    }

    @Test
    void switchingToChineseLeavesNoEnglishButNames(FxRobot robot) throws Exception {
        robot.press(KeyCode.F5).release(KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        long exits = session().ring().totalWritten();
        WorkbenchWindow english = w();
        assertTrue(english.console.text().contains("Hello from the guest"), english.console.text());
        robot.clickOn(".language");
        robot.clickOn("简体中文");
        eventually(() -> w() != english);
        assertNotSame(english, w());
        assertEquals(Texts.ZH_CN, Texts.locale());
        assertEquals(exits, session().ring().totalWritten(), "the same VM goes on in the rebuilt window");
        assertTrue(w().console.text().contains("Hello from the guest"), "the guest's output stays: " + w().console.text());
        eventually(() -> w().status.getText().startsWith("已结束"));

        int read = walkEveryTab(robot);
        assertTrue(read > 100, "read only " + read + " texts");
    }

    @Test
    void theDevicesTabSpeaksChineseWithTheChipsetAndVirtio(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(java.nio.file.Path.of("..", "samples", "virtio-kick-irq.yaml")));
        eventually(() -> w().model().config() != null && w().model().config().name().equals("virtio-kick-irq"));
        robot.press(KeyCode.F5).release(KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        WorkbenchWindow english = w();
        robot.clickOn(".language");
        robot.clickOn("简体中文");
        eventually(() -> w() != english);
        eventually(() -> w().status.getText().startsWith("已结束"));
        Tab devices = w().tabs.getTabs().stream().filter(t -> t.getText().equals("设备")).findFirst().orElseThrow();
        robot.interact(() -> w().tabs.getSelectionModel().select(devices));
        eventually(() -> !robot.lookup(".reg-meaning").queryAll().isEmpty());
        List<String> meanings = robot.lookup(".reg-meaning").queryAll().stream()
                .map(n -> ((Labeled) n).getText()).toList();
        assertTrue(meanings.stream().anyMatch(m -> m.startsWith("已屏蔽：")), "the PIC's registers in Chinese: " + meanings);
        assertTrue(robot.lookup(".detail").queryAll().stream().map(n -> ((Labeled) n).getText())
                .anyMatch(d -> d.startsWith("1 transmitq：描述符表 0x")), "the virtio queue line in Chinese");
        int read = walkEveryTab(robot);
        assertTrue(read > 100, "read only " + read + " texts");
    }

    /** Switch the window to Chinese from its language menu and wait for the rebuilt one. */
    private void toChinese(FxRobot robot) throws Exception {
        WorkbenchWindow english = w();
        robot.clickOn(".language");
        robot.clickOn("简体中文");
        eventually(() -> w() != english);
    }

    private void openSample(FxRobot robot, String name) throws Exception {
        robot.interact(() -> assertTrue(w().open(java.nio.file.Path.of("..", "samples", name + ".yaml"))));
        eventually(() -> w().model().config() != null && w().model().config().name().equals(name));
    }

    /** The PNG of the whole window, in target/screenshots (or -Dscreenshots.dir), for people to look at. */
    private void shoot(FxRobot robot, String name) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        java.nio.file.Files.createDirectories(dir);
        robot.interact(() -> {
            try {
                PngWriter.write(w().scene().getRoot(), dir.resolve(name));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void aConfigErrorIsSaidInChinese(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        toChinese(robot);
        java.nio.file.Files.write(dir.resolve("guest.bin"), new byte[16]);
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), "name: bad\nmemory: 64K\n"
                + "image: guest.bin\nbackend: qemu\ndevices:\n  - { type: uart16550, port: 0x3F8 }\n"
                + "  - { type: uart16550, port: 0x3F8 }\n  - { type: i8254 }\ncontrols: { ioBitmap: [0x3F8] }\n");
        robot.interact(() -> w().open(bad));
        eventually(() -> w().errorShown());
        String banner = w().errorText.getText();
        assertTrue(banner.contains("backend: 未知的后端 \"qemu\"；可用：auto, kvm, simulated"), banner);
        assertTrue(banner.contains("端口 0x3F8 上重复的 uart16550：devices[0] 已经在那里"), banner);
        assertTrue(banner.contains("i8254 定时器拉起 IRQ 0，这需要 i8259 中断控制器"), banner);
        shoot(robot, "chinese-config-error.png");
        walkEveryTab(robot);
    }

    @Test
    void aCpuStopIsSaidInChinese(FxRobot robot) throws Exception {
        openSample(robot, "unsupported-instruction");
        toChinese(robot);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        eventually(() -> w().statusLine.fullText().contains("不受支持")); // the whole line: its tooltip
        assertTrue(w().status.getText().contains("不支持的指令"), w().status.getText()); // what fits of it: the stop
        String status = w().statusLine.fullText();
        assertTrue(status.contains("操作码 0x0F 0x6F"), status); // MOVQ MM0, m64: MMX is not modeled
        shoot(robot, "chinese-cpu-stop.png");
        walkEveryTab(robot);
    }

    @Test
    void crAndDrExitsAreSaidInChinese(FxRobot robot) throws Exception {
        openSample(robot, "cr-access");
        robot.press(KeyCode.F5).release(KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        toChinese(robot);
        List<org.kvmworkbench.core.exit.ExitRecord> exits = session().ring().snapshot();
        for (org.kvmworkbench.core.vmx.VmxExitReason reason : List.of(org.kvmworkbench.core.vmx.VmxExitReason.CR_ACCESS,
                org.kvmworkbench.core.vmx.VmxExitReason.DR_ACCESS)) {
            int at = -1;
            for (int i = 0; i < exits.size() && at < 0; i++) if (exits.get(i).reason() == reason) at = i;
            assertTrue(at >= 0, "cr-access makes a " + reason + " exit");
            int pick = at;
            robot.interact(() -> w().timeline.select(pick));
            WaitForAsyncUtils.waitForFxEvents();
            String handler = reason == org.kvmworkbench.core.vmx.VmxExitReason.CR_ACCESS ? "handle_cr" : "handle_dr";
            List<String> notes = new ArrayList<>();
            robot.interact(() -> {
                List<String[]> texts = new ArrayList<>();
                collect(w().scene().getRoot(), texts);
                for (String[] t : texts) if (t[1].contains(handler) && t[1].contains("：")) notes.add(t[1]);
            });
            assertTrue(!notes.isEmpty(), "the " + reason + " exit's note in Chinese, naming " + handler);
            walkEveryTab(robot);
        }
    }

    @Test
    void aDeviceErrorIsSaidInChinese(FxRobot robot) throws Exception {
        openSample(robot, "virtio-mmio-kick");
        robot.press(KeyCode.F5).release(KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        toChinese(robot);
        // the guest's driver sets up queue 0 with a page size the legacy transport does not support
        org.kvmworkbench.core.bus.Bus.Window mmio = session().loop().vcpu().machine().mmioBus().find(0xD0000);
        mmio.device().write(org.kvmworkbench.core.device.VirtioMmioTransport.REG_GUEST_PAGE_SIZE, 4, 512);
        mmio.device().write(org.kvmworkbench.core.device.VirtioMmioTransport.REG_QUEUE_SEL, 4, 0);
        mmio.device().write(org.kvmworkbench.core.device.VirtioMmioTransport.REG_QUEUE_PFN, 4, 0x20);
        Tab devices = w().tabs.getTabs().stream().filter(t -> t.getText().equals("设备")).findFirst().orElseThrow();
        robot.interact(() -> w().tabs.getSelectionModel().select(devices));
        eventually(() -> robot.lookup(".detail").queryAll().stream().map(n -> ((Labeled) n).getText())
                .anyMatch(d -> d.equals("最近的错误：队列 0：GuestPageSize 512（只支持 4096）")));
        walkEveryTab(robot);
    }

    /** Reads every tab's texts and fails with every one that keeps an English word but names; returns how many. */
    private int walkEveryTab(FxRobot robot) {
        List<String> problems = new ArrayList<>();
        int read = 0;
        for (Tab tab : w().tabs.getTabs()) {
            robot.interact(() -> w().tabs.getSelectionModel().select(tab));
            WaitForAsyncUtils.waitForFxEvents();
            robot.sleep(200); // a frame or two: the tab's view receives its data
            WaitForAsyncUtils.waitForFxEvents();
            List<String[]> texts = new ArrayList<>();
            robot.interact(() -> collect(w().scene().getRoot(), texts));
            List<String> instructions = session().ring().snapshot().stream().map(r -> r.instruction().trim()).toList();
            for (String[] t : texts) {
                read++;
                String text = t[1];
                for (String insn : instructions) text = text.replace(insn, " "); // the guest's code, not our words
                text = text.replaceAll("\"[^\"]*\"", " "); // a value quoted from the user's config
                List<String> words = Bundles.englishWords(text);
                if (!words.isEmpty()) problems.add(tab.getText() + " · " + t[0] + ": \"" + t[1] + "\" " + words);
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " texts with English words:\n"
                + String.join("\n", problems.stream().distinct().toList()));
        return read;
    }

    /** Every visible text under {@code n}, with the node's style classes; skips what is {@link #NOT_OURS}. */
    private static void collect(Node n, List<String[]> out) {
        if (!n.isVisible()) return;
        for (String c : n.getStyleClass()) if (NOT_OURS.contains(c)) return;
        if (n.getId() != null && NOT_OURS.contains(n.getId())) return;
        if (n.getClass().getSimpleName().equals("LabeledText")) return; // a Labeled's own text (read there), maybe clipped
        String text = n instanceof Labeled l ? l.getText() : n instanceof Text t ? t.getText()
                : n instanceof TextInputControl c ? c.getPromptText() : null;
        if (text != null && !text.isBlank()) out.add(new String[] {String.join(".", n.getStyleClass()), text});
        if (n instanceof Labeled l && l.getTooltip() != null) out.add(new String[] {"tooltip", l.getTooltip().getText()});
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }
}
