package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_pit_config (include/uapi/linux/kvm.h), 64 bytes: u32 flags, 15 u32 of padding. The argument of
 * KVM_CREATE_PIT2; flags KVM_PIT_SPEAKER_DUMMY (1) also claims port 0x61 with a dummy speaker (i8254.c).
 */
public final class PitConfig extends StructView {
    public static final int SIZE = 64, FLAGS = 0;

    public PitConfig(int flags) {
        super(SIZE);
        buf.putInt(FLAGS, flags);
    }
}
