package org.kvmworkbench.core.exit;

import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * One VM exit, immutable, as the GUI, the ring buffer and the trace see it.
 *
 * @param reason         VMX basic exit reason (SDM Vol. 3D App. C); null for a stop that is not a VM exit
 * @param qualification  exit qualification, encoded as the SDM defines it for this reason (0 where undefined)
 * @param guestPhysical  guest-physical address field (EPT exits), or -1 where undefined
 * @param guestLinear    guest-linear address field (string I/O, EPT exits), or -1 where undefined
 * @param svm            what an AMD host's VMCB EXITCODE would say for the same event, e.g. "SVM_EXIT_IOIO (0x07b)"
 * @param kvmExit        the KVM_EXIT_* userspace saw, or null when KVM finished the exit in the kernel
 * @param access         the device access, or null
 * @param instruction    the guest instruction's text
 * @param note           what happened, a key and values said when read (e.g. "CPUID leaf 0x40000000 → KVMKVMKVM");
 *                       a note read back from a trace is its English text ({@link Phrase#literal})
 * @param measuredNanos  measured time in KVM_RUN for this exit (KVM backend), or -1 when not measured
 * @param hostReason     the exit as the host's own hardware named it when that is not VMX (an AMD host's EXITCODE,
 *                       e.g. "SVM_EXIT_NPF (0x400)"; {@code reason} is then the VMX equivalent), else ""
 */
public record ExitRecord(long seq, VmxExitReason reason, long qualification, int instructionLength,
                         long guestPhysical, long guestLinear, int interruptionInfo, String svm,
                         KvmExitReason kvmExit, ExitPath path, Access access, GuestRegisters regs,
                         String instruction, Phrase note, long instructionsRetired, long measuredNanos,
                         String hostReason) {

    public ExitRecord {
        hostReason = hostReason == null ? "" : hostReason;
        note = note == null ? Phrase.NONE : note;
    }

    /** An exit whose VMX reason is the native one (Intel hosts, the simulator). */
    public ExitRecord(long seq, VmxExitReason reason, long qualification, int instructionLength,
                      long guestPhysical, long guestLinear, int interruptionInfo, String svm,
                      KvmExitReason kvmExit, ExitPath path, Access access, GuestRegisters regs,
                      String instruction, Phrase note, long instructionsRetired, long measuredNanos) {
        this(seq, reason, qualification, instructionLength, guestPhysical, guestLinear, interruptionInfo, svm, kvmExit,
                path, access, regs, instruction, note, instructionsRetired, measuredNanos, "");
    }

    /** The host's own name for this exit is an SVM exit code, not the VMX reason. */
    public boolean svmNative() {
        return !hostReason.isEmpty();
    }

    /** What the host itself reported: "SVM_EXIT_NPF (0x400)" on AMD, else {@link #reasonLabel()}. */
    public String primaryLabel() {
        return svmNative() ? hostReason : reasonLabel();
    }

    /** The other vendor's name for it: "VMX 48 EPT violation" on AMD, else the SVM code ("" if none). */
    public String secondaryLabel() {
        if (svmNative()) return reason == null ? "" : "VMX " + reasonLabel();
        return svm == null ? "" : svm;
    }

    public boolean reachedUserspace() {
        return kvmExit != null;
    }

    /** "30 I/O instruction" */
    public String reasonLabel() {
        return reason == null ? "(no VM exit)" : reason.number() + " " + reason.sdmName();
    }
}
