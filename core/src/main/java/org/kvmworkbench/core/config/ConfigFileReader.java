package org.kvmworkbench.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a config file's text without trusting the file: it must be a regular file (a symlink to /dev/zero
 * or a pipe is refused before anything is read), at most {@link #MAX_BYTES}, and UTF-8. At most MAX_BYTES + 1
 * bytes are ever read, even if the file grows while it is read.
 */
final class ConfigFileReader {
    /** Hand-written configs are a few KiB; the largest valid one (every port listed) is well below this. */
    static final int MAX_BYTES = 1 << 20;

    private ConfigFileReader() {}

    static String read(Path file, String source) throws ConfigException {
        Path abs = file.toAbsolutePath();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw ConfigLoader.failure(source, "file not found: " + abs);
        } catch (IOException e) {
            throw ConfigLoader.failure(source, "cannot read " + abs);
        }
        if (attrs.isDirectory()) throw ConfigLoader.failure(source, "is a folder, not a config file: " + abs);
        if (!attrs.isRegularFile())
            throw ConfigLoader.failure(source, "not a regular file (a device, pipe or socket): " + abs);
        if (attrs.size() > MAX_BYTES) throw tooLarge(source, attrs.size());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw ConfigLoader.failure(source, "permission denied: " + abs);
        } catch (IOException e) {
            throw ConfigLoader.failure(source, "cannot read " + abs);
        }
        if (bytes.length > MAX_BYTES) throw tooLarge(source, -1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ConfigLoader.failure(source, "not UTF-8 text");
        }
    }

    private static ConfigException tooLarge(String source, long size) {
        return ConfigLoader.failure(source, "the file is " + (size < 0 ? "more than 1 MiB" : size + " bytes")
                + "; a config is at most 1 MiB (" + MAX_BYTES + " bytes)");
    }
}
