package org.kvmworkbench.core.session;

import java.util.concurrent.atomic.AtomicInteger;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.vmx.Vmcs;

/**
 * Test double for a KVM vCPU whose guest spins inside KVM_RUN: {@link #run} returns (null) only after a kick, which
 * stays pending until a run consumes it, like kvm_run.immediate_exit. With {@link #ignoreKicks} on it cannot be
 * stopped at all. Records whether {@link #close} came while a run was in progress, and on which thread.
 */
final class SpinningVcpu implements Vcpu {
    private final SimulatedVcpu inner;
    final AtomicInteger kicks = new AtomicInteger();
    volatile boolean ignoreKicks;
    volatile boolean inRun;
    volatile boolean closedDuringRun;
    volatile Thread closedOn;
    private volatile boolean kicked;

    SpinningVcpu(SimulatedVcpu inner) {
        this.inner = inner;
    }

    @Override public VcpuExit run(long budget) {
        inRun = true;
        try {
            while (!kicked || ignoreKicks) Thread.onSpinWait();
            kicked = false;
            return null;
        } finally {
            inRun = false;
        }
    }

    @Override public void interrupt() {
        kicks.incrementAndGet();
        kicked = true;
    }

    @Override public void clearInterrupt() {
        kicked = false;
    }

    @Override public void close() {
        closedDuringRun = inRun;
        closedOn = Thread.currentThread();
        inner.close();
    }

    @Override public BackendInfo info() {
        return inner.info();
    }

    @Override public Machine machine() {
        return inner.machine();
    }

    @Override public void resume(VcpuExit exit) {
        inner.resume(exit);
    }

    @Override public GuestRegisters registers() {
        return inner.registers();
    }

    @Override public Vmcs vmcs() {
        return inner.vmcs();
    }

    @Override public String instructionAt(long csBase, long ip) {
        return inner.instructionAt(csBase, ip);
    }

    @Override public long instructionsRetired() {
        return -1;
    }

    @Override public void reset() {
        inner.reset();
    }
}
