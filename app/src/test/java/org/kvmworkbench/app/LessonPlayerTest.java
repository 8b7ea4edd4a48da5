package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.kvmworkbench.app.lesson.Lesson;
import org.kvmworkbench.app.lesson.LessonMenu;
import org.kvmworkbench.app.lesson.LessonPlayer;
import org.kvmworkbench.app.lesson.LessonReader;
import org.kvmworkbench.core.exit.ExitRecord;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The shipped lessons read, and the player drives the workbench step by step, forwards and back. */
class LessonPlayerTest extends WindowTestBase {
    static final Path LESSONS = Path.of("..", "samples", "lessons");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    @Test
    void theThreeShippedLessonsRead() throws IOException {
        List<String> titles = List.of(LessonReader.read(LESSONS.resolve("vm-exit-vs-syscall.yaml")).title(),
                LessonReader.read(LESSONS.resolve("pio-mmio-ioeventfd.yaml")).title(),
                LessonReader.read(LESSONS.resolve("where-does-a-kick-go.yaml")).title());
        assertEquals(List.of("Is a VM exit a system call?", "PIO vs MMIO vs ioeventfd", "Where does a kick go?"), titles);
    }

    private LessonPlayer play(FxRobot robot, String file) {
        LessonPlayer[] p = new LessonPlayer[1];
        robot.interact(() -> p[0] = LessonMenu.play(LESSONS.resolve(file), new WindowLessonHost(w())));
        assertNotNull(p[0], "the lesson did not start");
        return p[0];
    }

    private void go(FxRobot robot, LessonPlayer p, int step) {
        robot.interact(() -> p.go(step));
    }

    /** Waits until exit {@code seq} of {@code sample} is on screen with the token on {@code stage}. */
    private void awaitShown(String sample, long seq, org.kvmworkbench.core.kvm.Stage stage) throws Exception {
        try {
            awaitShown0(sample, seq, stage);
        } catch (java.util.concurrent.TimeoutException e) {
            ExitRecord r = w().roundTrip.currentExitProperty().get();
            throw new AssertionError("waited for " + sample + " exit " + seq + " at " + stage + "; shown: "
                    + w().model().configPath() + " exit " + (r == null ? null : r.seq()) + " at "
                    + w().roundTrip.currentStageProperty().get() + ", " + w().roundTrip.modeProperty().get()
                    + ", ring " + session().ring().totalWritten() + ", " + session().state());
        }
    }

    private void awaitShown0(String sample, long seq, org.kvmworkbench.core.kvm.Stage stage) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            ExitRecord r = w().roundTrip.currentExitProperty().get();
            return w().model().configPath().getFileName().toString().equals(sample) && r != null && r.seq() == seq
                    && w().roundTrip.currentStageProperty().get() == stage
                    && w().roundTrip.modeProperty().get() != org.kvmworkbench.app.view.RoundTripView.Mode.ANIMATING;
        });
    }

    @Test
    void whereDoesAKickGoForwardAndBack(FxRobot robot) throws Exception {
        LessonPlayer p = play(robot, "where-does-a-kick-go.yaml");
        assertEquals("virtio-kick.yaml", w().model().configPath().getFileName().toString());
        assertTrue(p.text().contains("Step 1 of 6"), p.text());

        go(robot, p, 1);
        awaitShown("virtio-kick.yaml", 8, org.kvmworkbench.core.kvm.Stage.GUEST_INSTRUCTION);
        assertEquals(0xC010, w().roundTrip.currentExitProperty().get().access().address(), "exit 8 is the kick");
        go(robot, p, 2);
        awaitShown("virtio-kick.yaml", 8, org.kvmworkbench.core.kvm.Stage.KVM_HANDLER);

        go(robot, p, 3); // a question: the answer waits until asked for
        awaitShown("virtio-kick.yaml", 8, org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE);
        assertTrue(p.text().contains("Which thread processed the queue?"), p.text());
        assertFalse(p.text().contains("The vCPU thread itself"), p.text());
        robot.interact(p::showAnswer);
        assertTrue(p.text().contains("The vCPU thread itself"), p.text());

        go(robot, p, 5); // another sample: the kick ends in the kernel and a device thread takes it
        awaitShown("virtio-kick-ioeventfd.yaml", 8, org.kvmworkbench.core.kvm.Stage.DEVICE_THREAD);
        assertEquals(org.kvmworkbench.core.kvm.ExitPath.KERNEL_IOEVENTFD, w().roundTrip.shownPath());

        go(robot, p, 2); // Back: the first sample again, its exit 8 at that step's stage
        awaitShown("virtio-kick.yaml", 8, org.kvmworkbench.core.kvm.Stage.KVM_HANDLER);
        assertTrue(p.text().contains("Step 3 of 6"), p.text());
        assertFalse(w().errorShown(), w().errorText.getText());
    }

    @Test
    void aStepShowsItsVmcsField(FxRobot robot) throws Exception {
        LessonPlayer p = play(robot, "vm-exit-vs-syscall.yaml");
        go(robot, p, 2);
        awaitShown("hello-serial.yaml", 9, org.kvmworkbench.core.kvm.Stage.VM_EXIT);
        assertEquals("exit qualification", w().vmcsPanel.filterField().getText());
        assertEquals(0x3F8, w().roundTrip.currentExitProperty().get().access().address(), "exit 9 is the OUT to THR");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> brokenLessons() {
        String start = "title: t\nsteps:\n  - ";
        return java.util.stream.Stream.of(
                new String[] {start + "{open: ../hello-serial.yaml, note: n, colour: red}", "steps[0].colour: unknown field"},
                new String[] {start + "{open: ../hello-serial.yaml, exit: 2, stage: somewhere, note: n}",
                        "steps[0].stage: unknown stage \"somewhere\""},
                new String[] {start + "{open: ../hello-serial.yaml}", "steps[0].note: required field is missing"},
                new String[] {start + "{note: n}", "steps[0].open: the first step must open a sample"},
                new String[] {start + "{open: ../hello-serial.yaml, exit: 0, note: n}", "steps[0].exit: expected the exit's number"},
                new String[] {start + "{open: ../nowhere.yaml, note: n}", "steps[0].open: no config at"},
                new String[] {start + "{open: ../hello-serial.yaml, note: n, answer: a}",
                        "steps[0].answer: an answer needs a question"},
                new String[] {"title: t\nsteps: []\n", "steps: expected a list of steps"})
                .map(a -> org.junit.jupiter.params.provider.Arguments.of(a[0], a[1]));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("brokenLessons")
    void aBrokenLessonIsOneLineNamingTheStepAndField(String yaml, String expected, @TempDir Path dir) throws IOException {
        Path lessons = Files.createDirectories(dir.resolve("lessons"));
        Files.copy(Path.of("..", "samples", "hello-serial.yaml"), dir.resolve("hello-serial.yaml"));
        Path file = Files.writeString(lessons.resolve("bad.yaml"), yaml);
        IOException e = assertThrows(IOException.class, () -> LessonReader.read(file));
        assertTrue(e.getMessage().startsWith("bad.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void sampleInEffectIsTheLastOneOpened() throws IOException {
        Lesson l = LessonReader.read(LESSONS.resolve("where-does-a-kick-go.yaml"));
        assertEquals("virtio-kick.yaml", l.sampleAt(4).getFileName().toString());
        assertEquals("virtio-kick-ioeventfd.yaml", l.sampleAt(5).getFileName().toString());
    }
}
