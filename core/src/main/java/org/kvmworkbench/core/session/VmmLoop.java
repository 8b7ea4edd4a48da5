package org.kvmworkbench.core.session;

import org.kvmworkbench.core.backend.ExitDispatcher;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.exit.NoteText;
import org.kvmworkbench.core.kvm.ExitPath;

/**
 * The VMM's run loop, one exit at a time, the same for every backend:
 * guest instruction → exit → (kernel-handled, or userspace: {@link ExitDispatcher} → device) → resume.
 * Single-threaded: {@link Session} drives it from its vCPU thread, the CLI from main.
 */
public final class VmmLoop {
    /** What one call to {@link #step} did. */
    public enum Step { NO_EXIT, EXIT, FINISHED }

    private static final org.kvmworkbench.core.i18n.Phrase NO_DEVICE = NoteText.phrase("noDevice");

    private final Vcpu vcpu;
    private final ExitDispatcher dispatcher = new ExitDispatcher();
    private final ExitStats stats = new ExitStats();
    private ExitListener listener;
    private RawExitListener rawListener;
    private long seq;
    private RunOutcome outcome;
    private org.kvmworkbench.core.i18n.Phrase outcomeDetail = org.kvmworkbench.core.i18n.Phrase.NONE;
    private ExitRecord last;
    /** The last exit, handled but not yet resumed: between steps the VM rests at its exit, as a debugger shows it. */
    private VcpuExit pendingResume;

    public VmmLoop(Vcpu vcpu) {
        this.vcpu = vcpu;
    }

    public void setListener(ExitListener listener) {
        this.listener = listener;
    }

    /** Sees each exit before any record is made (the compact trace); null for none. */
    public void setRawListener(RawExitListener rawListener) {
        this.rawListener = rawListener;
    }

    /**
     * Resume the previous exit (if any), then run until the next exit, or until {@code budget} instructions
     * retired without one. The new exit is handled (kernel or device) but its VM entry waits for the next step,
     * so between steps registers and VMCS show the VM at its exit.
     * After {@link Step#FINISHED}, {@link #outcome()} says why.
     */
    public Step step(long budget) {
        if (outcome != null) return Step.FINISHED;
        if (pendingResume != null) {
            VcpuExit p = pendingResume;
            pendingResume = null;
            vcpu.resume(p); // VM entry for the previous exit
        }
        vcpu.machine().serviceHeldOutput();
        VcpuExit e = vcpu.run(budget);
        if (e == null) return Step.NO_EXIT;
        if (e.path == ExitPath.USERSPACE_HLT && (vcpu.registers().rflags() & (1 << 9)) == 0) {
            e.stops = true;
            e.path = ExitPath.USERSPACE_HLT_FINAL;
        } else if (e.path.reachesUserspace() && !e.stops) {
            if (!dispatcher.dispatch(e, vcpu.machine())) e.note = NoteText.join(NO_DEVICE, e.note);
        }
        seq++;
        if (e.path.isVmExit()) stats.count(e.reason, e.kvmExit != null, e.hostReason); // an injection is an entry
        if (rawListener != null) rawListener.onExit(seq, e, vcpu);
        if (listener != null) {
            last = record(e);
            listener.onExit(last);
        }
        if (e.stops) {
            finish(e);
            return Step.FINISHED;
        }
        pendingResume = e;
        return Step.EXIT;
    }

    private void finish(VcpuExit e) {
        switch (e.path) {
            case USERSPACE_SHUTDOWN: outcome = RunOutcome.SHUTDOWN; break;
            case EMULATION_FAILURE: outcome = RunOutcome.EMULATION_FAILURE; break;
            case KERNEL_HLT: case HALTED_IN_GUEST: outcome = RunOutcome.BLOCKED; break;
            default: outcome = RunOutcome.HALTED;
        }
        outcomeDetail = e.note;
    }

    /** The immutable record of the exit just taken (registers as at the exit). */
    public ExitRecord record(VcpuExit e) {
        GuestRegisters regs = vcpu.registers();
        long csBase = (long) regs.cs() << 4;
        long ip = e.instructionIp >= 0 ? e.instructionIp : regs.rip(); // KVM may have moved RIP past the instruction
        return new ExitRecord(seq, e.reason, e.qualification, e.instructionLength, e.guestPhysical, e.guestLinear,
                e.interruptionInfo, e.svm, e.kvmExit, e.path, e.access(), regs, vcpu.instructionAt(csBase, ip),
                e.note, vcpu.instructionsRetired(), e.measuredNanos, e.hostReason);
    }

    /** End the run from outside the guest (limits, the user). */
    public void stop(RunOutcome why, String detail) {
        if (outcome == null) {
            outcome = why;
            outcomeDetail = org.kvmworkbench.core.i18n.Phrase.literal(detail);
        }
    }

    /**
     * Back to the start, a fresh VM: the vCPU and its devices are reset (instructions retired back to 0), and
     * everything this loop counted is zeroed: exit sequence numbers start at 1 again, the statistics are empty,
     * there is no last exit and no outcome.
     */
    public void reset() {
        pendingResume = null;
        vcpu.reset();
        seq = 0;
        stats.clear();
        last = null;
        outcome = null;
        outcomeDetail = org.kvmworkbench.core.i18n.Phrase.NONE;
    }

    public RunOutcome outcome() {
        return outcome;
    }

    public String outcomeDetail() {
        return outcomeDetail.english();
    }

    /** {@link #outcomeDetail()} as words said when shown (the window's language). */
    public org.kvmworkbench.core.i18n.Phrase outcomeWords() {
        return outcomeDetail;
    }

    /** A consistent copy of the exit counts, from any thread (see {@link ExitStats}). */
    public ExitStats stats() {
        return stats.snapshot();
    }

    public long exits() {
        return seq;
    }

    public ExitRecord lastRecord() {
        return last;
    }

    public Vcpu vcpu() {
        return vcpu;
    }
}
