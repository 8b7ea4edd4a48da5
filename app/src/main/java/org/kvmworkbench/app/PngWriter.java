package org.kvmworkbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javafx.scene.Node;

import org.kvmworkbench.app.export.Images;

/** Saves a rendering of a node as PNG (the app's screenshots of itself), without javafx-swing. */
public final class PngWriter {
    private PngWriter() {
    }

    /** Call on the FX thread. */
    public static void write(Node node, Path file) throws IOException {
        Files.write(file, Images.png(Images.snapshot(node)));
    }
}
