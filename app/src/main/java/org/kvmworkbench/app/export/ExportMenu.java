package org.kvmworkbench.app.export;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javafx.animation.PauseTransition;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.DirectoryChooser;
import javafx.stage.Popup;
import javafx.stage.Window;
import javafx.util.Duration;

import org.kvmworkbench.app.i18n.Texts;

/** File → Export for slides: each picture on its own, or all of them (Ctrl+E), into a folder the user picks. */
public final class ExportMenu {
    private static final Texts T = Texts.of(SlideExport.class);

    /** What the window tells the export. */
    public interface Source {
        Window window();

        /** The config's name, for file names. */
        String sample();

        /** The files the VM reads (config, image): never written. */
        List<Path> inputs();

        /** Where the folder chooser starts the first time. */
        Path startFolder();
    }

    @FunctionalInterface
    private interface Job {
        List<Path> run(Path dir, String sample, List<Path> inputs) throws IOException;
    }

    private final SlideExport export;
    private final Source source;
    private final Consumer<String> error;
    private Path lastFolder;
    /** What the last export wrote, or why it failed ("" before the first). */
    private String lastMessage = "";

    /** @param error shows why an export failed (the window's error banner); what was written shows briefly */
    public ExportMenu(SlideExport export, Source source, Consumer<String> error) {
        this.export = export;
        this.source = source;
        this.error = error;
    }

    public Menu menu() {
        Menu menu = new Menu(T.get("menu"));
        menu.getItems().addAll(
                item("all", export::all),
                item("diagramPng", (d, s, i) -> List.of(export.diagramPng(d, s, i))),
                item("diagramSvg", (d, s, i) -> List.of(export.diagramSvg(d, s, i))),
                item("gif", (d, s, i) -> List.of(export.roundTripGif(d, s, i))),
                item("chartPng", (d, s, i) -> List.of(export.chartPng(d, s, i))));
        menu.setMnemonicParsing(false);
        return menu;
    }

    /** Ctrl+E: everything, into a folder the user picks. */
    public void exportAll() {
        run(export::all);
    }

    /** Everything into {@code dir} without asking: the files written (a note says which), or none (the error says why). */
    public List<Path> exportAllTo(Path dir) {
        return runInto(dir, export::all);
    }

    public String lastMessage() {
        return lastMessage;
    }

    private MenuItem item(String key, Job job) {
        MenuItem item = new MenuItem(T.get(key));
        item.setMnemonicParsing(false);
        item.setOnAction(e -> run(job));
        return item;
    }

    private void run(Job job) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(T.get("chooseFolder"));
        Path start = lastFolder != null ? lastFolder : source.startFolder();
        if (start != null && Files.isDirectory(start)) chooser.setInitialDirectory(start.toFile());
        File dir = chooser.showDialog(source.window());
        if (dir == null) return;
        lastFolder = dir.toPath();
        runInto(dir.toPath(), job);
    }

    private List<Path> runInto(Path dir, Job job) {
        try {
            List<Path> files = job.run(dir, source.sample(), source.inputs());
            lastMessage = T.format("done", dir, files.stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(", ")));
            notice(lastMessage);
            return files;
        } catch (IOException | RuntimeException e) {
            lastMessage = T.format("failed", e.getMessage());
            error.accept(lastMessage);
            return List.of();
        }
    }

    /** A note at the bottom of the window for a few seconds: success needs no dismissing. */
    private void notice(String text) {
        Window w = source.window();
        if (w == null || !w.isShowing()) return;
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(Math.max(300, w.getWidth() - 80));
        // fixed colours: a popup's scene is outside the window's, and these read in both themes; the window's font size
        String rootStyle = w.getScene() == null || w.getScene().getRoot().getStyle() == null ? ""
                : w.getScene().getRoot().getStyle();
        label.setStyle(rootStyle + " -fx-background-color: #dafbe1; -fx-border-color: #1a7f37; -fx-border-width: 0 0 0 4;"
                + " -fx-padding: 0.5em 0.8em; -fx-text-fill: #1f2328;");
        Popup popup = new Popup();
        popup.getContent().add(label);
        popup.setAutoHide(true);
        popup.show(w, w.getX() + 24, w.getY() + w.getHeight() - 110);
        PauseTransition wait = new PauseTransition(Duration.seconds(6));
        wait.setOnFinished(e -> popup.hide());
        wait.play();
    }
}
