package org.kvmworkbench.core.session;

/**
 * The compact trace ({@code run --trace-format compact}): the same exits as the JSON Lines trace, about 20× smaller,
 * written without allocating per exit. Little-endian where fixed-width; numbers are unsigned LEB128 varints,
 * deltas zig-zag encoded. Strings (names, instruction texts, notes) are written once and then referred to by id.
 *
 * <pre>
 * file    = MAGIC, VERSION, entry*
 * entry   = 'S' id len utf8[len]          string id (≥ 1) is now this text (a later 'S' may redefine an id)
 *         | 'E' exit
 *         | 'X' records noteId             the trace stopped early (size limit); noteId says why
 * exit    = seqDelta reason+1 pathNameId kvmExit+1 qualification flags instructionId instructionLength
 *           regMask reg* retiredDelta [instructionIp] [access] [gpa] [gla] [interruptionInfo] [measuredNanos]
 *           [noteId] [svmId] [hostReasonId]
 * access  = address size count data[count]
 * </pre>
 * {@code reason+1} is 0 for a stop that is not a VM exit, {@code kvmExit+1} is 0 when KVM finished the exit in the
 * kernel. {@code regMask} bit i set: register i (the {@link org.kvmworkbench.core.exit.GuestRegisters} order: rax,
 * rbx, rcx, rdx, rsi, rdi, rsp, rbp, rip, rflags, cs, ds, es, ss, fs, gs, cr0) changed since the previous exit and
 * its new value follows. Which optional fields are present is said by {@code flags} ({@code F_*}).
 */
final class CompactTraceFormat {
    static final byte[] MAGIC = {'K', 'W', 'B', 'T', 'R', 'A', 'C', 'E'};
    static final int VERSION = 1;
    static final int TAG_STRING = 'S', TAG_EXIT = 'E', TAG_STOPPED = 'X';
    static final int REGISTERS = 17;

    static final int F_ACCESS = 1, F_MMIO = 1 << 1, F_WRITE = 1 << 2, F_INSTRUCTION_IP = 1 << 3, F_GPA = 1 << 4,
            F_GLA = 1 << 5, F_INTERRUPTION_INFO = 1 << 6, F_MEASURED = 1 << 7, F_NOTE = 1 << 8, F_SVM = 1 << 9,
            F_HOST_REASON = 1 << 10;

    private CompactTraceFormat() {
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
