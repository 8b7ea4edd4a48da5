package org.kvmworkbench.app.view;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;

/** A tiny PNG writer for JavaFX images (javafx-swing's SwingFXUtils is not a dependency): 8-bit RGBA, no filter. */
final class Png {
    private Png() {
    }

    static void write(Image img, Path file) throws IOException {
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        PixelReader pr = img.getPixelReader();
        ByteArrayOutputStream raw = new ByteArrayOutputStream(h * (w * 4 + 1));
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
            byte[] line = new byte[w * 4 + 1];
            for (int y = 0; y < h; y++) {
                line[0] = 0; // filter: none
                for (int x = 0; x < w; x++) {
                    int argb = pr.getArgb(x, y);
                    line[1 + x * 4] = (byte) (argb >> 16);
                    line[2 + x * 4] = (byte) (argb >> 8);
                    line[3 + x * 4] = (byte) argb;
                    line[4 + x * 4] = (byte) (argb >>> 24);
                }
                z.write(line);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.writeByte(8);  // bit depth
            d.writeByte(6);  // color type: RGBA
            d.writeByte(0);  // compression
            d.writeByte(0);  // filter
            d.writeByte(0);  // interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", raw.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
