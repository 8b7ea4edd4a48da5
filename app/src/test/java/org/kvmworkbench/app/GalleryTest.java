package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.i18n.TranslationFiles;
import org.kvmworkbench.app.gallery.GalleryDialog;
import org.kvmworkbench.app.gallery.GalleryView;
import org.kvmworkbench.app.gallery.SampleCatalog;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.SampleInfo;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The sample gallery: what it lists and shows, opening from it, and the sample line while a sample runs. */
class GalleryTest extends WindowTestBase {
    static final Path SAMPLES = Path.of("..", "samples");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    private GalleryDialog gallery(FxRobot robot) {
        GalleryDialog[] g = new GalleryDialog[1];
        robot.interact(() -> g[0] = w().showGallery());
        return g[0];
    }

    @Test
    void listsEverySampleWithWhatItSaysAboutItself(FxRobot robot) throws Exception {
        GalleryView view = gallery(robot).view();
        List<Path> yaml;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            yaml = files.filter(p -> p.toString().endsWith(".yaml") && !TranslationFiles.isTranslation(p)).toList();
        }
        assertEquals(yaml.size(), view.samples().size());
        // the open sample is picked, and every detail of its config is on show
        SampleCatalog.Sample picked = view.selected();
        assertEquals("hello-serial.yaml", picked.file().getFileName().toString());
        SampleInfo info = SampleInfo.of(ConfigLoader.loadWithText(SAMPLES.resolve("hello-serial.yaml")));
        String shown = view.detailsText();
        assertTrue(shown.startsWith(info.title()), shown);
        assertTrue(shown.contains(ConfigLoader.load(SAMPLES.resolve("hello-serial.yaml")).description()), shown);
        assertTrue(shown.contains(info.teaches()), shown);
        for (String w : info.watchFor()) assertTrue(shown.contains(w), shown);
        assertTrue(shown.contains("Runs on: KVM, the simulated core"), shown);
    }

    @Test
    void openingASampleRunsItAndKeepsItsDescriptionInView(FxRobot robot) throws Exception {
        GalleryDialog g = gallery(robot);
        robot.interact(() -> g.view().select(SAMPLES.resolve("virtio-kick.yaml")));
        assertTrue(g.view().detailsText().contains("A virtio kick"), g.view().detailsText());
        robot.interact(() -> g.view().fireOpen());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !g.stage().isShowing());
        assertEquals("virtio-kick.yaml", w().model().configPath().getFileName().toString());
        String line = w().sampleLine.text();
        assertTrue(line.startsWith("A virtio kick — "), line);
        assertTrue(line.contains(w().model().config().description()), line);
        assertTrue(w().sampleLine.isVisible());
    }

    @Test
    void inChineseTheSamplesSayTheirOwnWordsInChinese(FxRobot robot) throws Exception {
        WorkbenchWindow english = w();
        robot.interact(() -> Texts.setLocale(Texts.ZH_CN));
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w() != english);
            WaitForAsyncUtils.waitForFxEvents();
            // the sample line of the rebuilt window: hello-serial's title and description from hello-serial.zh-CN.yaml
            String line = w().sampleLine.text();
            assertTrue(line.startsWith("轮询方式的串口输出 — 客户机轮询 UART 并发送一行文字"), line);
            // the timeline's key exits are labelled from the translation too
            robot.press(javafx.scene.input.KeyCode.F5).release(javafx.scene.input.KeyCode.F5);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> session().state() == org.kvmworkbench.core.session.Session.State.FINISHED);
            robot.interact(() -> w().timeline.update(session().ring().snapshot()));
            robot.interact(() -> w().timeline.select(w().timeline.size() - 1));
            assertTrue(w().timeline.infoText().endsWith("关中断的 HLT：运行结束"), w().timeline.infoText());
            GalleryView view = gallery(robot).view();
            String shown = view.detailsText();
            assertTrue(shown.startsWith("轮询方式的串口输出\n客户机轮询 UART"), shown);
            assertTrue(shown.contains("发往 16550 UART 的每个字节都是一次 CPU 无法独自完成的端口访问"), shown);
            assertTrue(shown.contains("•  向 0x3F8（发送）的 OUT：I/O 指令，KVM_EXIT_IO"), shown);
            assertTrue(shown.contains("可运行于：KVM、模拟核心"), shown); // a Chinese list takes 、 between its items
            robot.interact(() -> view.select(SAMPLES.resolve("virtio-kick.yaml")));
            assertTrue(view.detailsText().startsWith("一次 virtio 通知\n"), view.detailsText());
            assertTrue(view.samples().stream().noneMatch(s -> TranslationFiles.isTranslation(s.file())), "no translation listed");
        } finally {
            robot.interact(() -> Texts.setLocale(java.util.Locale.ENGLISH));
        }
    }

    @Test
    void aBrokenTranslationIsAConfigProblemOfItsFile(@TempDir Path dir, FxRobot robot) throws Exception {
        Files.copy(SAMPLES.resolve("hello-serial.yaml"), dir.resolve("hello-serial.yaml"));
        Files.copy(SAMPLES.resolve("hello-serial.bin"), dir.resolve("hello-serial.bin"));
        Files.writeString(dir.resolve("hello-serial.zh-CN.yaml"), "title: 串口\nwatchFor: 退出\n");
        java.util.Locale before = Texts.locale();
        try {
            Texts.setLocale(Texts.ZH_CN);
            List<SampleCatalog.Sample> samples = SampleCatalog.list(dir);
            assertEquals(1, samples.size(), "the translation is not a sample of its own");
            String problem = samples.get(0).problem();
            assertNotNull(problem);
            assertTrue(problem.startsWith(dir.resolve("hello-serial.zh-CN.yaml") + ": watchFor: "), problem);
            Texts.setLocale(java.util.Locale.ENGLISH);
            assertNull(SampleCatalog.list(dir).get(0).problem(), "in English the translation is not read");
            assertEquals("Polled serial output", SampleCatalog.list(dir).get(0).title());
        } finally {
            Texts.setLocale(before);
        }
    }

    @Test
    void aBrokenConfigIsListedWithWhyAndCannotBeOpened(@TempDir Path dir, FxRobot robot) throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "name: broken\nmemory: 64K\nimage: missing.bin\n");
        Files.writeString(dir.resolve("notes.txt"), "not a config");
        List<SampleCatalog.Sample> samples = SampleCatalog.list(dir);
        assertEquals(1, samples.size());
        assertNotNull(samples.get(0).problem());
        GalleryView[] view = new GalleryView[1];
        robot.interact(() -> view[0] = new GalleryView(samples));
        assertFalse(view[0].canOpen());
        assertTrue(view[0].detailsText().contains("file not found"), view[0].detailsText());
        Path[] opened = new Path[1];
        robot.interact(() -> {
            view[0].setOnOpen(p -> opened[0] = p);
            view[0].fireOpen();
        });
        assertNull(opened[0]);
    }

    @Test
    void startedWithoutAFileTheAppOpensOnTheGallery(FxRobot robot) throws Exception {
        WorkbenchApp[] second = new WorkbenchApp[1];
        robot.interact(() -> {
            second[0] = new WorkbenchApp(SAMPLES.resolve("hello-serial.yaml"), true);
            second[0].start(new Stage());
        });
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> javafx.stage.Window.getWindows().stream()
                    .anyMatch(win -> win instanceof Stage st && st.isShowing()
                            && st.getTitle().equals("Sample gallery — KVM Workbench")
                            && st.getOwner() == second[0].window().scene().getWindow()));
        } finally {
            robot.interact(() -> {
                javafx.stage.Window.getWindows().stream().filter(win -> win instanceof Stage st
                        && st.getOwner() == second[0].window().scene().getWindow()).toList()
                        .forEach(javafx.stage.Window::hide);
                ((Stage) second[0].window().scene().getWindow()).close();
                second[0].stop();
            });
        }
    }
}
