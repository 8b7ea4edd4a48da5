package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.kvm.KvmProbe;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** The same teacher's flow as {@link GuestTabTest} on real KVM; skipped where KVM cannot be used. */
@ExtendWith(ApplicationExtension.class)
class GuestTabKvmTest {
    private WorkbenchApp app;

    @Start
    void start(Stage stage) {
        app = new WorkbenchApp(Path.of("..", "samples", "hello-serial.yaml"));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void newGuestEditedAssembledAndRunOnKvm(FxRobot robot) throws Exception {
        assumeTrue(KvmProbe.probe().available(), KvmProbe.probe().describe());
        robot.interact(() -> app.window().guest.useBuiltIn());
        GuestTabTest.writeEditRun(robot, app.window(), "on-kvm");
        assertTrue(app.window().backendBadge.getText().startsWith("Real KVM"), app.window().backendBadge.getText());
    }
}
