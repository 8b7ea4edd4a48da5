package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.vmx.CrAccessQualification;

/**
 * Which control- and debug-register accesses Linux's KVM on Intel VT-x intercepts, and what its handlers leave
 * behind. CR0/CR4: the guest/host masks own every bit but the guest-owned ones (KVM_POSSIBLE_CR0_GUEST_BITS,
 * KVM_POSSIBLE_CR4_GUEST_BITS in arch/x86/kvm/kvm_cache_regs.h) and the read shadows hold the guest's values, so a
 * MOV to CR0/CR4 or an LMSW exits only when it changes a KVM-owned bit (SDM Vol. 3C §26.1.3); MOV from CR0/CR4 and
 * SMSW read the shadow and never exit, CLTS touches only TS, which the guest owns; CR3 exiting is off with EPT and
 * unrestricted guest. handle_cr carries the access out (kvm_set_cr0, kvm_set_cr4, kvm_lmsw): here the guest runs the
 * instruction again with the intercept passed over once, which leaves the same state. MOV DR: handle_dr (svm.c:
 * dr_interception) clears MOV-DR exiting, sets KVM_DEBUGREG_WONT_EXIT and re-enters on the same instruction, which
 * then runs in the guest; the next VM exit of any kind re-arms it (vmx_sync_dirty_debug_regs).
 */
final class RegisterIntercepts {
    /** KVM_POSSIBLE_CR0_GUEST_BITS = X86_CR0_TS | X86_CR0_WP. */
    static final long CR0_GUEST_OWNED = Cpu.CR0_TS | Cpu.CR0_WP;
    /** KVM_POSSIBLE_CR4_GUEST_BITS: PVI (1), TSD (2), DE (3), PGE (7), PCE (8), OSFXSR (9), OSXMMEXCPT (10), FSGSBASE (16). */
    static final long CR4_GUEST_OWNED = 1L << 1 | 1L << 2 | 1L << 3 | 1L << 7 | 1L << 8 | 1L << 9 | 1L << 10 | 1L << 16;

    private final boolean crAccess;
    private final boolean movDr;
    private final Cpu cpu;
    /** handle_cr carried the access out: the instruction the guest re-runs does not exit again. */
    private boolean crCompleted;
    /** handle_dr turned MOV-DR exiting off until the next VM exit (KVM_DEBUGREG_WONT_EXIT). */
    private boolean drOwnedByGuest;

    RegisterIntercepts(Controls controls, Cpu cpu) {
        this.crAccess = controls.crAccess();
        this.movDr = controls.movDr();
        this.cpu = cpu;
    }

    /** The interpreter's question, with the value the access would write (see ExitControls#crAccessExits). */
    boolean crAccessExits(int cr, int accessType, long value) {
        if (!crAccess) return false;
        if (crCompleted) {
            crCompleted = false;
            return false;
        }
        switch (accessType) {
            case CrAccessQualification.MOV_TO_CR:
                if (cr == 0) return ((value ^ cpu.cr0) & ~CR0_GUEST_OWNED) != 0;
                return cr == 4 && ((value ^ cpu.cr4) & ~CR4_GUEST_OWNED) != 0;
            case CrAccessQualification.LMSW: // only PE MP EM TS can change; it never clears PE (SDM Vol. 3C §26.1.3)
                return ((value ^ cpu.cr0) & 0xF & ~CR0_GUEST_OWNED) != 0;
            default:
                return false;
        }
    }

    boolean movDrExiting() {
        return movDr && !drOwnedByGuest;
    }

    /** handle_cr has carried the access out (the guest runs it once more, without the intercept). */
    void crHandled() {
        crCompleted = true;
    }

    /** handle_dr / dr_interception: MOV-DR exiting off, re-enter on the same instruction. */
    void drHandled() {
        drOwnedByGuest = true;
    }

    /** A VM exit happened: true if it re-armed MOV-DR exiting (vmx_sync_dirty_debug_regs). */
    boolean vmExit() {
        crCompleted = false;
        boolean rearm = drOwnedByGuest;
        drOwnedByGuest = false;
        return rearm;
    }
}
