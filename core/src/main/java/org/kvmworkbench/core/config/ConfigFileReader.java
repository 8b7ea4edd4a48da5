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
            throw ConfigLoader.failure(source, Problems.say("file.notFound", abs));
        } catch (IOException e) {
            throw ConfigLoader.failure(source, Problems.say("file.cannotRead", abs));
        }
        if (attrs.isDirectory()) throw ConfigLoader.failure(source, Problems.say("file.folder", abs));
        if (!attrs.isRegularFile())
            throw ConfigLoader.failure(source, Problems.say("file.notRegular", abs));
        if (attrs.size() > MAX_BYTES) throw tooLarge(source, attrs.size());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw ConfigLoader.failure(source, Problems.say("file.denied", abs));
        } catch (IOException e) {
            throw ConfigLoader.failure(source, Problems.say("file.cannotRead", abs));
        }
        if (bytes.length > MAX_BYTES) throw tooLarge(source, -1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ConfigLoader.failure(source, Problems.say("file.notUtf8"));
        }
    }

    private static ConfigException tooLarge(String source, long size) {
        return ConfigLoader.failure(source, size < 0 ? Problems.say("file.tooLarge.unknown", MAX_BYTES)
                : Problems.say("file.tooLarge", size, MAX_BYTES));
    }
}
