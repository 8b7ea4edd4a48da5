package org.kvmworkbench.kvm;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.kvm.sys.PitState2;

/**
 * KVM's in-kernel 8254 (KVM_CREATE_PIT2, arch/x86/kvm/i8254.c) as the device panel shows it: each counter's reload
 * value, mode, access mode and gate, read with KVM_GET_PIT2 (struct kvm_pit_state2). Ports 0x40-0x43 and 0x61 are
 * finished in the kernel, so this object is on no bus. Counter 0 drives GSI 0 from a host hrtimer
 * (pit_timer_fn, pit_do_work) at KVM_PIT_FREQ = 1193181 Hz / count.
 */
final class InKernelPit implements Device {
    private static final Messages M = Messages.of(InKernelPit.class);
    /** i8254.h KVM_PIT_FREQ (Linux's own PIT_TICK_RATE, include/linux/timex.h, is 1193182). */
    static final double KVM_PIT_FREQ = 1193181;
    // rw_mode 1..3 (RW_STATE_LSB, _MSB, _WORD0 in arch/x86/kvm/i8254.c) are the bundle's access.1..3

    private final KvmVm vm;
    private boolean closed;
    private final PitState2 powerOn = new PitState2(), scratch = new PitState2();

    InKernelPit(KvmVm vm) {
        this.vm = vm;
        vm.getPit2(powerOn);
    }

    @Override public String name() {
        return InKernelChipNames.PIT;
    }

    @Override public long read(int offset, int size) {
        throw new IllegalStateException("the in-kernel PIT's ports are served by KVM, not by the board");
    }

    @Override public void write(int offset, int size, long value) {
        throw new IllegalStateException("the in-kernel PIT's ports are served by KVM, not by the board");
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        if (closed) return new DeviceSnapshot(name(), List.of(), List.of(M.get("closed")));
        vm.getPit2(scratch);
        List<DeviceSnapshot.Register> regs = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            long count = scratch.count(c);
            int mode = scratch.u8(c, PitState2.MODE), rw = scratch.u8(c, PitState2.RW_MODE);
            regs.add(new DeviceSnapshot.Register(M.format("count", c), count, 32,
                    count == 0 ? "0" : M.format("reload", count, KVM_PIT_FREQ / count)));
            regs.add(new DeviceSnapshot.Register(M.format("mode", c), mode, 8, M.format("mode.value", mode)
                    + (rw >= 1 && rw <= 3 ? M.get("access." + rw) : "") + (scratch.u8(c, PitState2.BCD) != 0
                    ? ", BCD" : "") + M.format("gate", scratch.u8(c, PitState2.GATE))));
        }
        details.add(M.get("output"));
        details.add(M.format("source", scratch.flags()));
        return new DeviceSnapshot(name(), regs, details);
    }

    /** Power-on state again (as right after KVM_CREATE_PIT2): stops a programmed counter 0. */
    @Override public synchronized void reset() {
        if (closed) return;
        vm.setPit2(powerOn);
    }

    synchronized void close() {
        closed = true;
        powerOn.close();
        scratch.close();
    }
}
