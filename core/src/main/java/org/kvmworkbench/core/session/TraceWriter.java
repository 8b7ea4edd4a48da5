package org.kvmworkbench.core.session;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.PathStep;

/**
 * Writes the exits of a run to a file, in one of two {@link Format}s. JSON Lines: one JSON object per exit. Fields: seq, reason (VMX basic exit reason number),
 * reasonName, qualification, kvmExit (e.g. "KVM_EXIT_IO", or null when KVM finished the exit in the
 * kernel), port or address, size, write, count, data (a number, or a list for string I/O), rip,
 * instruction, path (the stages), pathName, svm, hostReason (only on an AMD SVM host: its own exit code, and
 * reason is then the VMX equivalent), note. Compact: the same exits in {@link CompactTraceFormat}, about 20×
 * smaller, with every register, written without allocating per exit (attach it with
 * {@link VmmLoop#setRawListener}).
 *
 * <p>The user's files are never at risk: the target is checked by {@link TraceTarget} (no input of the run,
 * no special file, no file that is not a trace), lines go to a temporary file in the same folder, and
 * {@link #close()} renames it over the target in one step, also when the run was stopped by a limit or
 * Ctrl-C (the shutdown hook closes it). A write error stops the trace with one warning, deletes the
 * temporary file and leaves the target as it was; the run goes on. At {@code maxBytes} the trace stops with
 * a last line {@code {"traceStopped":"size limit",...}} and one warning.
 */
public final class TraceWriter implements ExitListener, RawExitListener, Closeable {
    /** How the exits are written. */
    public enum Format { JSONL, COMPACT }

    /** The field of the last line written when the trace stops early. */
    static final String STOPPED_FIELD = "traceStopped";
    /** Room kept below the size cap for the note line. */
    static final int NOTE_ROOM = 512;
    /** The smallest cap that leaves room for exit records. */
    public static final long MIN_MAX_BYTES = 4096;
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final long maxBytes;
    private final Consumer<String> warnings;
    private final Format format;
    private final CompactTraceEncoder compact;
    private long written;
    private long records;
    private boolean stopped;
    private boolean closed;
    private org.kvmworkbench.core.i18n.Phrase failure;

    private TraceWriter(Path target, Path temp, FileChannel channel, OutputStream out, long maxBytes,
                        Consumer<String> warnings, Format format) {
        this.format = format;
        this.compact = format == Format.COMPACT ? new CompactTraceEncoder() : null;
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.out = out;
        this.maxBytes = maxBytes;
        this.warnings = warnings;
    }

    /**
     * Checks {@code target} and opens a temporary file next to it.
     *
     * @param inputs   files the run reads (config, image, jar): never written over
     * @param maxBytes the most the trace may grow to, at least {@link #MIN_MAX_BYTES}
     * @param warnings receives one line when the trace stops early (size cap or write error)
     * @throws TraceException one line: why the trace cannot be written there
     */
    public static TraceWriter open(Path target, List<Path> inputs, long maxBytes, Consumer<String> warnings)
            throws TraceException {
        return open(target, inputs, maxBytes, warnings, Format.JSONL);
    }

    /** As {@link #open(Path, List, long, Consumer)}, in the given format. */
    public static TraceWriter open(Path target, List<Path> inputs, long maxBytes, Consumer<String> warnings,
                                   Format format) throws TraceException {
        if (maxBytes < MIN_MAX_BYTES) throw new IllegalArgumentException("maxBytes below " + MIN_MAX_BYTES);
        Path file = TraceTarget.check(target, inputs);
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
            FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
            TraceWriter w = new TraceWriter(file, temp, ch,
                    new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), maxBytes, warnings, format);
            w.writeHeader();
            return w;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new TraceException(TraceException.say("cannotCreate", file.getParent(), TraceException.reason(e)));
        }
    }

    /** For tests: a trace whose lines go to {@code out} (which may fail) instead of a file. */
    static TraceWriter toStream(Path target, Path temp, OutputStream out, long maxBytes, Consumer<String> warnings) {
        return toStream(target, temp, out, maxBytes, warnings, Format.JSONL);
    }

    static TraceWriter toStream(Path target, Path temp, OutputStream out, long maxBytes, Consumer<String> warnings,
                                Format format) {
        TraceWriter w = new TraceWriter(target, temp, null, out, maxBytes, warnings, format);
        try {
            w.writeHeader();
        } catch (IOException e) {
            w.fail(TraceException.say("cannotWrite", target, TraceException.reason(e)));
        }
        return w;
    }

    /** For benchmarks: a trace that encodes every exit as a file would get it and discards the bytes. */
    public static TraceWriter discarding(Format format) {
        return toStream(Path.of("discarded"), null, OutputStream.nullOutputStream(), Long.MAX_VALUE, w -> { }, format);
    }

    public Format format() {
        return format;
    }

    private void writeHeader() throws IOException {
        if (format != Format.COMPACT) return;
        byte[] h = CompactTraceEncoder.header();
        out.write(h);
        written += h.length;
    }

    public static ObjectNode toJson(ExitRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", r.seq());
        if (r.reason() == null) {
            o.putNull("reason");
            o.putNull("reasonName");
        } else {
            o.put("reason", r.reason().number());
            o.put("reasonName", r.reason().sdmName());
        }
        o.put("qualification", r.qualification());
        if (r.kvmExit() == null) o.putNull("kvmExit");
        else o.put("kvmExit", r.kvmExit().constantName());
        Access a = r.access();
        if (a != null) {
            if (a.kind() == Access.Kind.PIO) o.put("port", a.address());
            else o.put("address", a.address());
            o.put("size", a.size());
            o.put("write", a.write());
            o.put("count", a.count());
            long[] data = a.data();
            if (data.length == 1) {
                o.put("data", data[0]);
            } else {
                ArrayNode arr = o.putArray("data");
                for (long d : data) arr.add(d);
            }
        }
        if (r.guestPhysical() >= 0) o.put("guestPhysicalAddress", r.guestPhysical());
        o.put("rip", r.regs().rip());
        o.put("instruction", r.instruction());
        o.put("instructionLength", r.instructionLength());
        o.put("pathName", r.path().name());
        ArrayNode path = o.putArray("path");
        for (PathStep s : r.path().steps()) path.add(s.stage().name());
        o.put("svm", r.svm());
        if (r.svmNative()) o.put("hostReason", r.hostReason()); // the AMD host's own code: reason is its VMX equivalent
        if (!r.note().isEmpty()) o.put("note", r.note().english());
        if (r.measuredNanos() >= 0) o.put("measuredNanos", r.measuredNanos());
        return o;
    }

    @Override public synchronized void onExit(long seq, VcpuExit exit, Vcpu vcpu) {
        if (stopped || format != Format.COMPACT) return;
        int n = compact.encode(seq, exit, vcpu);
        if (written + n > maxBytes - NOTE_ROOM) {
            stopAtCap();
            return;
        }
        try {
            out.write(compact.buffer(), 0, n);
            written += n;
            records++;
        } catch (IOException e) {
            fail(TraceException.say("cannotWrite", target, TraceException.reason(e)));
        }
    }

    @Override public synchronized void onExit(ExitRecord exit) {
        if (stopped || format != Format.JSONL) return;
        byte[] line = (toJson(exit).toString() + "\n").getBytes(StandardCharsets.UTF_8);
        if (written + line.length > maxBytes - NOTE_ROOM) {
            stopAtCap();
            return;
        }
        try {
            out.write(line);
            written += line.length;
            records++;
        } catch (IOException e) {
            fail(TraceException.say("cannotWrite", target, TraceException.reason(e)));
        }
    }

    private void stopAtCap() {
        stopped = true;
        String limit = describeSize(maxBytes);
        String why = TraceException.WORDS.formatEnglish("sizeLimit", limit); // the trace's own words: English
        try {
            if (format == Format.COMPACT) {
                out.write(compact.buffer(), 0, compact.encodeStopped(records, why));
            } else {
                ObjectNode note = JSON.createObjectNode();
                note.put(STOPPED_FIELD, "size limit");
                note.put("records", records);
                note.put("note", why);
                out.write((note.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            warnings.accept(TraceException.WORDS.format("warning.stopped", limit, records));
        } catch (IOException e) {
            fail(TraceException.say("cannotWrite", target, TraceException.reason(e)));
        }
    }

    /** Says {@code why} at once (in the current language), and keeps it for {@link #close()} to throw. */
    private void fail(org.kvmworkbench.core.i18n.Phrase why) {
        stopped = true;
        failure = why;
        warnings.accept(TraceException.WORDS.format("warning.failed", why, target.getFileName()));
    }

    /** Why the trace failed (a write error), in English, or null. */
    public synchronized String failure() {
        return failure == null ? null : failure.english();
    }

    /** Exit records written. */
    public synchronized long records() {
        return records;
    }

    /**
     * Finishes the trace: renames the temporary file over the target, or deletes it after a write error.
     * Idempotent, so the normal end of a run and the shutdown hook may both call it.
     *
     * @throws TraceException when the trace could not be finished; the target is then left as it was
     */
    @Override public synchronized void close() throws TraceException {
        if (closed) return;
        closed = true;
        stopped = true;
        try {
            out.flush();
            if (channel != null) channel.force(true);
            out.close();
        } catch (IOException e) {
            if (failure == null) failure = TraceException.say("cannotWrite", target, TraceException.reason(e));
        }
        if (failure != null) {
            deleteQuietly(temp);
            throw new TraceException(failure);
        }
        try {
            keepPermissions();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            failure = TraceException.say("cannotRename", target, TraceException.reason(e));
            throw new TraceException(failure);
        }
    }

    /** Drops an unfinished trace (the run never started): the target is left as it was. No-op after close. */
    public synchronized void abandon() {
        if (closed) return;
        closed = true;
        stopped = true;
        try {
            out.close();
        } catch (IOException e) {
            // it is deleted next
        }
        deleteQuietly(temp);
    }

    /** The temporary file is private (0600); the trace gets the old file's permissions, or rw-r--r--. */
    private void keepPermissions() {
        try {
            Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(temp, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions stay
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more to do: it is a temporary file
        }
    }

    static String describeSize(long bytes) {
        if (bytes % (1L << 30) == 0) return (bytes >> 30) + "G";
        if (bytes % (1L << 20) == 0) return (bytes >> 20) + "M";
        if (bytes % (1L << 10) == 0) return (bytes >> 10) + "K";
        return bytes + " bytes";
    }
}
