package org.kvmworkbench.app.guest;

import java.nio.file.Files;
import java.nio.file.Path;

import org.kvmworkbench.core.config.VmConfig;

/**
 * Where a guest's files are: its source is the image's name with .asm (hello-serial.bin ← hello-serial.asm), and
 * an image assembled in the editor but not saved goes beside it as NAME.edited.bin, so no input is overwritten.
 */
public final class GuestFiles {
    private GuestFiles() {}

    /** The source of the config's image, or null when there is none beside it. */
    public static Path sourceOf(VmConfig config) {
        Path image = config.imagePath();
        String name = image.getFileName().toString();
        String base = name.endsWith(".edited.bin") ? name.substring(0, name.length() - ".edited.bin".length())
                : name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name;
        Path src = image.resolveSibling(base + ".asm");
        return Files.isRegularFile(src) ? src : null;
    }

    public static Path imageOf(Path source) {
        return source.resolveSibling(stem(source) + ".bin");
    }

    public static Path editedImageOf(Path source) {
        return source.resolveSibling(stem(source) + ".edited.bin");
    }

    private static String stem(Path source) {
        String n = source.getFileName().toString();
        return n.endsWith(".asm") ? n.substring(0, n.length() - 4) : n;
    }
}
