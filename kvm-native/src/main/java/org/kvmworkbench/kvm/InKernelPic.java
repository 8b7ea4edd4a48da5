package org.kvmworkbench.kvm;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.kvm.sys.IrqchipState;

/**
 * KVM's in-kernel 8259A pair (KVM_CREATE_IRQCHIP, arch/x86/kvm/i8259.c) as the device panel shows it: IRR, ISR and IMR
 * of master and slave, read with KVM_GET_IRQCHIP (struct kvm_pic_state). The guest's accesses to 0x20/0x21,
 * 0xA0/0xA1 and 0x4D0/0x4D1 are finished in the kernel (kvm_pic's PIO device), so this object is on no bus of the
 * board. {@link #reset()} loads the state KVM had right after creation (KVM_SET_IRQCHIP).
 */
final class InKernelPic implements Device {
    private static final Messages M = Messages.of(InKernelPic.class);
    private final KvmVm vm;
    private boolean closed;
    private final IrqchipState master = new IrqchipState(), slave = new IrqchipState();
    private final IrqchipState scratch = new IrqchipState();

    InKernelPic(KvmVm vm) {
        this.vm = vm;
        vm.getIrqchip(IrqchipState.PIC_MASTER, master);
        vm.getIrqchip(IrqchipState.PIC_SLAVE, slave);
    }

    @Override public String name() {
        return InKernelChipNames.PIC;
    }

    @Override public long read(int offset, int size) {
        throw new IllegalStateException("the in-kernel PIC's ports are served by KVM, not by the board");
    }

    @Override public void write(int offset, int size, long value) {
        throw new IllegalStateException("the in-kernel PIC's ports are served by KVM, not by the board");
    }

    /** One snapshot at a time (a GUI thread); each is two VM ioctls, safe beside a running vCPU. */
    @Override public synchronized DeviceSnapshot snapshot() {
        if (closed) return new DeviceSnapshot(name(), List.of(), List.of(M.get("closed")));
        List<DeviceSnapshot.Register> regs = new ArrayList<>();
        List<String> details = new ArrayList<>();
        chip(IrqchipState.PIC_MASTER, M.get("master"), 0, regs, details);
        chip(IrqchipState.PIC_SLAVE, M.get("slave"), 8, regs, details);
        details.add(M.get("source"));
        return new DeviceSnapshot(name(), regs, details);
    }

    private void chip(int id, String which, int firstIrq, List<DeviceSnapshot.Register> regs, List<String> details) {
        vm.getIrqchip(id, scratch);
        int irr = scratch.pic(IrqchipState.PIC_IRR), isr = scratch.pic(IrqchipState.PIC_ISR);
        int imr = scratch.pic(IrqchipState.PIC_IMR);
        regs.add(reg(which + " IRR", irr, M.format("irr", pins(irr, firstIrq))));
        regs.add(reg(which + " ISR", isr, M.format("isr", pins(isr, firstIrq))));
        regs.add(reg(which + " IMR", imr, M.format("imr", pins(imr, firstIrq))));
        regs.add(reg(which + " ELCR", scratch.pic(IrqchipState.PIC_ELCR),
                M.format("elcr", pins(scratch.pic(IrqchipState.PIC_ELCR), firstIrq))));
        int base = scratch.pic(IrqchipState.PIC_IRQ_BASE);
        details.add(M.format("vectors", which, firstIrq, firstIrq + 7, base, base + 7, base,
                scratch.pic(IrqchipState.PIC_AUTO_EOI) != 0 ? M.get("autoEoi") : "",
                scratch.pic(IrqchipState.PIC_INIT_STATE) != 0 ? M.get("initialising") : ""));
    }

    private static String pins(int bits, int firstIrq) {
        if (bits == 0) return M.get("none");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if ((bits & 1 << i) == 0) continue;
            if (b.length() > 0) b.append(", ");
            b.append("IRQ ").append(firstIrq + i);
        }
        return b.toString();
    }

    private static DeviceSnapshot.Register reg(String name, int value, String meaning) {
        return new DeviceSnapshot.Register(name, value, 8, meaning);
    }

    /** Power-on state again (as right after KVM_CREATE_IRQCHIP). */
    @Override public synchronized void reset() {
        if (closed) return;
        vm.setIrqchip(master);
        vm.setIrqchip(slave);
    }

    synchronized void close() {
        closed = true;
        master.close();
        slave.close();
        scratch.close();
    }
}
