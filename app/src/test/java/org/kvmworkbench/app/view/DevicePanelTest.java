package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class DevicePanelTest {
    private DevicePanel panel;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        panel = new DevicePanel();
        stage.setScene(new Scene(panel, 1000, 760));
        stage.show();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void showsTheUartRegistersTheGuestProgrammed(FxRobot robot) {
        SampleExits run = SampleExits.of("hello-serial");
        robot.interact(() -> panel.update(run.devices));
        WaitForAsyncUtils.waitForFxEvents();
        DeviceSnapshot uart = run.devices.get(0);
        assertEquals("uart", uart.device());
        assertEquals(0x03, uart.register("LCR").value(), "8N1 with DLAB cleared, as hello-serial.asm sets it");
        assertEquals("0x03", text(robot, "#reg-uart-LCR"));
        assertEquals("0x01", text(robot, "#reg-uart-DLL"), "divisor 1: 115200 baud");
        assertTrue(robot.lookup(".detail").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("baud: 115200 (divisor 1)")));
        assertTrue(robot.lookup("#device-debugcon").tryQuery().isPresent());
    }

    @Test
    void drawsTheVirtqueueAfterTheThreeKicks(FxRobot robot) {
        SampleExits run = SampleExits.of("virtio-kick");
        robot.interact(() -> {
            panel.update(run.devices);
            panel.updateVirtqueues(run.rings);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("used.idx = 3", text(robot, "#vq-1-used-idx"));
        assertEquals("avail.idx = 3", text(robot, "#vq-1-avail-idx"));
        assertEquals("last_avail_idx = 3", text(robot, "#vq-1-last-avail-idx"));
        assertEquals(0x0004, Integer.parseInt(text(robot, "#reg-virtio-console-QUEUE_PFN").substring(2), 16));
        assertTrue(robot.lookup(".vq-disabled").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().startsWith("disabled: QUEUE_PFN is 0")), "receiveq");

        // Three descriptors written, three used-ring entries holding ids 0, 1, 2.
        List<String> used = new ArrayList<>();
        for (var n : robot.lookup("#vq-1 .vq-cell.used").queryAll()) {
            if (n.getPseudoClassStates().contains(PseudoClass.getPseudoClass("used")))
                used.add(((Label) ((javafx.scene.layout.StackPane) n).getChildren().get(0)).getText());
        }
        assertEquals(List.of("0", "1", "2"), used);
        long taken = robot.lookup("#vq-1 .vq-cell.desc").queryAll().stream()
                .filter(n -> n.getPseudoClassStates().contains(PseudoClass.getPseudoClass("taken"))).count();
        assertEquals(3, taken);
    }

    @Test
    void aChangedRegisterIsHighlighted(FxRobot robot) {
        SampleExits before = SampleExits.of("cpuid-msr");  // UART never touched: LCR 0x00
        SampleExits after = SampleExits.of("hello-serial"); // LCR 0x03
        robot.interact(() -> panel.update(before.devices));
        WaitForAsyncUtils.waitForFxEvents();
        Label lcr = robot.lookup("#reg-uart-LCR").queryAs(Label.class);
        Label scr = robot.lookup("#reg-uart-SCR").queryAs(Label.class);
        assertEquals("0x00", lcr.getText());
        PseudoClass changed = PseudoClass.getPseudoClass("changed");
        assertFalse(lcr.getPseudoClassStates().contains(changed));
        robot.interact(() -> panel.update(after.devices));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0x03", lcr.getText(), "the same row, updated in place");
        assertTrue(lcr.getPseudoClassStates().contains(changed));
        assertTrue(lcr.getBackground() != null && !lcr.getBackground().getFills().isEmpty(), "drawn highlighted");
        assertFalse(scr.getPseudoClassStates().contains(changed), "SCR stayed 0");
    }
}
