package org.kvmworkbench.app;

import java.nio.file.Path;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.session.Session;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A fresh workbench window per test on hello-serial, with KVM hidden so the window runs the simulated
 * backend and shows the same thing on every machine.
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

    /** Subclasses call this from their {@code @Start} method (TestFX looks for it on the test class itself). */
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
}
