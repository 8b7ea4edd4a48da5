package org.kvmworkbench.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Saves a rendering of a node as PNG (the app's screenshots of itself), without javafx-swing. */
public final class PngWriter {
    private PngWriter() {
    }

    /** Call on the FX thread. */
    public static void write(Node node, Path file) throws IOException {
        WritableImage image = node.snapshot(null, null);
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader px = image.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            px.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        if (!ImageIO.write(out, "png", file.toFile())) throw new IOException("no PNG writer available");
    }
}
