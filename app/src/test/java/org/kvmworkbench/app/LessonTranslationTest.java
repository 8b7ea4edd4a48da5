package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmworkbench.core.i18n.TranslationFiles;
import org.kvmworkbench.app.i18n.Bundles;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.app.lesson.Lesson;
import org.kvmworkbench.app.lesson.LessonMenu;
import org.kvmworkbench.app.lesson.LessonPlayer;
import org.kvmworkbench.app.lesson.LessonReader;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.core.exit.ExitRecord;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The lessons in Chinese: each shipped lesson has a translation whose steps are the lesson's, the player and the
 * Lessons menu follow the window's language (also mid-lesson), a lesson without a translation plays as written, and a
 * translation that does not fit is one line in the window's language.
 */
class LessonTranslationTest extends WindowTestBase {
    static final Path LESSONS = LessonPlayerTest.LESSONS;
    /** A command or file name (kick-bench, virtio-mmio): a name, whatever words it is made of. */
    private static final Pattern KEBAB = Pattern.compile("\\b[a-z]+(-[a-z]+)+\\b");
    /** What must stay as it is in a translation: numbers, hexadecimal, mnemonics and constants, kernel functions. */
    private static final Pattern KEPT = Pattern.compile("0x[0-9A-Fa-f]+|\\b[A-Z][A-Z0-9_]+\\b|\\b[a-z]+_[a-z0-9_]+\\b|\\d+");

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

    static List<Path> shippedLessons() throws IOException {
        try (Stream<Path> s = Files.list(LESSONS)) {
            return s.filter(p -> p.toString().endsWith(".yaml") && !TranslationFiles.isTranslation(p)).sorted().toList();
        }
    }

    @Test
    void everyShippedLessonHasAChineseVersionWithItsSteps() throws IOException {
        List<Path> lessons = shippedLessons();
        assertEquals(3, lessons.size(), lessons.toString());
        List<String> problems = new ArrayList<>();
        for (Path file : lessons) {
            Path zh = LessonReader.translationFile(file, Texts.ZH_CN);
            assertTrue(Files.isRegularFile(zh), "no " + zh);
            Lesson en = LessonReader.read(file), cn = LessonReader.translated(en, Texts.ZH_CN);
            assertEquals(en.steps().size(), cn.steps().size(), file.toString());
            assertNotEquals(en.title(), cn.title());
            problems.addAll(translationProblems(file + " title", en.title(), cn.title()));
            for (int i = 0; i < en.steps().size(); i++) {
                Lesson.Step e = en.steps().get(i), c = cn.steps().get(i);
                String at = file.getFileName() + " steps[" + i + "]";
                assertEquals(List.of(String.valueOf(e.open()), e.exit(), String.valueOf(e.stage()), String.valueOf(e.field())),
                        List.of(String.valueOf(c.open()), c.exit(), String.valueOf(c.stage()), String.valueOf(c.field())), at);
                problems.addAll(translationProblems(at + ".note", e.note(), c.note()));
                problems.addAll(translationProblems(at + ".question", e.question(), c.question()));
                problems.addAll(translationProblems(at + ".answer", e.answer(), c.answer()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Chinese words, no English ones but names, and every number and name of the English kept as it is. */
    private static List<String> translationProblems(String at, String english, String chinese) {
        List<String> out = new ArrayList<>();
        if (english == null || chinese == null) {
            if (english != chinese) out.add(at + ": only one of the two has it");
            return out;
        }
        if (!chinese.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
            out.add(at + ": not Chinese: " + chinese);
        List<String> words = Bundles.englishWords(KEBAB.matcher(chinese).replaceAll(" "));
        if (!words.isEmpty()) out.add(at + ": English words " + words);
        Set<String> kept = new LinkedHashSet<>();
        for (Matcher m = KEPT.matcher(english); m.find(); ) kept.add(m.group());
        for (String k : kept) if (!chinese.contains(k)) out.add(at + ": lost \"" + k + "\" of the English");
        if (chinese.matches("(?s).*[\\p{IsHan}，。：；、）] [\\p{IsHan}，。：；、（].*"))
            out.add(at + ": a space between Chinese words (a folded line?): " + chinese);
        return out;
    }

    @Test
    void theLessonsMenuListsTheTitlesInTheWindowsLanguage(FxRobot robot) throws Exception {
        assertEquals(List.of("PIO vs MMIO vs ioeventfd", "Is a VM exit a system call?", "Where does a kick go?"),
                menuTitles(robot, "Lessons"), "the translations are no lessons of their own");
        switchTo(robot, Texts.ZH_CN);
        assertEquals(List.of("PIO、MMIO 与 ioeventfd", "VM 退出是系统调用吗？", "一次门铃通知去了哪里？"), menuTitles(robot, "课程"));
    }

    /** The titles File → Lessons lists in the window on screen. */
    private List<String> menuTitles(FxRobot robot, String lessons) {
        List<String> titles = new ArrayList<>();
        robot.interact(() -> {
            for (javafx.scene.Node n : w().scene().getRoot().lookupAll(".menu-button"))
                for (MenuItem i : ((javafx.scene.control.MenuButton) n).getItems())
                    if (i instanceof javafx.scene.control.Menu m && lessons.equals(m.getText()))
                        for (MenuItem lesson : m.getItems()) titles.add(lesson.getText());
        });
        return titles;
    }

    private LessonPlayer play(FxRobot robot, Path file) {
        LessonPlayer[] p = new LessonPlayer[1];
        robot.interact(() -> p[0] = LessonMenu.play(file, new WindowLessonHost(w())));
        assertNotNull(p[0], "the lesson did not start");
        return p[0];
    }

    /** Switches the language as the window's menu does and waits for the window built anew and the player. */
    private void switchTo(FxRobot robot, Locale language) throws Exception {
        WorkbenchWindow before = w();
        robot.interact(() -> Texts.setLocale(language));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w() != before);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aChineseLessonPlaysWithChineseNotes(FxRobot robot) throws Exception {
        switchTo(robot, Texts.ZH_CN);
        LessonPlayer p = play(robot, LESSONS.resolve("where-does-a-kick-go.yaml"));
        assertTrue(p.text().startsWith("一次门铃通知去了哪里？\n第 1 步，共 6 步\n“门铃通知”是驱动告诉设备"), p.text());
        assertEquals("课程：一次门铃通知去了哪里？", p.stage().getTitle());
        robot.interact(() -> p.go(3));
        awaitShown(8, org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE);
        assertTrue(p.text().contains("是哪个线程处理了队列？"), p.text());
        assertFalse(p.text().contains("就是 vCPU 线程自己"), p.text());
        robot.interact(p::showAnswer);
        assertTrue(p.text().endsWith("就是 vCPU 线程自己，在两次 KVM_RUN 调用之间；其间客户机没有运行。"), p.text());
        assertEquals(List.of(), Bundles.englishWords(p.text()), p.text());
        assertFalse(w().errorShown(), w().errorText.getText());
    }

    @Test
    void switchingMidLessonKeepsTheStepAndItsAnswer(FxRobot robot) throws Exception {
        LessonPlayer p = play(robot, LESSONS.resolve("where-does-a-kick-go.yaml"));
        robot.interact(() -> p.go(3));
        awaitShown(8, org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE);
        robot.interact(p::showAnswer);
        WorkbenchWindow english = w();

        switchTo(robot, Texts.ZH_CN);
        assertNotSame(english, w());
        assertEquals(3, p.index());
        assertEquals("一次门铃通知去了哪里？\n第 4 步，共 6 步\n所以这次门铃通知去了用户态：KVM_RUN 带着 KVM_EXIT_IO 返回，"
                + "VMM 的 virtio 设备读取可用环，把消息从客户机内存中复制出来，打印它，再把缓冲区放到已用环上。\n是哪个线程处理了队列？\n"
                + "就是 vCPU 线程自己，在两次 KVM_RUN 调用之间；其间客户机没有运行。", p.text());
        assertEquals("下一步", p.nextText());
        // the window built in the new language shows what the step showed: the kick's exit at the device model
        awaitShown(8, org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE);

        robot.interact(() -> p.go(4)); // Next still drives the window on screen
        awaitShown(8, org.kvmworkbench.core.kvm.Stage.VM_ENTRY);
        assertTrue(p.text().contains("第 5 步，共 6 步"), p.text());

        robot.interact(() -> p.go(3)); // Back: the answer waits to be asked for again
        switchTo(robot, Locale.ENGLISH);
        assertEquals(3, p.index());
        assertTrue(p.text().endsWith("Which thread processed the queue?"), p.text());
        assertEquals("Next", p.nextText());
        awaitShown(8, org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE);
        assertFalse(w().errorShown(), w().errorText.getText());
    }

    @Test
    void aLessonWithoutATranslationPlaysAsWritten(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = ownLesson(dir, "steps:\n  - open: ../hello-serial.yaml\n    note: My own words.\n");
        switchTo(robot, Texts.ZH_CN);
        LessonPlayer p = play(robot, file);
        assertEquals("Mine\n第 1 步，共 1 步\nMy own words.", p.text());
        assertEquals("下一步", p.nextText(), "the player's own words follow the window");
        assertFalse(w().errorShown(), w().errorText.getText());
    }

    @Test
    void aTranslationThatDoesNotFitIsOneLineInTheWindowsLanguageAndTheLessonPlaysAsWritten(FxRobot robot,
            @TempDir Path dir) throws Exception {
        Path file = ownLesson(dir, "steps:\n  - open: ../hello-serial.yaml\n    note: My own words.\n");
        Files.writeString(dir.resolve("lessons/mine.zh-CN.yaml"), "title: 我的\nsteps:\n  - note: 我的话。\n    exit: 3\n");
        switchTo(robot, Texts.ZH_CN);
        LessonPlayer p = play(robot, file);
        assertEquals("Mine\n第 1 步，共 1 步\nMy own words.", p.text());
        assertTrue(w().errorShown());
        assertEquals("此课程按原文播放：它的译文无法使用 — mine.zh-CN.yaml：steps[0].exit：“exit”只写在 mine.yaml 中："
                + "译文只给出每一步的文字（note, question, answer）", w().errorText.getText());
    }

    static Stream<Arguments> translationsThatDoNotFit() {
        return Stream.of(
                Arguments.of("title: t\nsteps:\n  - note: n\n", "steps: 1 steps here, but mine.yaml has 2"),
                Arguments.of("title: t\nsteps:\n  - {note: n, open: ../cpuid-msr.yaml}\n  - {note: n, question: q}\n",
                        "steps[0].open: \"open\" stays in mine.yaml"),
                Arguments.of("title: t\nsteps:\n  - {note: n}\n  - {note: n}\n",
                        "steps[1].question: missing, but the step in mine.yaml has one"),
                Arguments.of("title: t\nsteps:\n  - {note: n, question: q}\n  - {note: n, question: q}\n",
                        "steps[0].question: the step in mine.yaml has none to translate"),
                Arguments.of("title: t\nsteps:\n  - {note: n}\n  - {question: q}\n",
                        "steps[1].note: required field is missing"),
                Arguments.of("title: t\nsteps:\n  - {note: n, colour: red}\n  - {note: n, question: q}\n",
                        "steps[0].colour: unknown field \"colour\"; known: note, question, answer"),
                Arguments.of("steps:\n  - {note: n}\n  - {note: n, question: q}\n", "title: required field is missing"),
                Arguments.of("title: t\nsteps: [\n", "is not valid YAML"));
    }

    @ParameterizedTest
    @MethodSource("translationsThatDoNotFit")
    void aTranslationThatDoesNotFitNamesTheFileStepAndField(String yaml, String expected, @TempDir Path dir)
            throws IOException {
        Path file = ownLesson(dir, "steps:\n  - open: ../hello-serial.yaml\n    note: n\n"
                + "  - exit: 3\n    note: n\n    question: q\n");
        Files.writeString(dir.resolve("lessons/mine.zh-CN.yaml"), yaml);
        Lesson lesson = LessonReader.read(file);
        IOException e = assertThrows(IOException.class, () -> LessonReader.translated(lesson, Texts.ZH_CN));
        assertTrue(e.getMessage().startsWith("mine.zh-CN.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(lesson, LessonReader.translated(lesson, Locale.ENGLISH), "English is the lesson as written");
    }

    @Test
    void theReadersProblemsAreInTheWindowsLanguage(@TempDir Path dir) throws IOException {
        Path file = ownLesson(dir, "steps:\n  - open: ../hello-serial.yaml\n");
        Texts.setLocale(Texts.ZH_CN);
        IOException e = assertThrows(IOException.class, () -> LessonReader.read(file));
        assertEquals("mine.yaml：steps[0].note：缺少必填字段", e.getMessage());
    }

    /** A teacher's lesson {@code lessons/mine.yaml} titled Mine, with the hello-serial sample beside the folder. */
    private static Path ownLesson(Path dir, String steps) throws IOException {
        Path lessons = Files.createDirectories(dir.resolve("lessons"));
        Files.copy(Path.of("..", "samples", "hello-serial.yaml"), dir.resolve("hello-serial.yaml"));
        Files.copy(Path.of("..", "samples", "hello-serial.bin"), dir.resolve("hello-serial.bin"));
        return Files.writeString(lessons.resolve("mine.yaml"), "title: Mine\n" + steps);
    }

    private void awaitShown(long seq, org.kvmworkbench.core.kvm.Stage stage) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
                ExitRecord r = w().roundTrip.currentExitProperty().get();
                return r != null && r.seq() == seq && w().roundTrip.currentStageProperty().get() == stage
                        && w().roundTrip.modeProperty().get() != RoundTripView.Mode.ANIMATING;
            });
        } catch (java.util.concurrent.TimeoutException e) {
            ExitRecord r = w().roundTrip.currentExitProperty().get();
            throw new AssertionError("waited for exit " + seq + " at " + stage + "; shown: exit "
                    + (r == null ? null : r.seq()) + " at " + w().roundTrip.currentStageProperty().get());
        }
    }
}
