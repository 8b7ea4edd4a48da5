package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_irq_level (include/uapi/linux/kvm.h), 8 bytes: a union of u32 irq (the GSI) / s32 status at 0,
 * u32 level at 4. The argument of KVM_IRQ_LINE. One per line, reused for every raise and lower.
 */
public final class IrqLevel extends StructView {
    public static final int SIZE = 8, IRQ = 0, LEVEL = 4;

    public IrqLevel(int gsi) {
        super(SIZE);
        buf.putInt(IRQ, gsi);
    }

    public void level(boolean high) {
        buf.putInt(LEVEL, high ? 1 : 0);
    }
}
