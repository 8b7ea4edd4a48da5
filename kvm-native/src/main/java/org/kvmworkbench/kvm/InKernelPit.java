package org.kvmworkbench.kvm;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.kvm.sys.PitState2;

/**
 * KVM's in-kernel 8254 (KVM_CREATE_PIT2, arch/x86/kvm/i8254.c) as the device panel shows it: each counter's reload
 * value, mode, access mode and gate, read with KVM_GET_PIT2 (struct kvm_pit_state2). Ports 0x40-0x43 and 0x61 are
 * finished in the kernel, so this object is on no bus. Counter 0 drives GSI 0 from a host hrtimer
 * (pit_timer_fn, pit_do_work) at KVM_PIT_FREQ = 1193181 Hz / count.
 */
final class InKernelPit implements Device {
    /** i8254.h KVM_PIT_FREQ (Linux's own PIT_TICK_RATE, include/linux/timex.h, is 1193182). */
    static final double KVM_PIT_FREQ = 1193181;
    private static final String[] ACCESS = {"latch", "LSB", "MSB", "LSB then MSB"};

    private final KvmVm vm;
    private boolean closed;
    private final PitState2 powerOn = new PitState2(), scratch = new PitState2();

    InKernelPit(KvmVm vm) {
        this.vm = vm;
        vm.getPit2(powerOn);
    }

    @Override public String name() {
        return "8254 PIT (in-kernel, KVM_GET_PIT2)";
    }

    @Override public long read(int offset, int size) {
        throw new IllegalStateException("the in-kernel PIT's ports are served by KVM, not by the board");
    }

    @Override public void write(int offset, int size, long value) {
        throw new IllegalStateException("the in-kernel PIT's ports are served by KVM, not by the board");
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        if (closed) return new DeviceSnapshot(name(), List.of(), List.of("the VM is closed"));
        vm.getPit2(scratch);
        List<DeviceSnapshot.Register> regs = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            long count = scratch.count(c);
            int mode = scratch.u8(c, PitState2.MODE), rw = scratch.u8(c, PitState2.RW_MODE);
            regs.add(new DeviceSnapshot.Register("counter " + c + " count", count, 32,
                    count == 0 ? "0" : String.format("reload %d: %.2f Hz if running", count, KVM_PIT_FREQ / count)));
            regs.add(new DeviceSnapshot.Register("counter " + c + " mode", mode, 8, "mode " + mode
                    + (rw >= 1 && rw <= 3 ? ", access " + ACCESS[rw] : "") + (scratch.u8(c, PitState2.BCD) != 0
                    ? ", BCD" : "") + ", gate " + scratch.u8(c, PitState2.GATE)));
        }
        details.add("counter 0 output -> IRQ 0 (GSI 0), pulsed by the kernel's PIT worker");
        details.add(String.format("flags 0x%x; source: KVM_GET_PIT2 (struct kvm_pit_state2), measured on this host's KVM",
                scratch.flags()));
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
