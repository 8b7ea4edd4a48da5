package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;

/**
 * The processor's "save guest state" step of a VM exit (Intel SDM Vol. 3C §28.3): the guest-state area of the
 * simulator's VMCS gets the CPU's registers. RIP, RSP and RFLAGS are written at every exit; the 32 other fields
 * (segments, control registers, EFER, GDTR, IDTR) rarely change, so they are compared against a copy of what the
 * last save wrote and written only when one differs. The VMCS ends up with exactly what writing every field would
 * give ({@link Vmcs#set} stamps a field as changed only when its value changes), provided this is the only writer
 * of those fields, as it is for {@link SimulatedVcpu}'s VMCS.
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
    /** What the last full save wrote, as the CPU held it; {@link #saved} false until there was one. */
    private final int[] selector = new int[6], segBase = new int[6], segLimit = new int[6], segAccess = new int[6];
    private long cr0, cr3, cr4, efer;
    private int gdtrBase, gdtrLimit, idtrBase, idtrLimit;
    private boolean saved;

    GuestStateSaver(Vmcs vmcs, Cpu cpu) {
        this.vmcs = vmcs;
        this.cpu = cpu;
    }

    /** Save the guest state into the VMCS (inside the caller's write section). */
    void save() {
        if (!saved || !unchanged()) saveRarelyChanged();
        vmcs.set(VmcsField.GUEST_RIP, cpu.eip & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_RSP, cpu.gpr[Reg.ESP] & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_RFLAGS, cpu.eflags() & 0xFFFF_FFFFL);
    }

    /** One pass without early exits: the common case is "nothing changed", so every value is compared anyway. */
    private boolean unchanged() {
        Cpu c = cpu;
        int[] sel = c.selector, base = c.segBase, limit = c.segLimit, ar = c.segAccess;
        int diff = 0;
        for (int s = 0; s < 6; s++) {
            diff |= (sel[s] ^ selector[s]) | (base[s] ^ segBase[s]) | (limit[s] ^ segLimit[s]) | (ar[s] ^ segAccess[s]);
        }
        diff |= (c.gdtrBase ^ gdtrBase) | (c.gdtrLimit ^ gdtrLimit) | (c.idtrBase ^ idtrBase) | (c.idtrLimit ^ idtrLimit);
        long wide = (c.cr0 ^ cr0) | (c.cr3 ^ cr3) | (c.cr4 ^ cr4) | (c.efer ^ efer);
        return (diff | wide) == 0;
    }

    private void saveRarelyChanged() {
        Cpu c = cpu;
        for (int s = 0; s < 6; s++) {
            vmcs.set(SEL[s], c.selector[s]);
            vmcs.set(BASE[s], c.segBase[s] & 0xFFFF_FFFFL);
            vmcs.set(LIMIT[s], c.segLimit[s] & 0xFFFF_FFFFL);
            vmcs.set(AR[s], c.segAccess[s]);
            selector[s] = c.selector[s];
            segBase[s] = c.segBase[s];
            segLimit[s] = c.segLimit[s];
            segAccess[s] = c.segAccess[s];
        }
        vmcs.set(VmcsField.GUEST_CR0, cr0 = c.cr0);
        vmcs.set(VmcsField.GUEST_CR3, cr3 = c.cr3);
        vmcs.set(VmcsField.GUEST_CR4, cr4 = c.cr4);
        vmcs.set(VmcsField.GUEST_IA32_EFER, efer = c.efer);
        vmcs.set(VmcsField.GUEST_GDTR_BASE, (gdtrBase = c.gdtrBase) & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_GDTR_LIMIT, gdtrLimit = c.gdtrLimit);
        vmcs.set(VmcsField.GUEST_IDTR_BASE, (idtrBase = c.idtrBase) & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.GUEST_IDTR_LIMIT, idtrLimit = c.idtrLimit);
        saved = true;
    }
}
