package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_userspace_memory_region (include/uapi/linux/kvm.h), 32 bytes: u32 slot, u32 flags,
 * u64 guest_phys_addr, u64 memory_size, u64 userspace_addr.
 */
public final class UserspaceMemoryRegion extends StructView {
    public static final int SIZE = 32, SLOT = 0, FLAGS = 4, GUEST_PHYS_ADDR = 8, MEMORY_SIZE = 16, USERSPACE_ADDR = 24;

    public UserspaceMemoryRegion(int slot, long guestPhysical, long size, long userspaceAddress) {
        super(SIZE);
        buf.putInt(SLOT, slot);
        buf.putLong(GUEST_PHYS_ADDR, guestPhysical);
        buf.putLong(MEMORY_SIZE, size);
        buf.putLong(USERSPACE_ADDR, userspaceAddress);
    }
}
