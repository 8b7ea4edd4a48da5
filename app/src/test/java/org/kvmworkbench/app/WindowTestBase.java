package org.kvmworkbench.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A fresh workbench window per test on hello-serial, with KVM hidden so the window runs the simulated
 * backend and shows the same thing on every machine; and what the window tests do with it: wait for it, press keys,
 * give it a projector's or a desktop's size, measure where a node is on screen.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTestBase {
    protected WorkbenchApp app;

    @BeforeAll
    static void hideKvm() {
        System.setProperty("kvmwb.kvm.device", "/nonexistent/kvm");
    }

    @AfterAll
    static void restoreKvm() {
        System.clearProperty("kvmwb.kvm.device");
    }

    /**
     * Subclasses call this from their {@code @Start} method: TestFX 4.0.18 looks for {@code @Start} and {@code @Stop}
     * among the test class's own declared methods, never a superclass's, so each test class keeps its two lines.
     */
    protected void openWindow(Stage stage) {
        app = new WorkbenchApp(Path.of("..", "samples", "hello-serial.yaml"));
        app.start(stage);
    }

    /** From the subclass's {@code @Stop} method. */
    protected void closeWindow() {
        app.stop();
    }

    protected WorkbenchWindow w() {
        return app.window();
    }

    protected Session session() {
        return w().model().session();
    }

    /** Waits up to 20 s for {@code condition}, then for the FX events it caused. */
    protected static void eventually(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Presses the keys together and releases them (a shortcut: Ctrl+P is CONTROL, P). */
    protected static void pressKeys(FxRobot robot, KeyCode... keys) {
        robot.press(keys).release(keys);
    }

    /** The window at {@code width} × {@code height}, at the screen's top left corner. */
    protected void resizeWindow(FxRobot robot, double width, double height) {
        robot.interact(() -> {
            Stage s = (Stage) w().scene().getWindow();
            s.setX(0); // inside Monocle's screen: past its edge the screen's pixel buffer overflows
            s.setY(0);
            s.setWidth(width);
            s.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The window at {@code width} × {@code height}, presenter mode on or off, laid out. */
    protected void resizeWindow(FxRobot robot, double width, double height, boolean presenter) {
        robot.interact(() -> {
            Stage s = (Stage) w().scene().getWindow();
            s.setX(0);
            s.setY(0);
            s.setWidth(width);
            s.setHeight(height);
            w().theme().presenterProperty().set(presenter);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> w().scene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Where {@code n} is in the scene. */
    protected static Bounds sceneBounds(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }
}
