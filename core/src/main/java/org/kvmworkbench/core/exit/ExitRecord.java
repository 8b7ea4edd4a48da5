package org.kvmworkbench.core.exit;

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
 * @param note           what happened, in a phrase (e.g. "CPUID leaf 0x40000000 → KVMKVMKVM")
 * @param measuredNanos  measured time in KVM_RUN for this exit (KVM backend), or -1 when not measured
 */
public record ExitRecord(long seq, VmxExitReason reason, long qualification, int instructionLength,
                         long guestPhysical, long guestLinear, int interruptionInfo, String svm,
                         KvmExitReason kvmExit, ExitPath path, Access access, GuestRegisters regs,
                         String instruction, String note, long instructionsRetired, long measuredNanos) {

    public boolean reachedUserspace() {
        return kvmExit != null;
    }

    /** "30 I/O instruction" */
    public String reasonLabel() {
        return reason == null ? "(no VM exit)" : reason.number() + " " + reason.sdmName();
    }
}
