package org.kvmworkbench.core.memory;

/**
 * Guest-physical RAM as devices see it. Little-endian, bounds-checked: an access any byte of which lies outside
 * {@code [0, size())} (a negative address, a negative length, or an end past RAM, compared without overflow) throws
 * {@link GuestMemoryException} instead of touching anything.
 * The simulator's CPU uses {@link ArrayGuestMemory} directly; the KVM backend wraps its mmap'ed region.
 */
public interface GuestMemory {
    long size();

    int read8(long gpa);

    int read16(long gpa);

    int read32(long gpa);

    void write8(long gpa, int value);

    void write16(long gpa, int value);

    void write32(long gpa, int value);

    void read(long gpa, byte[] dst, int off, int len);

    void write(long gpa, byte[] src, int off, int len);

    default long read64(long gpa) {
        return (read32(gpa) & 0xFFFF_FFFFL) | ((long) read32(gpa + 4) << 32);
    }

    default void write64(long gpa, long value) {
        write32(gpa, (int) value);
        write32(gpa + 4, (int) (value >>> 32));
    }

    /**
     * Whether {@code [gpa, gpa + len)} lies inside RAM. Both come from the guest (a descriptor's addr and len), so
     * the sum is never formed: {@code gpa + len} can wrap past 2^63 and look small.
     */
    default boolean contains(long gpa, long len) {
        return gpa >= 0 && len >= 0 && len <= size() && gpa <= size() - len;
    }
}
