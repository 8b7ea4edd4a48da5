package org.kvmworkbench.kvm;

import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.vmx.Provenance;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;
import org.kvmworkbench.kvm.sys.KvmRegs;
import org.kvmworkbench.kvm.sys.KvmSregs;

/**
 * What userspace can say about a VMCS: nothing read from it (KVM never exposes a VMCS, and a PVM host has none).
 * Guest-state fields are filled from KVM's kvm_regs/kvm_sregs ({@link Provenance#READ_FROM_KVM}); the exit
 * reason, qualification, instruction length and addresses are worked out from kvm_run by the SDM's rules
 * ({@link Provenance#DERIVED}); every other field is {@link Provenance#NOT_VISIBLE}. Refreshed lazily, once per
 * exit at most, when someone looks.
 */
final class DerivedVmcs {
    /** kvm_sregs slots and the matching VMCS selector/base/limit/access-rights fields. */
    private static final int[] SEGMENTS = {KvmSregs.ES, KvmSregs.CS, KvmSregs.SS, KvmSregs.DS, KvmSregs.FS, KvmSregs.GS};
    private static final VmcsField[][] SEGMENT_FIELDS = {
        {VmcsField.GUEST_ES_SELECTOR, VmcsField.GUEST_ES_BASE, VmcsField.GUEST_ES_LIMIT, VmcsField.GUEST_ES_AR_BYTES},
        {VmcsField.GUEST_CS_SELECTOR, VmcsField.GUEST_CS_BASE, VmcsField.GUEST_CS_LIMIT, VmcsField.GUEST_CS_AR_BYTES},
        {VmcsField.GUEST_SS_SELECTOR, VmcsField.GUEST_SS_BASE, VmcsField.GUEST_SS_LIMIT, VmcsField.GUEST_SS_AR_BYTES},
        {VmcsField.GUEST_DS_SELECTOR, VmcsField.GUEST_DS_BASE, VmcsField.GUEST_DS_LIMIT, VmcsField.GUEST_DS_AR_BYTES},
        {VmcsField.GUEST_FS_SELECTOR, VmcsField.GUEST_FS_BASE, VmcsField.GUEST_FS_LIMIT, VmcsField.GUEST_FS_AR_BYTES},
        {VmcsField.GUEST_GS_SELECTOR, VmcsField.GUEST_GS_BASE, VmcsField.GUEST_GS_LIMIT, VmcsField.GUEST_GS_AR_BYTES},
    };
    private static final VmcsField[] OTHER_GUEST_FIELDS = {VmcsField.GUEST_LDTR_SELECTOR, VmcsField.GUEST_TR_SELECTOR,
        VmcsField.GUEST_RIP, VmcsField.GUEST_RSP, VmcsField.GUEST_RFLAGS, VmcsField.GUEST_CR0, VmcsField.GUEST_CR3,
        VmcsField.GUEST_CR4, VmcsField.GUEST_IA32_EFER, VmcsField.GUEST_GDTR_BASE, VmcsField.GUEST_GDTR_LIMIT,
        VmcsField.GUEST_IDTR_BASE, VmcsField.GUEST_IDTR_LIMIT};
    private static final VmcsField[] EXIT_FIELDS = {VmcsField.VM_EXIT_REASON, VmcsField.EXIT_QUALIFICATION,
        VmcsField.VM_EXIT_INSTRUCTION_LEN, VmcsField.GUEST_PHYSICAL_ADDRESS, VmcsField.GUEST_LINEAR_ADDRESS,
        VmcsField.VM_ENTRY_INTR_INFO_FIELD};

    private final Vmcs vmcs = new Vmcs(Provenance.NOT_VISIBLE);
    private boolean fresh;

    DerivedVmcs() {
        for (VmcsField[] seg : SEGMENT_FIELDS) for (VmcsField f : seg) vmcs.setProvenance(f, Provenance.READ_FROM_KVM);
        for (VmcsField f : OTHER_GUEST_FIELDS) vmcs.setProvenance(f, Provenance.READ_FROM_KVM);
        for (VmcsField f : EXIT_FIELDS) vmcs.setProvenance(f, Provenance.DERIVED);
    }

    /** A new exit happened: the next {@link #refresh} rewrites the fields. */
    void stale() {
        fresh = false;
    }

    /** The VMCS as of {@code exit} (null before the first one). */
    Vmcs refresh(GuestState state, VcpuExit exit) {
        if (fresh) return vmcs;
        vmcs.beginExit();
        KvmRegs r = state.regs();
        KvmSregs s = state.sregs();
        for (int i = 0; i < SEGMENTS.length; i++) {
            int seg = SEGMENTS[i];
            vmcs.set(SEGMENT_FIELDS[i][0], s.selector(seg));
            vmcs.set(SEGMENT_FIELDS[i][1], s.base(seg));
            vmcs.set(SEGMENT_FIELDS[i][2], s.limit(seg));
            vmcs.set(SEGMENT_FIELDS[i][3], s.vmxAccessRights(seg));
        }
        vmcs.set(VmcsField.GUEST_LDTR_SELECTOR, s.selector(KvmSregs.LDT));
        vmcs.set(VmcsField.GUEST_TR_SELECTOR, s.selector(KvmSregs.TR));
        vmcs.set(VmcsField.GUEST_RIP, r.rip());
        vmcs.set(VmcsField.GUEST_RSP, r.get(KvmRegs.RSP));
        vmcs.set(VmcsField.GUEST_RFLAGS, r.rflags());
        vmcs.set(VmcsField.GUEST_CR0, s.get(KvmSregs.CR0));
        vmcs.set(VmcsField.GUEST_CR3, s.get(KvmSregs.CR3));
        vmcs.set(VmcsField.GUEST_CR4, s.get(KvmSregs.CR4));
        vmcs.set(VmcsField.GUEST_IA32_EFER, s.get(KvmSregs.EFER));
        vmcs.set(VmcsField.GUEST_GDTR_BASE, s.tableBase(KvmSregs.GDT));
        vmcs.set(VmcsField.GUEST_GDTR_LIMIT, s.tableLimit(KvmSregs.GDT));
        vmcs.set(VmcsField.GUEST_IDTR_BASE, s.tableBase(KvmSregs.IDT));
        vmcs.set(VmcsField.GUEST_IDTR_LIMIT, s.tableLimit(KvmSregs.IDT));
        vmcs.set(VmcsField.VM_ENTRY_INTR_INFO_FIELD, entryInterruptionInfo(exit));
        if (exit != null && exit.reason != null) {
            vmcs.set(VmcsField.VM_EXIT_REASON, exit.reason.number());
            vmcs.set(VmcsField.EXIT_QUALIFICATION, exit.qualification);
            vmcs.set(VmcsField.VM_EXIT_INSTRUCTION_LEN, exit.instructionLength);
            if (exit.guestPhysical >= 0) vmcs.set(VmcsField.GUEST_PHYSICAL_ADDRESS, exit.guestPhysical);
            if (exit.guestLinear >= 0) vmcs.set(VmcsField.GUEST_LINEAR_ADDRESS, exit.guestLinear);
        }
        fresh = true;
        return vmcs;
    }

    /**
     * The VM-entry interruption-information field (0x4016) as of {@code exit}: the injection step's value (from the
     * trace's kvm_inj_virq), else 0: every VM exit clears its valid bit (SDM Vol. 3C ch. 28).
     */
    static long entryInterruptionInfo(VcpuExit exit) {
        return exit != null && exit.path != null && !exit.path.isVmExit() ? exit.interruptionInfo & 0xFFFF_FFFFL : 0;
    }

    /** The VMCS without refreshing it (for threads other than the vCPU's). */
    Vmcs current() {
        return vmcs;
    }
}
