package org.kvmworkbench.app.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.session.CompactTraceReader;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Reads a trace written by {@code run --trace} back into exit records for the timeline: JSON Lines (one object per
 * exit, see the README; it records RIP but no other register: the others read 0) or the compact form (every
 * register). Bounded: only the newest {@code keep} exits are held, like the live ring.
 */
public final class TraceFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line that is not a trace record: the message names the file and line. */
    public static final class BadTraceException extends org.kvmworkbench.core.i18n.PhrasedIOException {
        BadTraceException(org.kvmworkbench.core.i18n.Phrase words) {
            super(words);
        }
    }

    /** Why a line is no record, in the window's language (the parser's own reason stays as it says it). */
    private static final org.kvmworkbench.core.i18n.Messages WORDS = org.kvmworkbench.core.i18n.Messages.of(TraceFile.class);

    private TraceFile() {
    }

    public static List<ExitRecord> read(Path file, int keep) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        if (CompactTraceReader.isCompact(head)) return CompactTraceReader.read(file, keep); // every register too
        ArrayDeque<ExitRecord> newest = new ArrayDeque<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                try {
                    newest.addLast(record(JSON.readTree(line)));
                } catch (IOException | RuntimeException e) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    throw new BadTraceException(WORDS.phrase("notARecord", file.getFileName(), n,
                            why.lines().findFirst().orElse("")));
                }
                if (newest.size() > keep) newest.removeFirst();
            }
        }
        return new ArrayList<>(newest);
    }

    static ExitRecord record(JsonNode o) {
        ExitPath path = ExitPath.valueOf(text(o, "pathName"));
        VmxExitReason reason = o.path("reason").isNumber() ? VmxExitReason.of(o.get("reason").asInt()) : null;
        KvmExitReason kvmExit = null;
        if (o.path("kvmExit").isTextual()) {
            for (KvmExitReason k : KvmExitReason.values()) if (k.constantName().equals(o.get("kvmExit").asText())) kvmExit = k;
            if (kvmExit == null) throw new IllegalArgumentException("unknown kvmExit " + o.get("kvmExit").asText());
        }
        Access access = null;
        if (o.has("port") || o.has("address")) {
            boolean pio = o.has("port");
            JsonNode d = o.path("data");
            long[] data;
            if (d.isArray()) {
                data = new long[d.size()];
                for (int i = 0; i < data.length; i++) data[i] = d.get(i).asLong();
            } else {
                data = new long[] {d.asLong()};
            }
            access = new Access(pio ? Access.Kind.PIO : Access.Kind.MMIO, o.get(pio ? "port" : "address").asLong(),
                    o.path("size").asInt(), o.path("write").asBoolean(), o.path("count").asInt(1), data);
        }
        GuestRegisters regs = new GuestRegisters(0, 0, 0, 0, 0, 0, 0, 0, o.path("rip").asLong(), 0, 0, 0, 0, 0, 0, 0, 0);
        return new ExitRecord(o.path("seq").asLong(), reason, o.path("qualification").asLong(),
                o.path("instructionLength").asInt(), o.path("guestPhysicalAddress").asLong(-1), -1, 0,
                o.path("svm").asText(""), kvmExit, path, access, regs, o.path("instruction").asText(""),
                org.kvmworkbench.core.i18n.Phrase.literal(o.path("note").asText("")), -1, o.path("measuredNanos").asLong(-1));
    }

    private static String text(JsonNode o, String field) {
        if (!o.path(field).isTextual()) throw new IllegalArgumentException("no \"" + field + "\"");
        return o.get(field).asText();
    }
}
