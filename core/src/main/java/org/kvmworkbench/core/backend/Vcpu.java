package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.vmx.Vmcs;

/**
 * One virtual CPU on some backend (the simulated core, or real KVM). The VMM loop is:
 * {@link #run} → (userspace exits: {@link ExitDispatcher}) → {@link #resume}.
 */
public interface Vcpu extends AutoCloseable {
    BackendInfo info();

    Machine machine();

    /**
     * Run the guest until its next exit. Returns null if {@code instructionBudget} instructions retired
     * without an exit (the simulator) or the run was interrupted (KVM). Exits KVM finishes in the kernel
     * are returned too where the backend can see them, with {@code kvmExit == null}, already handled.
     */
    VcpuExit run(long instructionBudget);

    /** Complete the exit (IN/MMIO-read data already in the exit) so the next {@link #run} continues the guest. */
    void resume(VcpuExit exit);

    GuestRegisters registers();

    /**
     * The registers into {@code into} in {@link GuestRegisters} order (rax … rbp, rip, rflags, cs, ds, es, ss, fs,
     * gs, cr0), for consumers that must not allocate per exit. Backends override it where they can do so for free.
     */
    default void copyRegisters(long[] into) {
        GuestRegisters r = registers();
        into[0] = r.rax(); into[1] = r.rbx(); into[2] = r.rcx(); into[3] = r.rdx();
        into[4] = r.rsi(); into[5] = r.rdi(); into[6] = r.rsp(); into[7] = r.rbp();
        into[8] = r.rip(); into[9] = r.rflags(); into[10] = r.cs(); into[11] = r.ds();
        into[12] = r.es(); into[13] = r.ss(); into[14] = r.fs(); into[15] = r.gs(); into[16] = r.cr0();
    }

    Vmcs vmcs();

    /** Text of the instruction at CS:IP (for exit labels and the step view). */
    String instructionAt(long csBase, long ip);

    /** Instructions retired so far, or -1 where the backend cannot count them. */
    long instructionsRetired();

    /**
     * Make a run in progress return soon (null) even if the guest spins without exits; callable from any
     * thread. The simulator's runs are bounded by their budget, so there it does nothing.
     */
    default void interrupt() {
    }

    /**
     * Forget an {@link #interrupt()} that no run has consumed yet, so the next run is not cut short by a kick
     * meant for an earlier one. Call on the vCPU thread, between runs.
     */
    default void clearInterrupt() {
    }

    /**
     * Make the next {@link #run} return after one guest instruction (KVM: KVM_SET_GUEST_DEBUG single-step).
     * The simulator does not need it: its run takes an instruction budget.
     */
    default void setSingleStep(boolean on) {
    }

    /** Back to the state right after creation: RAM reloaded, registers at the entry point. */
    void reset();

    @Override void close();
}
