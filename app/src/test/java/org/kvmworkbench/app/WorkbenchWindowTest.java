package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.vmx.VmcsField;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window on the simulated backend (KVM hidden), driven like a user would. */
class WorkbenchWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }
    private static void waitUntil(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void stepExitShowsTheDecodedIoExitAndTheVmcs(FxRobot robot) throws Exception {
        assertTrue(w().backendBadge.getText().contains("Simulated core"), w().backendBadge.getText());
        assertTrue(w().backendBadge.getText().contains("KVM not usable: no KVM device"), w().backendBadge.getText());
        for (int i = 1; i <= 3; i++) {
            robot.press(KeyCode.F10).release(KeyCode.F10);
            int n = i;
            waitUntil(() -> session().ring().totalWritten() == n && session().state() == Session.State.PAUSED);
        }
        ExitRecord third = session().ring().snapshot().get(2);
        assertEquals(0x3F8, third.access().address()); // divisor latch low byte, DLAB set
        waitUntil(() -> robot.lookup(".exit-panel").tryQuery().isPresent() || true);
        // the exit panel shows reason 30, its SDM name and the decoded port
        waitUntil(() -> textShown(robot, "I/O instruction") && textShown(robot, "0x3F8"));
        assertTrue(textShown(robot, "30"));
        // the VMCS panel: RIP of the exit, and marked as written by it
        robot.clickOn("VMCS");
        waitUntil(() -> w().vmcsPanel.shownValue(VmcsField.GUEST_RIP).toUpperCase().endsWith(
                String.format("%X", third.regs().rip())));
        assertTrue(w().vmcsPanel.isHighlighted(VmcsField.GUEST_RIP));
        assertTrue(w().vmcsPanel.shownValue(VmcsField.VM_EXIT_REASON).endsWith("1E"), w().vmcsPanel.shownValue(VmcsField.VM_EXIT_REASON));
    }

    @Test
    void runPrintsTheGreetingThenTheVmStops(FxRobot robot) throws Exception {
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil(() -> w().console.text().contains("Hello from the guest via the 16550 UART!"));
        waitUntil(() -> session().state() == Session.State.FINISHED);
        waitUntil(() -> w().status.getText().contains("guest halted"));
    }

    @Test
    void pauseStopsARunawayGuest(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "runaway-loop.yaml")));
        robot.clickOn("Run");
        waitUntil(() -> session().state() == Session.State.RUNNING);
        robot.clickOn("Pause");
        waitUntil(() -> session().state() == Session.State.PAUSED);
        long retired = session().loop().vcpu().instructionsRetired();
        Thread.sleep(100);
        assertEquals(retired, session().loop().vcpu().instructionsRetired());
    }

    @Test
    void aBadConfigShowsAnErrorAndKeepsTheVm(FxRobot robot, @TempDir Path tmp) throws Exception {
        Session before = session();
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: broken\nmemory: 64Q\nimage: nothing.bin\n");
        robot.interact(() -> assertFalse(w().open(bad)));
        assertTrue(w().errorShown());
        assertTrue(w().errorText.getText().contains("memory"), w().errorText.getText());
        assertTrue(w().errorText.getText().contains("image"), w().errorText.getText());
        assertEquals(before, session(), "the VM that was open keeps running");
    }

    @Test
    void themeAndPresenterModeSwitch(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(w().theme().darkProperty().get());
        assertTrue(Application.getUserAgentStylesheet().toLowerCase().contains("dark"));
        // what the class reads grows (the timeline's line); the controls and status stay near the normal size
        Label read = robot.lookup(".exit-timeline .timeline-info").queryAs(Label.class);
        double before = read.getFont().getSize();
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(w().theme().presenterProperty().get());
        robot.interact(() -> w().scene().getRoot().applyCss());
        assertTrue(read.getFont().getSize() > before * 1.3, before + " -> " + read.getFont().getSize());
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(w().theme().darkProperty().get());
    }

    @Test
    void typedKeysReachTheUart(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "echo-scripted.yaml")));
        robot.press(KeyCode.F5).release(KeyCode.F5);
        // the config's queued input ends the guest: its echo shows up in the console
        try {
            waitUntil(() -> w().console.text().contains("hello KVM"));
        } catch (Exception e) {
            throw new AssertionError("state " + session().state() + " exits " + session().loop().exits() + " console ["
                    + w().console.text() + "] outcome " + session().loop().outcome(), e);
        }
        assertNotNull(session().loop().vcpu().machine().uart());
    }

    private static boolean textShown(FxRobot robot, String text) {
        for (Node n : robot.lookup(".label").queryAll()) {
            if (n instanceof Label l && l.isVisible() && l.getText() != null && l.getText().contains(text)) return true;
        }
        return false;
    }
}
