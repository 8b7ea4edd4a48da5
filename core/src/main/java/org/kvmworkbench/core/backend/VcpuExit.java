package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * The exit a vCPU just took, filled in place by the backend and reused (the simulator's and the KVM run
 * loop's hot paths allocate nothing per exit). For an IN or MMIO read the dispatcher writes the device's
 * answer into {@link #data} before the backend resumes the guest.
 */
public final class VcpuExit {
    public VmxExitReason reason;
    public long qualification;
    public int instructionLength;
    /** IP (CS-relative) of the exiting instruction when the backend knows it and it differs from RIP; else -1 */
    public long instructionIp = -1;
    public long guestPhysical = -1, guestLinear = -1;
    public int interruptionInfo;
    public String svm = "";
    /**
     * The exit as the host's own hardware named it, when that is not VMX: on an AMD SVM host the VMCB EXITCODE (as
     * {@link #svm} labels it, e.g. "SVM_EXIT_NPF (0x400)"), and {@link #reason} is then the VMX equivalent. "" where
     * the VMX reason is the native one (Intel hosts, the simulator's model) or there is none (PVM).
     */
    public String hostReason = "";
    /** null when KVM finished the exit in the kernel */
    public KvmExitReason kvmExit;
    public ExitPath path;
    /** what the guest touched: null kind = no device access */
    public Access.Kind accessKind;
    public long address;
    public int size, count;
    public boolean write;
    public long[] data;
    /** true when the VM cannot continue after this exit (shutdown, emulation failure, final halt) */
    public boolean stops;
    /** what happened, as a key and values (NoteText, KvmNotes) formatted only when read */
    public org.kvmworkbench.core.i18n.Phrase note = org.kvmworkbench.core.i18n.Phrase.NONE;
    public long measuredNanos = -1;

    public void clear() {
        reason = null;
        qualification = 0;
        instructionLength = 0;
        instructionIp = -1;
        guestPhysical = guestLinear = -1;
        interruptionInfo = 0;
        svm = "";
        hostReason = "";
        kvmExit = null;
        path = null;
        accessKind = null;
        address = 0;
        size = count = 0;
        write = false;
        stops = false;
        note = org.kvmworkbench.core.i18n.Phrase.NONE;
        measuredNanos = -1;
    }

    /** An immutable copy of the access, or null. */
    public Access access() {
        if (accessKind == null) return null;
        return new Access(accessKind, address, size, write, count, java.util.Arrays.copyOf(data, count));
    }
}
