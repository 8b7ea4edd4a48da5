package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_ioeventfd (include/uapi/linux/kvm.h), 64 bytes: u64 datamatch, u64 addr, u32 len, s32 fd,
 * u32 flags, 36 bytes of padding.
 */
public final class IoEventFd extends StructView {
    public static final int SIZE = 64, DATAMATCH = 0, ADDR = 8, LEN = 16, FD = 20, FLAGS = 24;

    /** A port-I/O doorbell: a write of {@code len} bytes equal to {@code datamatch} to {@code port} signals {@code fd}. */
    public static IoEventFd pio(int port, int len, long datamatch, int fd) {
        IoEventFd e = new IoEventFd();
        e.buf.putLong(DATAMATCH, datamatch);
        e.buf.putLong(ADDR, port);
        e.buf.putInt(LEN, len);
        e.buf.putInt(FD, fd);
        e.buf.putInt(FLAGS, KvmIoctls.KVM_IOEVENTFD_FLAG_PIO | KvmIoctls.KVM_IOEVENTFD_FLAG_DATAMATCH);
        return e;
    }

    /**
     * An MMIO doorbell: a write of {@code len} bytes equal to {@code datamatch} to guest-physical {@code gpa}
     * signals {@code fd}. Without KVM_IOEVENTFD_FLAG_PIO the address is on KVM's MMIO bus (KVM_MMIO_BUS; with
     * len 0 it would be the fast-MMIO bus, which ignores the data).
     */
    public static IoEventFd mmio(long gpa, int len, long datamatch, int fd) {
        IoEventFd e = new IoEventFd();
        e.buf.putLong(DATAMATCH, datamatch);
        e.buf.putLong(ADDR, gpa);
        e.buf.putInt(LEN, len);
        e.buf.putInt(FD, fd);
        e.buf.putInt(FLAGS, KvmIoctls.KVM_IOEVENTFD_FLAG_DATAMATCH);
        return e;
    }

    private IoEventFd() {
        super(SIZE);
    }
}
