package org.kvmworkbench.app.export;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

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
    private final Consumer<String> report;
    private Path lastFolder;

    /** @param report shows what was written, or why not */
    public ExportMenu(SlideExport export, Source source, Consumer<String> report) {
        this.export = export;
        this.source = source;
        this.report = report;
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

    /** Everything into {@code dir} without asking (tests, and the folder chosen once). */
    public List<Path> exportAllTo(Path dir) throws IOException {
        return export.all(dir, source.sample(), source.inputs());
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
        try {
            List<Path> files = job.run(dir.toPath(), source.sample(), source.inputs());
            report.accept(T.format("done", dir, files.stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(", "))));
        } catch (IOException | RuntimeException e) {
            report.accept(T.format("failed", e.getMessage()));
        }
    }
}
