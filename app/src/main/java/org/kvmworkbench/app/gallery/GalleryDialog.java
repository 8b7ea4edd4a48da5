package org.kvmworkbench.app.gallery;

import java.nio.file.Path;
import java.util.function.Predicate;

import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import org.kvmworkbench.app.i18n.Texts;

/**
 * The gallery in its own window over the workbench: the start screen, and what Open shows. Opening a sample
 * closes it; a sample that fails to open leaves it up (the workbench shows why).
 */
public final class GalleryDialog {
    private static final Texts T = Texts.of(GalleryView.class);

    private final Stage stage = new Stage();
    private final GalleryView view;

    /**
     * @param open   opens a config in the workbench; true when it did
     * @param browse shows the file chooser for a config elsewhere
     */
    public GalleryDialog(Window owner, Path samplesDir, Path current, Predicate<Path> open, Runnable browse) {
        view = new GalleryView(SampleCatalog.list(samplesDir));
        if (current != null) view.select(current);
        view.setOnOpen(p -> {
            if (open.test(p)) stage.close();
        });
        view.setOnBrowse(() -> {
            stage.close();
            browse.run();
        });
        Scene scene = new Scene(view, 980, 620);
        if (owner != null && owner.getScene() != null) scene.getRoot().setStyle(owner.getScene().getRoot().getStyle());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) stage.close();
        });
        stage.setScene(scene);
        stage.setTitle(T.get("windowTitle"));
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public GalleryView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
