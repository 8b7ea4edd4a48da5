package org.kvmworkbench.kvm;

import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.memory.GuestMemory;
import org.kvmworkbench.core.svm.SvmExitCode;
import org.kvmworkbench.core.vmx.EptViolationQualification;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.KvmRegs;
import org.kvmworkbench.kvm.sys.KvmRun;
import org.kvmworkbench.kvm.sys.KvmSregs;

/**
 * Turns the kvm_run of the exit that just happened into the reusable {@link VcpuExit}, allocating nothing on the
 * exits a guest takes over and over (I/O, MMIO, HLT). The VMX exit reason and qualification are DERIVED: userspace
 * only sees KVM_EXIT_*, and this project's PVM host has no VMX at all.
 */
final class ExitDecoder {
    static final String SVM_IOIO = SvmExitCode.IOIO.label(0), SVM_NPF = SvmExitCode.NPF.label(0),
            SVM_HLT = SvmExitCode.HLT.label(0), SVM_SHUTDOWN = SvmExitCode.SHUTDOWN.label(0);
    static final long EPT_VIOLATION_READ = EptViolationQualification.unmappedAccess(false).encode(),
            EPT_VIOLATION_WRITE = EptViolationQualification.unmappedAccess(true).encode();
    static final Phrase NOTE_OUT_COMPLETED = KvmNotes.phrase("outCompleted");
    static final Phrase NOTE_IO_UNDECODED = KvmNotes.phrase("ioUndecoded");
    static final Phrase NOTE_MMIO = KvmNotes.phrase("mmio");
    private static final int HLT_LENGTH = 1;

    private enum Where { AT_RIP, ENDS_AT_RIP, UNKNOWN }

    private final KvmRun run;
    private final GuestMemory memory;
    private final GuestState state;
    private final IoInstruction insn = new IoInstruction();
    private final IoInstruction other = new IoInstruction();
    private final CodeWindow code = new CodeWindow();
    /** The last {@link #locate} answer (null before the first) and the exit fields it was for. */
    private Where located;
    private long lastRip, lastCsBase, lastDx;
    private boolean lastOp32, lastIn;
    private int lastPort, lastSize;
    private final TouchedPages mmioPages = new TouchedPages();

    ExitDecoder(KvmRun run, GuestMemory memory, GuestState state) {
        this.run = run;
        this.memory = memory;
        this.state = state;
    }

    /** Fills {@code e} (already cleared); false for an exit the VMM loop does not see (a single-step). */
    boolean decode(VcpuExit e) {
        switch (run.exitReason()) {
            case KvmIoctls.KVM_EXIT_IO: io(e); return true;
            case KvmIoctls.KVM_EXIT_MMIO: mmio(e); return true;
            case KvmIoctls.KVM_EXIT_HLT:
                e.reason = VmxExitReason.HLT;
                e.svm = SVM_HLT;
                e.kvmExit = KvmExitReason.HLT;
                e.path = ExitPath.USERSPACE_HLT;
                e.instructionLength = HLT_LENGTH;
                e.instructionIp = state.regs().rip() - HLT_LENGTH; // kvm_emulate_halt already skipped the HLT
                return true;
            case KvmIoctls.KVM_EXIT_SHUTDOWN:
                e.reason = VmxExitReason.TRIPLE_FAULT;
                e.svm = SVM_SHUTDOWN;
                e.kvmExit = KvmExitReason.SHUTDOWN;
                e.path = ExitPath.USERSPACE_SHUTDOWN;
                e.stops = true;
                return true;
            case KvmIoctls.KVM_EXIT_DEBUG: return false;
            case KvmIoctls.KVM_EXIT_INTERNAL_ERROR: internalError(e); return true;
            case KvmIoctls.KVM_EXIT_FAIL_ENTRY: failEntry(e); return true;
            default: unexpected(e); return true;
        }
    }

    private void io(VcpuExit e) {
        boolean out = run.ioIsOut();
        int port = run.ioPort(), size = run.ioSize(), count = run.ioCount();
        e.reason = VmxExitReason.IO_INSTRUCTION;
        e.svm = SVM_IOIO;
        e.kvmExit = KvmExitReason.IO;
        e.path = ExitPath.USERSPACE_PIO;
        e.accessKind = Access.Kind.PIO;
        e.address = port;
        e.size = size;
        e.count = count;
        e.write = out;
        if (out) for (int i = 0; i < count; i++) e.data[i] = run.ioData(i);
        long q = (size - 1) | (out ? 0 : IoExitQualification.DIRECTION_IN) | (long) port << IoExitQualification.PORT_SHIFT;
        Where where = locate(port, size, !out);
        if (where == Where.UNKNOWN) {
            if (count > 1) q |= IoExitQualification.STRING;
            e.note = NOTE_IO_UNDECODED;
        } else {
            if (insn.string) q |= IoExitQualification.STRING;
            if (insn.rep) q |= IoExitQualification.REP;
            if (insn.immediate) q |= IoExitQualification.OPERAND_IMMEDIATE;
            e.instructionLength = insn.length;
            long rip = state.regs().rip();
            e.instructionIp = where == Where.ENDS_AT_RIP ? rip - insn.length : rip;
            if (where == Where.ENDS_AT_RIP) e.note = NOTE_OUT_COMPLETED;
        }
        e.qualification = q;
    }

    /**
     * Finds the instruction that made this I/O exit. With VMX/SVM fast PIO, and for every IN, RIP still points at
     * it; when KVM's emulator ran an OUT (all of real mode on PVM) RIP is already past it. Then the OUT ends at RIP:
     * its opcode is the byte before RIP (DX forms, OUTS) or the one before that (imm8 forms), preceded by zero or
     * more prefix bytes - which may as well belong to the instruction before, so every such start is tried, and
     * candidates that disagree on the qualification bits make the answer unknown.
     * The answer depends only on the exit's fields and the guest bytes around RIP ({@link #code}): a guest exiting
     * over and over at the same OUT gets the last answer back after one comparison of those bytes.
     */
    private Where locate(int port, int size, boolean in) {
        KvmRegs r = state.regs();
        KvmSregs s = state.sregs();
        long csBase = s.base(KvmSregs.CS);
        boolean op32 = s.defaultOperand32(KvmSregs.CS);
        long rip = r.rip(), dx = r.get(KvmRegs.RDX);
        code.load(memory, csBase + rip);
        if (located != null && code.unchanged() && rip == lastRip && csBase == lastCsBase && op32 == lastOp32
                && port == lastPort && size == lastSize && in == lastIn && dx == lastDx) {
            return located;
        }
        lastRip = rip;
        lastCsBase = csBase;
        lastOp32 = op32;
        lastPort = port;
        lastSize = size;
        lastIn = in;
        lastDx = dx;
        located = search(csBase, rip, op32, port, size, in, dx);
        return located;
    }

    /** {@link #locate}'s search, over {@link #code}; leaves the instruction found in {@link #insn}. */
    private Where search(long csBase, long rip, boolean op32, int port, int size, boolean in, long dx) {
        if (insn.decode(code, csBase + rip, op32) && insn.matches(port, size, in, dx)) return Where.AT_RIP;
        if (in) return Where.UNKNOWN;
        boolean found = false;
        for (int opcodeBytes = 1; opcodeBytes <= 2; opcodeBytes++) {
            long opcode = rip - opcodeBytes;
            if (opcode < 0 || !code.contains(csBase + opcode)) continue;
            int b = code.read8(csBase + opcode);
            if (opcodeBytes == 1 ? !IoInstruction.isOneByteIoOpcode(b) : !IoInstruction.isImmediateIoOpcode(b)) continue;
            for (long start = opcode; start >= 0 && rip - start <= IoInstruction.MAX_LENGTH; start--) {
                if (start < opcode && (!code.contains(csBase + start) || !IoInstruction.isPrefix(code.read8(csBase + start)))) {
                    break;
                }
                IoInstruction candidate = found ? other : insn;
                if (!candidate.decode(code, csBase + start, op32) || candidate.length != rip - start
                        || !candidate.matches(port, size, in, dx)) {
                    continue;
                }
                if (!found) {
                    found = true;
                } else if (other.string != insn.string || other.rep != insn.rep || other.immediate != insn.immediate) {
                    return Where.UNKNOWN;
                }
            }
        }
        return found ? Where.ENDS_AT_RIP : Where.UNKNOWN;
    }

    private void mmio(VcpuExit e) {
        long gpa = run.mmioAddress();
        boolean write = run.mmioIsWrite();
        boolean first = mmioPages.touch(gpa >>> 12);
        e.reason = first ? VmxExitReason.EPT_VIOLATION : VmxExitReason.EPT_MISCONFIG;
        e.qualification = first ? (write ? EPT_VIOLATION_WRITE : EPT_VIOLATION_READ) : 0;
        e.guestPhysical = gpa;
        e.guestLinear = gpa; // paging is off in real mode: linear = physical
        e.svm = SVM_NPF;
        e.kvmExit = KvmExitReason.MMIO;
        e.path = ExitPath.USERSPACE_MMIO;
        e.accessKind = Access.Kind.MMIO;
        e.address = gpa;
        e.size = run.mmioLength();
        e.count = 1;
        e.write = write;
        if (write) e.data[0] = run.mmioData();
        e.note = NOTE_MMIO;
    }

    /** Forget which MMIO pages were touched (a reset). */
    void reset() {
        mmioPages.clear();
        located = null;
    }

    private void internalError(VcpuExit e) {
        int sub = run.internalSuberror();
        e.kvmExit = KvmExitReason.INTERNAL_ERROR;
        e.path = ExitPath.EMULATION_FAILURE;
        e.stops = true;
        KvmRegs r = state.regs();
        KvmSregs s = state.sregs();
        String where = String.format("%04X:%04X", s.selector(KvmSregs.CS), r.rip());
        if (sub != KvmIoctls.KVM_INTERNAL_ERROR_EMULATION) {
            e.note = KvmNotes.phrase("internalError", sub, suberrorName(sub), where);
            return;
        }
        byte[] bytes = instructionBytes(s.base(KvmSregs.CS) + r.rip());
        if (bytes.length == 0) {
            e.note = KvmNotes.phrase("emulationFailure", where);
            return;
        }
        Disassembler.Instruction insn = Disassembler.decode(bytes, 0, bytes.length, (int) r.rip());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < insn.length(); i++) b.append(String.format(" %02X", bytes[i] & 0xFF));
        e.note = KvmNotes.phrase("emulationFailure.bytes", where, insn.text(), b.toString());
    }

    /** The bytes KVM reported with the emulation failure, else the bytes in guest memory at the address. */
    private byte[] instructionBytes(long linear) {
        int n = run.emulationFailureInstructionLength();
        byte[] bytes;
        if (n > 0) {
            bytes = new byte[n];
            for (int i = 0; i < n; i++) bytes[i] = (byte) run.emulationFailureInstructionByte(i);
        } else {
            n = (int) Math.max(0, Math.min(IoInstruction.MAX_LENGTH, memory.size() - linear));
            bytes = new byte[n];
            if (n > 0) memory.read(linear, bytes, 0, n);
        }
        return bytes;
    }

    private static Phrase suberrorName(int sub) {
        return KvmNotes.phrase(sub >= 2 && sub <= 4 ? "suberror." + sub : "suberror.unknown");
    }

    private void failEntry(VcpuExit e) {
        long hw = run.failEntryReason();
        e.kvmExit = KvmExitReason.FAIL_ENTRY;
        e.path = ExitPath.EMULATION_FAILURE;
        e.stops = true;
        // on VMX this is the full exit reason with bit 31 (VM-entry failure) set, e.g. 0x80000021 = invalid guest state
        if ((hw & 0x8000_0000L) != 0) e.reason = VmxExitReason.of((int) (hw & 0xFFFF));
        e.note = KvmNotes.phrase("failEntry", hw, run.failEntryCpu());
    }

    private void unexpected(VcpuExit e) {
        int n = run.exitReason();
        KvmExitReason r = KvmExitReason.of(n);
        e.kvmExit = r != null ? r : KvmExitReason.UNKNOWN;
        e.path = ExitPath.EMULATION_FAILURE;
        e.stops = true;
        e.note = KvmNotes.phrase("unhandled", n, r != null ? Phrase.literal(r.constantName()) : KvmNotes.phrase("unhandled.unknown"));
    }
}
