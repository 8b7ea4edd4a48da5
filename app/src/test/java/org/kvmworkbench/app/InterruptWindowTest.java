package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.vmx.VmcsField;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The interrupt samples in the window: a run stops at an injection step, the VMCS holds the injected vector in the
 * VM-entry interruption-information field, and the views render it (PNGs in target/screenshots, not the README's).
 */
class InterruptWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        robot.interact(() -> {
            try {
                PngWriter.write(app.window().scene().getRoot(), file);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(Files.size(file) > 20_000, file + " looks empty");
    }

    private void runUntil(FxRobot robot, String sample, ExitPath path) throws Exception {
        robot.interact(() -> app.window().open(Path.of("..", "samples", sample + ".yaml")));
        Session s = session();
        robot.interact(() -> s.runUntil(r -> r.path() == path));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> session().state() == Session.State.PAUSED
                && session().loop().lastRecord() != null && session().loop().lastRecord().path() == path);
    }

    @Test
    void timerTickStopsAtTheInjectionWithVector8InTheEntryField(FxRobot robot) throws Exception {
        runUntil(robot, "timer-tick", ExitPath.EVENT_INJECTION);
        assertEquals(0x8000_0008L, session().loop().vcpu().vmcs().get(VmcsField.VM_ENTRY_INTR_INFO_FIELD));
        Thread.sleep(1500);
        shoot(robot, "irq-round-trip-injection.png");
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(2));
        robot.interact(() -> robot.lookup(n -> n instanceof TextField f && f.getPromptText() != null
                && f.getPromptText().startsWith("Filter")).queryAs(TextField.class).setText("0x4016"));
        Thread.sleep(500);
        shoot(robot, "irq-vmcs-injection.png");
    }

    @Test
    void echoIrqShowsTheWayBackFromTheVmm(FxRobot robot) throws Exception {
        runUntil(robot, "echo-irq", ExitPath.EVENT_INJECTION_IRQ_LINE);
        assertEquals(0x8000_000CL, session().loop().vcpu().vmcs().get(VmcsField.VM_ENTRY_INTR_INFO_FIELD));
        Thread.sleep(2600);
        shoot(robot, "irq-round-trip-irq-line.png");
    }
}
