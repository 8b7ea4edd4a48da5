package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_irqfd (include/uapi/linux/kvm.h), 32 bytes: u32 fd, u32 gsi, u32 flags, u32 resamplefd, 16 bytes of
 * padding. The argument of KVM_IRQFD: a write to the eventfd {@code fd} then pulses GSI {@code gsi} inside the
 * kernel (irqfd_inject: level 1, then 0), so a device thread raises an edge interrupt with one write(2).
 */
public final class IrqFd extends StructView {
    public static final int SIZE = 32, FD = 0, GSI = 4, FLAGS = 8, RESAMPLEFD = 12;

    /** Assign {@code eventFd} to {@code gsi} (or, with {@code deassign}, remove that pairing). */
    public IrqFd(int eventFd, int gsi, boolean deassign) {
        super(SIZE);
        buf.putInt(FD, eventFd);
        buf.putInt(GSI, gsi);
        buf.putInt(FLAGS, deassign ? KvmIoctls.KVM_IRQFD_FLAG_DEASSIGN : 0);
    }
}
