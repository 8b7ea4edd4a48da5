package org.kvmworkbench.kvm.sys;

/** struct kvm_guest_debug (include/uapi/linux/kvm.h), 72 bytes: u32 control, u32 pad, u64 debugreg[8]. */
public final class GuestDebug extends StructView {
    public static final int SIZE = 72, CONTROL = 0, ARCH = 8;

    public GuestDebug(int control) {
        super(SIZE);
        buf.putInt(CONTROL, control);
    }
}
