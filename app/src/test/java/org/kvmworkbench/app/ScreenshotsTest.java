package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.session.Session;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the app headless and saves the PNGs the README shows. Writes to {@code -Dscreenshots.dir}
 * (the README's command points it at screenshots/), else to target/screenshots. The simulated backend is
 * used so the pictures are the same on every machine.
 */
class ScreenshotsTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    private static Path dir() throws Exception {
        Path d = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(d);
        return d;
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        Path file = dir().resolve(name);
        robot.interact(() -> {
            try {
                PngWriter.write(app.window().scene().getRoot(), file);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(Files.size(file) > 20_000, file + " looks empty");
    }

    private void stepExits(FxRobot robot, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            long before = session().ring().totalWritten();
            robot.press(KeyCode.F10).release(KeyCode.F10);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session().ring().totalWritten() == before + 1
                    && session().state() == Session.State.PAUSED);
        }
    }

    private void selectTab(FxRobot robot, int index) {
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(index));
    }

    @Test
    void renderTheReadmeScreenshots(FxRobot robot) throws Exception {
        // 1. the round trip mid-animation: an OUT to the UART on its way through userspace
        stepExits(robot, 3);
        Thread.sleep(1300);
        shoot(robot, "round-trip-light.png");

        // 2. the VMCS panel after that I/O exit
        Thread.sleep(1500);
        selectTab(robot, 2);
        Thread.sleep(400);
        shoot(robot, "vmcs-after-io-exit.png");

        // 3. the console with output, statistics after a whole run
        robot.press(KeyCode.F5).release(KeyCode.F5);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session().state() == Session.State.FINISHED);
        selectTab(robot, 4);
        Thread.sleep(600);
        shoot(robot, "console-and-statistics.png");

        // 4. dark theme, presenter mode, an exit KVM finishes in the kernel
        robot.interact(() -> app.window().open(Path.of("..", "samples", "cpuid-msr.yaml")));
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        Session cpuid = session();
        robot.interact(() -> cpuid.runUntil(r -> r.reason() == org.kvmworkbench.core.vmx.VmxExitReason.CPUID));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session().state() == Session.State.PAUSED
                && session().ring().totalWritten() > 0);
        selectTab(robot, 0);
        Thread.sleep(900);
        shoot(robot, "dark-presenter-cpuid.png");

        // 5. presenter mode on a 1280×800 projector, light: an OUT to the UART mid-animation
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        robot.interact(() -> app.window().open(Path.of("..", "samples", "hello-serial.yaml")));
        stepExits(robot, 3);
        Thread.sleep(1300);
        shoot(robot, "presenter-1280x800.png");

        // 6. the CPU view after F11: registers (changed ones marked), flags and the code at CS:IP
        for (int i = 0; i < 2; i++) {
            long retired = session().loop().vcpu().instructionsRetired();
            robot.press(KeyCode.F11).release(KeyCode.F11);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session().loop().vcpu().instructionsRetired() > retired
                    && session().state() == Session.State.PAUSED);
        }
        Thread.sleep(600);
        robot.interact(() -> app.window().maximizer.maximise(app.window().tabs));
        Thread.sleep(400);
        shoot(robot, "cpu-after-f11.png");
        robot.interact(() -> app.window().maximizer.restore());

        // 7. presenter mode at 1920×1080 after a whole run, one exit picked on the timeline
        robot.interact(() -> {
            Stage s = (Stage) app.window().scene().getWindow();
            // inside Monocle's 1920x1080 screen: a window reaching past its edge overflows the screen's pixel buffer
            s.setX(0);
            s.setY(0);
            s.setWidth(1920);
            s.setHeight(1080);
        });
        robot.press(KeyCode.F5).release(KeyCode.F5);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session().state() == Session.State.FINISHED);
        Thread.sleep(2000);
        robot.interact(() -> app.window().timeline.select(40));
        Thread.sleep(3000); // its round trip replayed to the end: the token rests on VM entry
        selectTab(robot, 0);
        shoot(robot, "presenter-1920x1080-timeline.png");

        // 8. the window in Simplified Chinese (its language menu rebuilds it): an OUT to the UART mid-animation
        WorkbenchWindow english = app.window();
        try {
            robot.interact(() -> Texts.setLocale(Texts.ZH_CN));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.window() != english);
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                Stage s = (Stage) app.window().scene().getWindow();
                s.setWidth(1440);
                s.setHeight(900);
            });
            robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL); // presenter off
            robot.interact(() -> app.window().open(Path.of("..", "samples", "hello-serial.yaml")));
            stepExits(robot, 3);
            Thread.sleep(1300);
            shoot(robot, "chinese-round-trip.png");
        } finally {
            robot.interact(() -> Texts.setLocale(java.util.Locale.ENGLISH));
        }
    }

    @Test
    void renderTheGuestEditor(FxRobot robot) throws Exception {
        // the Guest tab maximised: hello-serial's source beside its listing, paused after a dozen exits (CS:IP marked,
        // exits counted per instruction); the built-in assembler so the picture is the same with or without NASM
        robot.interact(() -> app.window().guest.useBuiltIn());
        robot.interact(() -> app.window().open(Path.of("..", "samples", "hello-serial.yaml")));
        stepExits(robot, 12);
        selectTab(robot, 6);
        Thread.sleep(600);
        robot.interact(() -> app.window().maximizer.maximise(app.window().tabs));
        Thread.sleep(600);
        shoot(robot, "guest-editor.png");
        robot.interact(() -> app.window().maximizer.restore());
    }

    @Test
    void renderTheGallery(FxRobot robot) throws Exception {
        // the sample gallery (start screen and Open), a sample picked; then the sample line over the running guest
        org.kvmworkbench.app.gallery.GalleryDialog[] g = new org.kvmworkbench.app.gallery.GalleryDialog[1];
        robot.interact(() -> {
            g[0] = app.window().showGallery();
            g[0].view().select(Path.of("..", "samples", "virtio-kick-ioeventfd.yaml"));
        });
        Thread.sleep(600);
        Path file = dir().resolve("gallery.png");
        robot.interact(() -> {
            try {
                PngWriter.write(g[0].stage().getScene().getRoot(), file);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(Files.size(file) > 20_000, file + " looks empty");
        robot.interact(() -> g[0].stage().close());
    }

    @Test
    void renderALessonStep(FxRobot robot) throws Exception {
        // "Where does a kick go?", step 4: the kick's exit stopped at the device model, the question asked
        org.kvmworkbench.app.lesson.LessonPlayer[] p = new org.kvmworkbench.app.lesson.LessonPlayer[1];
        robot.interact(() -> p[0] = org.kvmworkbench.app.lesson.LessonMenu.play(
                Path.of("..", "samples", "lessons", "where-does-a-kick-go.yaml"), new WindowLessonHost(app.window())));
        robot.interact(() -> p[0].go(3));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> app.window().roundTrip.currentStageProperty().get()
                == org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE
                && app.window().roundTrip.modeProperty().get() != org.kvmworkbench.app.view.RoundTripView.Mode.ANIMATING);
        Thread.sleep(800);
        // one picture: the workbench with the player where it sits, over its right-hand side
        Path file = dir().resolve("lesson-step.png");
        robot.interact(() -> {
            try {
                java.awt.image.BufferedImage back = org.kvmworkbench.app.export.Images.snapshot(app.window().scene().getRoot());
                java.awt.image.BufferedImage front = org.kvmworkbench.app.export.Images.snapshot(p[0].stage().getScene().getRoot());
                java.awt.Graphics2D g = back.createGraphics();
                int x = back.getWidth() - front.getWidth() - 24, y = 90;
                g.setColor(new java.awt.Color(0, 0, 0, 60));
                g.fillRect(x + 4, y + 4, front.getWidth(), front.getHeight());
                g.drawImage(front, x, y, null);
                g.setColor(java.awt.Color.GRAY);
                g.drawRect(x, y, front.getWidth() - 1, front.getHeight() - 1);
                g.dispose();
                Files.write(file, org.kvmworkbench.app.export.Images.png(back));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(Files.size(file) > 20_000, file + " looks empty");
        robot.interact(() -> p[0].stage().close());
    }
}
