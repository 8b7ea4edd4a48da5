package org.kvmworkbench.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Checks that the guest image exists and fits in memory; does not read it. */
final class ImageCheck {
    private ImageCheck() {}

    /**
     * @param memory      null if it was invalid (then the fit is not checked)
     * @param loadAddress null if it was invalid
     */
    static void check(String image, Path baseDir, Long memory, Long loadAddress, Problems problems) {
        Path file;
        try {
            file = baseDir.resolve(image).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add("image", "image.invalidPath", image);
            return;
        }
        if (!Files.exists(file)) {
            problems.add("image", "file.notFound", file);
            return;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("image", "image.notReadable", file);
            return;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            problems.add("image", "image.noSize", file);
            return;
        }
        if (size == 0) {
            problems.add("image", "image.empty", file);
        } else if (memory != null && loadAddress != null && loadAddress < memory && size > memory - loadAddress) {
            problems.add("image", "image.tooLarge", size, memory - loadAddress, Numbers.hex(loadAddress),
                    Numbers.describeSize(memory), file);
        }
    }
}
