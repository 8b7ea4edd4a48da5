package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class WorkbenchAppSmokeTest {
    @Start
    void start(Stage stage) throws Exception {
        new WorkbenchApp(java.nio.file.Path.of("..", "samples", "hello-serial.yaml")).start(stage);
    }

    @Test
    void runsTheDefaultSampleAndShowsTheConsole(FxRobot robot) throws Exception {
        robot.clickOn("Run (F5)");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () ->
                robot.lookup(".text-area").queryAllAs(TextArea.class).stream()
                        .anyMatch(t -> t.getText().contains("Hello from the guest")));
        assertTrue(true);
    }
}
