package org.kvmworkbench.app.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.TranslationFiles;

/** File → Lessons: every lesson file in a folder, by its title in the window's language; picking one starts its player. */
public final class LessonMenu {
    private static final Texts T = Texts.of(LessonPlayer.class);

    private LessonMenu() {
    }

    public static Menu of(Path dir, LessonHost host) {
        Menu menu = new Menu(T.get("menu"));
        menu.setMnemonicParsing(false);
        for (Path file : files(dir)) {
            MenuItem item = new MenuItem(title(file));
            item.setMnemonicParsing(false);
            item.setOnAction(e -> play(file, host));
            menu.getItems().add(item);
        }
        menu.setDisable(menu.getItems().isEmpty());
        return menu;
    }

    /** The lesson's title in the window's language; in its own language if its translation does not fit. */
    static String title(Path file) {
        Lesson lesson;
        try {
            lesson = LessonReader.read(file);
        } catch (IOException e) {
            return file.getFileName().toString();
        }
        try {
            return LessonReader.translated(lesson, Texts.locale()).title();
        } catch (IOException e) {
            return lesson.title(); // the player says what is wrong with the translation when it starts
        }
    }

    /** Reads and starts a lesson; a lesson that cannot be read is one message, never a half-started player. */
    public static LessonPlayer play(Path file, LessonHost host) {
        try {
            LessonPlayer player = new LessonPlayer(LessonReader.read(file), host);
            player.start();
            return player;
        } catch (IOException e) {
            host.showError(T.format("cannotRead", e.getMessage()));
            return null;
        }
    }

    /** The lessons in {@code dir}, without their translations (those play with their lesson). */
    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") && Files.isRegularFile(p) && !TranslationFiles.isTranslation(p))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
