package org.kvmworkbench.core.session;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.PathStep;

/**
 * Writes one JSON object per exit (JSON Lines). Fields: seq, reason (VMX basic exit reason number),
 * reasonName, qualification, kvmExit (e.g. "KVM_EXIT_IO", or null when KVM finished the exit in the
 * kernel), port or address, size, write, count, data (a number, or a list for string I/O), rip,
 * instruction, path (the stages), pathName, svm, hostReason (only on an AMD SVM host: its own exit code, and
 * reason is then the VMX equivalent), note.
 */
public final class TraceWriter implements ExitListener, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    public TraceWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file);
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
        if (!r.note().isEmpty()) o.put("note", r.note());
        if (r.measuredNanos() >= 0) o.put("measuredNanos", r.measuredNanos());
        return o;
    }

    @Override public void onExit(ExitRecord exit) {
        try {
            out.write(toJson(exit).toString());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void close() throws IOException {
        out.close();
    }
}
