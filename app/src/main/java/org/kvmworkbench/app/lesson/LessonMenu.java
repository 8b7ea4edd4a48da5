package org.kvmworkbench.app.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;

import org.kvmworkbench.app.i18n.Texts;

/** File → Lessons: every lesson file in a folder, by title; picking one starts its player. */
public final class LessonMenu {
    private static final Texts T = Texts.of(LessonPlayer.class);

    private LessonMenu() {
    }

    public static Menu of(Path dir, LessonHost host, Consumer<String> error) {
        Menu menu = new Menu(T.get("menu"));
        menu.setMnemonicParsing(false);
        for (Path file : files(dir)) {
            String title;
            try {
                title = LessonReader.read(file).title();
            } catch (IOException e) {
                title = file.getFileName().toString();
            }
            MenuItem item = new MenuItem(title);
            item.setMnemonicParsing(false);
            item.setOnAction(e -> play(file, host, error));
            menu.getItems().add(item);
        }
        menu.setDisable(menu.getItems().isEmpty());
        return menu;
    }

    /** Reads and starts a lesson; a lesson that cannot be read is one message, never a half-started player. */
    public static LessonPlayer play(Path file, LessonHost host, Consumer<String> error) {
        try {
            LessonPlayer player = new LessonPlayer(LessonReader.read(file), host);
            player.start();
            return player;
        } catch (IOException e) {
            error.accept(T.format("cannotRead", e.getMessage()));
            return null;
        }
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
