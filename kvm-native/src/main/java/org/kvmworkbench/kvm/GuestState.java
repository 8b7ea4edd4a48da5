package org.kvmworkbench.kvm;

import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.KvmRegs;
import org.kvmworkbench.kvm.sys.KvmRun;
import org.kvmworkbench.kvm.sys.KvmSregs;

/**
 * The guest's registers as of the last exit. With KVM_CAP_SYNC_REGS KVM copies kvm_regs and kvm_sregs into
 * kvm_run at every exit (store_regs in arch/x86/kvm/x86.c), so reading them costs no ioctl; otherwise (and after
 * a reset or an interrupted run) KVM_GET_REGS / KVM_GET_SREGS fill the same kvm_run area on demand. On this
 * project's PVM host each of those ioctls costs about 4.7 µs, as much as half an exit, hence the sync area.
 */
final class GuestState {
    /** CR0 after RESET: CD | NW | ET (SDM Vol. 3A §10.1.1), as KVM and the simulator start. */
    static final long CR0_AT_RESET = 0x6000_0010L;
    /** A real-mode IVT: 256 vectors of 4 bytes at 0, as the simulator starts. */
    static final int IVT_LIMIT = 0x3FF;
    /** RFLAGS with only the always-one bit 1 set. */
    static final long RFLAGS_RESERVED = 2;

    private final KvmVcpu vcpu;
    private final boolean sync;
    private final KvmRegs regs;
    private final KvmSregs sregs;
    private final KvmSregs initialSregs = new KvmSregs();
    private boolean fresh;

    GuestState(KvmVcpu vcpu, boolean syncRegs) {
        this.vcpu = vcpu;
        this.sync = syncRegs;
        KvmRun run = vcpu.kvmRun();
        this.regs = run.syncRegs();
        this.sregs = run.syncSregs();
        if (syncRegs) run.setValidRegs(KvmIoctls.KVM_SYNC_X86_REGS | KvmIoctls.KVM_SYNC_X86_SREGS);
        vcpu.getSregs(initialSregs); // KVM's RESET state: segment types and flags already fit real mode
    }

    /** Real mode at CS:IP = entry: every segment base = selector * 16, limit 0xFFFF, IVT at 0, RFLAGS = 2. */
    void resetTo(Entry entry) {
        initialSregs.setRealModeSegment(KvmSregs.CS, entry.cs());
        for (int seg : new int[] {KvmSregs.DS, KvmSregs.ES, KvmSregs.FS, KvmSregs.GS, KvmSregs.SS}) {
            initialSregs.setRealModeSegment(seg, 0);
        }
        initialSregs.setTable(KvmSregs.IDT, 0, IVT_LIMIT);
        initialSregs.set(KvmSregs.CR0, CR0_AT_RESET);
        vcpu.setSregs(initialSregs);
        regs.clear();
        regs.set(KvmRegs.RIP, entry.ip());
        regs.set(KvmRegs.RFLAGS, RFLAGS_RESERVED);
        vcpu.setRegs(regs);
        fresh = false;
    }

    /** After KVM_RUN: the sync area holds this exit's registers (if sync regs are on and the run did exit). */
    void afterRun(boolean exited) {
        fresh = sync && exited;
    }

    KvmRegs regs() {
        ensureFresh();
        return regs;
    }

    KvmSregs sregs() {
        ensureFresh();
        return sregs;
    }

    private void ensureFresh() {
        if (fresh) return;
        vcpu.getRegs(regs);
        vcpu.getSregs(sregs);
        fresh = true;
    }

    void release() {
        initialSregs.close();
    }

    GuestRegisters registers() {
        KvmRegs r = regs();
        KvmSregs s = sregs();
        return new GuestRegisters(r.get(KvmRegs.RAX), r.get(KvmRegs.RBX), r.get(KvmRegs.RCX), r.get(KvmRegs.RDX),
                r.get(KvmRegs.RSI), r.get(KvmRegs.RDI), r.get(KvmRegs.RSP), r.get(KvmRegs.RBP), r.rip(), r.rflags(),
                s.selector(KvmSregs.CS), s.selector(KvmSregs.DS), s.selector(KvmSregs.ES), s.selector(KvmSregs.SS),
                s.selector(KvmSregs.FS), s.selector(KvmSregs.GS), s.get(KvmSregs.CR0));
    }
}
