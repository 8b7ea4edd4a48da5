package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;

/**
 * The processor's "save guest state" step of a VM exit (Intel SDM Vol. 3C §28.3): the guest-state area of the
 * simulator's VMCS gets the CPU's registers. RIP, RSP and RFLAGS are written at every exit; the 32 other fields
 * (segments, control registers, EFER, GDTR, IDTR) rarely change, so they are written again only when the CPU's
 * {@link Cpu#systemStateVersion()} moved since the last save (comparing all 32 values at every exit cost a fifth of
 * the exit round trip). The VMCS ends up with exactly what writing every field would give ({@link Vmcs#set} stamps a
 * field as changed only when its value changes), provided this is the only writer of those fields, as it is for
 * {@link SimulatedVcpu}'s VMCS, and every write of them moves the version (GuestStateAtExitTest checks both).
 */
final class GuestStateSaver {
    // guest segment fields in segment-register order (ES CS SS DS FS GS)
    private static final VmcsField[] SEL = {VmcsField.GUEST_ES_SELECTOR, VmcsField.GUEST_CS_SELECTOR,
            VmcsField.GUEST_SS_SELECTOR, VmcsField.GUEST_DS_SELECTOR, VmcsField.GUEST_FS_SELECTOR, VmcsField.GUEST_GS_SELECTOR};
    private static final VmcsField[] BASE = {VmcsField.GUEST_ES_BASE, VmcsField.GUEST_CS_BASE, VmcsField.GUEST_SS_BASE,
            VmcsField.GUEST_DS_BASE, VmcsField.GUEST_FS_BASE, VmcsField.GUEST_GS_BASE};
    private static final VmcsField[] LIMIT = {VmcsField.GUEST_ES_LIMIT, VmcsField.GUEST_CS_LIMIT, VmcsField.GUEST_SS_LIMIT,
            VmcsField.GUEST_DS_LIMIT, VmcsField.GUEST_FS_LIMIT, VmcsField.GUEST_GS_LIMIT};
    private static final VmcsField[] AR = {VmcsField.GUEST_ES_AR_BYTES, VmcsField.GUEST_CS_AR_BYTES,
            VmcsField.GUEST_SS_AR_BYTES, VmcsField.GUEST_DS_AR_BYTES, VmcsField.GUEST_FS_AR_BYTES, VmcsField.GUEST_GS_AR_BYTES};

    private final Vmcs vmcs;
    private final Cpu cpu;
    /** {@link Cpu#systemStateVersion()} at the last full save; {@link #saved} false until there was one. */
    private long savedVersion;
    private boolean saved;

    GuestStateSaver(Vmcs vmcs, Cpu cpu) {
        this.vmcs = vmcs;
        this.cpu = cpu;
    }

    /** Save the guest state into the VMCS (inside the caller's write section). */
    void save() {
        if (!saved || cpu.systemStateVersion() != savedVersion) saveSystemState();
        vmcs.set(VmcsField.GUEST_RIP, cpu.eip & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_RSP, cpu.gpr[Reg.ESP] & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_RFLAGS, cpu.eflags() & 0xFFFF_FFFFL);
    }

    private void saveSystemState() {
        Cpu c = cpu;
        for (int s = 0; s < 6; s++) {
            vmcs.set(SEL[s], c.selector[s]);
            vmcs.set(BASE[s], c.segBase[s] & 0xFFFF_FFFFL);
            vmcs.set(LIMIT[s], c.segLimit[s] & 0xFFFF_FFFFL);
            vmcs.set(AR[s], c.segAccess[s]);
        }
        vmcs.set(VmcsField.GUEST_CR0, c.cr0);
        vmcs.set(VmcsField.GUEST_CR3, c.cr3);
        vmcs.set(VmcsField.GUEST_CR4, c.cr4);
        vmcs.set(VmcsField.GUEST_IA32_EFER, c.efer);
        vmcs.set(VmcsField.GUEST_GDTR_BASE, c.gdtrBase & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_GDTR_LIMIT, c.gdtrLimit);
        vmcs.set(VmcsField.GUEST_IDTR_BASE, c.idtrBase & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_IDTR_LIMIT, c.idtrLimit);
        savedVersion = c.systemStateVersion();
        saved = true;
    }
}
