package org.kvmworkbench.core.session;

import static org.kvmworkbench.core.session.CompactTraceFormat.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.memory.GuestMemory;

/**
 * Turns each exit into its {@link CompactTraceFormat} bytes in a reused buffer. Nothing is allocated for an exit
 * whose strings and instruction were seen before: strings are looked up (String caches its hash), the instruction's
 * text comes from a direct-mapped cache keyed by its linear address and checked against its bytes (so code the
 * guest rewrote is disassembled again), and registers are compared with the previous exit's.
 */
final class CompactTraceEncoder {
    /** Distinct strings remembered; past this, a new text is sent under {@link #OVERFLOW_ID} each time it is used. */
    static final int MAX_STRINGS = 4096;
    static final int OVERFLOW_ID = MAX_STRINGS + 1;
    private static final int CODE_SLOTS = 1024; // power of two
    private static final int CODE_BYTES = 15;   // the longest x86 instruction

    private byte[] buf = new byte[256];
    private int len;
    private final Map<String, Integer> strings = new HashMap<>();
    private final long[] regs = new long[REGISTERS];
    private final long[] previousRegs = new long[REGISTERS];
    private boolean first = true;
    private long previousSeq;
    private long previousRetired;
    private final long[] codeAddress = new long[CODE_SLOTS];
    private final byte[][] codeBytes = new byte[CODE_SLOTS][CODE_BYTES];
    private final int[] codeLength = new int[CODE_SLOTS];
    private final int[] codeText = new int[CODE_SLOTS];
    private final byte[] fetched = new byte[CODE_BYTES];

    CompactTraceEncoder() {
        Arrays.fill(codeAddress, -1);
    }

    /** The file's first bytes. */
    static byte[] header() {
        byte[] h = Arrays.copyOf(MAGIC, MAGIC.length + 1);
        h[MAGIC.length] = VERSION;
        return h;
    }

    byte[] buffer() {
        return buf;
    }

    /** Encodes one exit (after the definitions of any strings it is the first to use); returns the byte count. */
    int encode(long seq, VcpuExit e, Vcpu vcpu) {
        len = 0;
        vcpu.copyRegisters(regs);
        long ip = e.instructionIp >= 0 ? e.instructionIp : regs[8];
        int pathId = id(e.path == null ? "" : e.path.name());
        int instructionId = instructionText(vcpu, (regs[10] << 4) + ip, ip);
        int noteId = e.note.isEmpty() ? 0 : id(e.note.english());
        int svmId = e.svm.isEmpty() ? 0 : id(e.svm);
        int hostId = e.hostReason.isEmpty() ? 0 : id(e.hostReason);
        int flags = (e.accessKind != null ? F_ACCESS : 0) | (e.accessKind == Access.Kind.MMIO ? F_MMIO : 0)
                | (e.write ? F_WRITE : 0) | (e.instructionIp >= 0 ? F_INSTRUCTION_IP : 0)
                | (e.guestPhysical >= 0 ? F_GPA : 0) | (e.guestLinear >= 0 ? F_GLA : 0)
                | (e.interruptionInfo != 0 ? F_INTERRUPTION_INFO : 0) | (e.measuredNanos >= 0 ? F_MEASURED : 0)
                | (noteId != 0 ? F_NOTE : 0) | (svmId != 0 ? F_SVM : 0) | (hostId != 0 ? F_HOST_REASON : 0);

        byte1(TAG_EXIT);
        varint(seq - previousSeq);
        varint(e.reason == null ? 0 : e.reason.number() + 1);
        varint(pathId);
        varint(e.kvmExit == null ? 0 : e.kvmExit.number() + 1);
        varint(e.qualification);
        varint(flags);
        varint(instructionId);
        varint(e.instructionLength);
        int mask = 0;
        for (int i = 0; i < REGISTERS; i++) if (first || regs[i] != previousRegs[i]) mask |= 1 << i;
        varint(mask);
        for (int i = 0; i < REGISTERS; i++) if ((mask & (1 << i)) != 0) varint(regs[i]);
        long retired = vcpu.instructionsRetired();
        varint(zigzag(retired - previousRetired));
        if ((flags & F_INSTRUCTION_IP) != 0) varint(e.instructionIp);
        if ((flags & F_ACCESS) != 0) {
            int count = e.data == null ? 0 : Math.max(0, Math.min(e.count, e.data.length));
            varint(e.address);
            varint(e.size);
            varint(count);
            for (int i = 0; i < count; i++) varint(e.data[i]);
        }
        if ((flags & F_GPA) != 0) varint(e.guestPhysical);
        if ((flags & F_GLA) != 0) varint(e.guestLinear);
        if ((flags & F_INTERRUPTION_INFO) != 0) varint(e.interruptionInfo & 0xFFFF_FFFFL);
        if ((flags & F_MEASURED) != 0) varint(e.measuredNanos);
        if (noteId != 0) varint(noteId);
        if (svmId != 0) varint(svmId);
        if (hostId != 0) varint(hostId);

        System.arraycopy(regs, 0, previousRegs, 0, REGISTERS);
        first = false;
        previousSeq = seq;
        previousRetired = retired;
        return len;
    }

    /** The note that ends a trace cut short: the byte count of 'X' records noteId (after its string). */
    int encodeStopped(long records, String note) {
        len = 0;
        int noteId = id(note);
        byte1(TAG_STOPPED);
        varint(records);
        varint(noteId);
        return len;
    }

    /** The id of {@code s}, defining it first if it is new. */
    private int id(String s) {
        Integer known = strings.get(s);
        if (known != null) return known;
        int id;
        if (strings.size() < MAX_STRINGS) {
            id = strings.size() + 1;
            strings.put(s, id);
        } else {
            id = OVERFLOW_ID;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte1(TAG_STRING);
        varint(id);
        varint(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, len, utf8.length);
        len += utf8.length;
        return id;
    }

    /** The string id of the instruction's text, disassembled only when its bytes are new at that address. */
    private int instructionText(Vcpu vcpu, long linear, long ip) {
        GuestMemory mem = vcpu.machine().memory();
        int n = linear >= 0 && linear < mem.size() ? (int) Math.min(CODE_BYTES, mem.size() - linear) : 0;
        for (int i = 0; i < n; i++) fetched[i] = (byte) mem.read8(linear + i);
        int slot = (int) (linear ^ (linear >>> 10)) & (CODE_SLOTS - 1);
        if (codeAddress[slot] == linear && codeLength[slot] == n
                && Arrays.equals(codeBytes[slot], 0, n, fetched, 0, n)) {
            return codeText[slot];
        }
        int id = id(vcpu.instructionAt(linear - ip, ip));
        if (id == OVERFLOW_ID) return id; // its definition will be overwritten: not cacheable
        codeAddress[slot] = linear;
        codeLength[slot] = n;
        System.arraycopy(fetched, 0, codeBytes[slot], 0, n);
        codeText[slot] = id;
        return id;
    }

    private void byte1(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
}
