package org.kvmworkbench.core.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Decides whether a trace may be written at a path: never over an input of the run (compared as files, so
 * symlinks and hard links count), never over a device, pipe or directory, and never over an existing file
 * that is not a trace this project wrote (an empty file, a compact trace, or one whose first line is an exit record
 * or a trace-stopped note).
 */
final class TraceTarget {
    /** How much of an existing file is read to find its first line. */
    private static final int FIRST_LINE_LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceTarget() {
    }

    /**
     * The file to replace: {@code target} itself, or the file a symlink at {@code target} points to (so the
     * link stays a link).
     *
     * @param inputs files the run reads (config, guest image, the program's jar); missing ones are skipped
     * @throws TraceException one line saying why the trace cannot be written there
     */
    static Path check(Path target, List<Path> inputs) throws TraceException {
        Path parent = target.toAbsolutePath().getParent();
        if (target.getFileName() == null || parent == null)
            throw new TraceException(TraceException.say("notAName", target));
        if (!Files.exists(target)) {
            if (Files.isSymbolicLink(target)) throw new TraceException(TraceException.say("danglingLink", target));
            if (!Files.isDirectory(parent)) throw new TraceException(TraceException.say("noFolder", parent));
            return target.toAbsolutePath();
        }
        if (!Files.isRegularFile(target)) {
            throw new TraceException(TraceException.say("notRegular", target));
        }
        for (Path input : inputs) {
            if (input != null && sameFile(target, input)) {
                throw new TraceException(TraceException.say("isInput", target, input));
            }
        }
        if (!isTrace(target)) {
            throw new TraceException(TraceException.say("notATrace", target));
        }
        try {
            return target.toRealPath();
        } catch (IOException e) {
            throw new TraceException(TraceException.say("cannotResolve", target, TraceException.reason(e)));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Empty, a compact trace, or its first line is a JSON object this project's {@link TraceWriter} writes. */
    static boolean isTrace(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(FIRST_LINE_LIMIT);
        } catch (IOException e) {
            return false;
        }
        if (head.length == 0 || CompactTraceReader.isCompact(head)) return true;
        int end = 0;
        while (end < head.length && head[end] != '\n') end++;
        if (end == head.length && head.length == FIRST_LINE_LIMIT) return false;
        try {
            JsonNode first = JSON.readTree(new String(head, 0, end, StandardCharsets.UTF_8));
            return first != null && first.isObject()
                    && (first.has("seq") && first.has("reasonName") || first.has(TraceWriter.STOPPED_FIELD));
        } catch (IOException e) {
            return false;
        }
    }
}
