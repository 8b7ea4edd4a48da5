package org.kvmworkbench.app.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Node snapshots as images, and images as PNG or animated GIF bytes (javax.imageio, no javafx-swing). */
public final class Images {
    private static final String GIF_FORMAT = "javax_imageio_gif_image_1.0";

    private Images() {
    }

    /** A rendering of {@code node} at its current size. Call on the FX thread. */
    public static BufferedImage snapshot(Node node) {
        return snapshot(node, 1);
    }

    /** A rendering at {@code scale} times its size on screen (2: sharp on a projector or a high-density slide). */
    public static BufferedImage snapshot(Node node, double scale) {
        javafx.scene.SnapshotParameters p = null;
        if (scale != 1) {
            p = new javafx.scene.SnapshotParameters();
            p.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
        }
        WritableImage image = node.snapshot(p, null);
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader px = image.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            px.getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    public static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer available");
        return bytes.toByteArray();
    }

    /**
     * An animated GIF that shows each frame for {@code delayMillis} and loops forever. GIF has 256 colours a frame:
     * the encoder reduces each frame's colours (flat UI colours survive; anti-aliased edges may band).
     */
    public static byte[] gif(List<BufferedImage> frames, int delayMillis) throws IOException {
        if (frames.isEmpty()) throw new IllegalArgumentException("a GIF needs at least one frame");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (BufferedImage frame : frames) {
                BufferedImage rgb = opaque(frame);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), null);
                IIOMetadataNode tree = (IIOMetadataNode) meta.getAsTree(GIF_FORMAT);
                IIOMetadataNode control = child(tree, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10))); // in 1/100 s
                control.setAttribute("transparentColorIndex", "0");
                if (first) { // NETSCAPE2.0 application extension: loop count 0 = forever
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0});
                    child(tree, "ApplicationExtensions").appendChild(app);
                    first = false;
                }
                meta.setFromTree(GIF_FORMAT, tree);
                writer.writeToSequence(new IIOImage(rgb, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage opaque(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, in.getWidth(), in.getHeight());
        g.drawImage(in, 0, 0, null);
        g.dispose();
        return out;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++)
            if (parent.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) parent.item(i);
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }
}
