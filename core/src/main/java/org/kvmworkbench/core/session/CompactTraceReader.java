package org.kvmworkbench.core.session;

import static org.kvmworkbench.core.session.CompactTraceFormat.*;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.i18n.PhrasedIOException;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Reads a {@link CompactTraceFormat} trace back into exit records (the timeline's replay, and {@code trace-dump}).
 * The file is input like any other: every length, count and id is checked, and a file that is not a well-formed
 * trace ends in one {@link IOException} naming the byte offset, never in anything else.
 */
public final class CompactTraceReader {
    private static final Messages M = Messages.of(CompactTraceReader.class);
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_DATA = 1 << 20;

    private final InputStream in;
    private final Map<Long, String> strings = new HashMap<>();
    private final long[] regs = new long[REGISTERS];
    private long offset;
    private long seq;
    private long retired;

    private CompactTraceReader(InputStream in) {
        this.in = in;
    }

    /** Whether a file starts like a compact trace. */
    public static boolean isCompact(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The newest {@code keep} exits of the trace at {@code file}. */
    public static List<ExitRecord> read(Path file, int keep) throws IOException {
        ArrayDeque<ExitRecord> newest = new ArrayDeque<>();
        forEach(file, r -> {
            newest.addLast(r);
            if (newest.size() > keep) newest.removeFirst();
        });
        return new ArrayList<>(newest);
    }

    /** Every exit of the trace at {@code file}, oldest first, one at a time (a trace of any length: {@code trace-dump}). */
    public static void forEach(Path file, java.util.function.Consumer<ExitRecord> each) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            new CompactTraceReader(in).readAll(file.getFileName().toString(), each);
        }
    }

    private void readAll(String name, java.util.function.Consumer<ExitRecord> each) throws IOException {
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            offset = magic.length;
            if (!isCompact(magic)) throw bad("notCompact");
            int version = next();
            if (version != VERSION) throw bad("version", version, VERSION);
            for (int tag; (tag = in.read()) >= 0; ) {
                offset++;
                switch (tag) {
                    case TAG_STRING -> {
                        long id = varint();
                        long n = varint();
                        if (n > MAX_STRING_BYTES) throw bad("longString", n);
                        byte[] b = in.readNBytes((int) n);
                        if (b.length != n) throw new EOFException();
                        offset += n;
                        strings.put(id, new String(b, StandardCharsets.UTF_8));
                    }
                    case TAG_EXIT -> each.accept(exit());
                    case TAG_STOPPED -> {
                        varint();
                        string(varint());
                    }
                    default -> throw bad("unknownTag", tag);
                }
            }
        } catch (EOFException e) {
            throw new PhrasedIOException(M.phrase("truncated", name, offset));
        } catch (BadTrace e) {
            throw new PhrasedIOException(M.phrase("bad", name, e.words, offset));
        }
    }

    private ExitRecord exit() throws IOException {
        seq += varint();
        long reasonPlusOne = varint();
        VmxExitReason reason = reasonPlusOne == 0 ? null : VmxExitReason.of((int) Math.min(reasonPlusOne - 1, 0xFFFF));
        if (reasonPlusOne != 0 && reason == null) throw bad("unknownReason", reasonPlusOne - 1);
        String pathName = string(varint());
        ExitPath path;
        try {
            path = ExitPath.valueOf(pathName);
        } catch (IllegalArgumentException e) {
            throw bad("unknownPath", pathName);
        }
        long kvmPlusOne = varint();
        KvmExitReason kvmExit = kvmPlusOne == 0 ? null : KvmExitReason.of((int) Math.min(kvmPlusOne - 1, 0xFFFF));
        if (kvmPlusOne != 0 && kvmExit == null) throw bad("unknownKvmExit", kvmPlusOne - 1);
        long qualification = varint();
        long flags = varint();
        String instruction = string(varint());
        int instructionLength = (int) Math.min(varint(), 15);
        long mask = varint();
        if (mask >>> REGISTERS != 0) throw bad("registerMask", mask);
        for (int i = 0; i < REGISTERS; i++) if ((mask & (1L << i)) != 0) regs[i] = varint();
        retired += unzigzag(varint());
        long instructionIp = (flags & F_INSTRUCTION_IP) != 0 ? varint() : -1;
        Access access = null;
        if ((flags & F_ACCESS) != 0) {
            long address = varint();
            int size = (int) Math.min(varint(), 8);
            long count = varint();
            if (count > MAX_DATA) throw bad("longAccess", count);
            long[] data = new long[(int) count];
            for (int i = 0; i < count; i++) data[i] = varint();
            access = new Access((flags & F_MMIO) != 0 ? Access.Kind.MMIO : Access.Kind.PIO, address, size,
                    (flags & F_WRITE) != 0, (int) count, data);
        }
        long gpa = (flags & F_GPA) != 0 ? varint() : -1;
        long gla = (flags & F_GLA) != 0 ? varint() : -1;
        int interruptionInfo = (flags & F_INTERRUPTION_INFO) != 0 ? (int) varint() : 0;
        long measured = (flags & F_MEASURED) != 0 ? varint() : -1;
        String note = (flags & F_NOTE) != 0 ? string(varint()) : "";
        String svm = (flags & F_SVM) != 0 ? string(varint()) : "";
        String host = (flags & F_HOST_REASON) != 0 ? string(varint()) : "";
        GuestRegisters r = new GuestRegisters(regs[0], regs[1], regs[2], regs[3], regs[4], regs[5], regs[6], regs[7],
                instructionIp >= 0 ? instructionIp : regs[8], regs[9], (int) regs[10], (int) regs[11], (int) regs[12],
                (int) regs[13], (int) regs[14], (int) regs[15], regs[16]);
        return new ExitRecord(seq, reason, qualification, instructionLength, gpa, gla, interruptionInfo, svm, kvmExit,
                path, access, r, instruction, Phrase.literal(note), retired, measured, host);
    }

    private String string(long id) throws BadTrace {
        if (id == 0) return "";
        String s = strings.get(id);
        if (s == null) throw bad("undefinedString", id);
        return s;
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException();
        offset++;
        return b;
    }

    private long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw bad("longNumber");
    }

    private static BadTrace bad(String key, Object... args) {
        return new BadTrace(M.phrase(key, args));
    }

    private static final class BadTrace extends IOException {
        final transient Phrase words;

        BadTrace(Phrase words) {
            super(words.english());
            this.words = words;
        }
    }
}
