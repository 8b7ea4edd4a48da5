package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
     * (uart, debugcon, pic: the config's type names), and the sample's own title and description from its config
     * file and the guest's source and assembler messages (the teacher's words, in the teacher's language; NASM's own
     * messages). The devices' register meanings and state lines and the KVM probe's diagnostic are ours: core and
     * kvm-native say them through their bundles (Messages) in the window's language.
     */
    static final Set<String> NOT_OURS = Set.of("console-terminal", "code-line", "reference", "mono", "device-name",
            "sample-line", "guest-source", "source-lines", "guest-errors");

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

    private static void waitUntil(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void switchingToChineseLeavesNoEnglishButNames(FxRobot robot) throws Exception {
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> session().state() == Session.State.FINISHED);
        long exits = session().ring().totalWritten();
        WorkbenchWindow english = w();
        assertTrue(english.console.text().contains("Hello from the guest"), english.console.text());
        robot.clickOn(".language");
        robot.clickOn("简体中文");
        waitUntil(() -> w() != english);
        assertNotSame(english, w());
        assertEquals(Texts.ZH_CN, Texts.locale());
        assertEquals(exits, session().ring().totalWritten(), "the same VM goes on in the rebuilt window");
        assertTrue(w().console.text().contains("Hello from the guest"), "the guest's output stays: " + w().console.text());
        waitUntil(() -> w().status.getText().startsWith("已结束"));

        int read = walkEveryTab(robot);
        assertTrue(read > 100, "read only " + read + " texts");
    }

    @Test
    void theDevicesTabSpeaksChineseWithTheChipsetAndVirtio(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(java.nio.file.Path.of("..", "samples", "virtio-kick-irq.yaml")));
        waitUntil(() -> w().model().config() != null && w().model().config().name().equals("virtio-kick-irq"));
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> session().state() == Session.State.FINISHED);
        WorkbenchWindow english = w();
        robot.clickOn(".language");
        robot.clickOn("简体中文");
        waitUntil(() -> w() != english);
        waitUntil(() -> w().status.getText().startsWith("已结束"));
        Tab devices = w().tabs.getTabs().stream().filter(t -> t.getText().equals("设备")).findFirst().orElseThrow();
        robot.interact(() -> w().tabs.getSelectionModel().select(devices));
        waitUntil(() -> !robot.lookup(".reg-meaning").queryAll().isEmpty());
        List<String> meanings = robot.lookup(".reg-meaning").queryAll().stream()
                .map(n -> ((Labeled) n).getText()).toList();
        assertTrue(meanings.stream().anyMatch(m -> m.startsWith("已屏蔽：")), "the PIC's registers in Chinese: " + meanings);
        assertTrue(robot.lookup(".detail").queryAll().stream().map(n -> ((Labeled) n).getText())
                .anyMatch(d -> d.startsWith("1 transmitq：描述符表 0x")), "the virtio queue line in Chinese");
        int read = walkEveryTab(robot);
        assertTrue(read > 100, "read only " + read + " texts");
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
        String text = n instanceof Labeled l ? l.getText() : n instanceof Text t ? t.getText()
                : n instanceof TextInputControl c ? c.getPromptText() : null;
        if (text != null && !text.isBlank()) out.add(new String[] {String.join(".", n.getStyleClass()), text});
        if (n instanceof Labeled l && l.getTooltip() != null) out.add(new String[] {"tooltip", l.getTooltip().getText()});
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }
}
