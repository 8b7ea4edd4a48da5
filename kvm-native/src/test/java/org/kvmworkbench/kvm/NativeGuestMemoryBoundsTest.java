package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.GuestMemoryException;

/** The mmap'ed RAM refuses an address + length that overflows, as core's ArrayGuestMemory does (no /dev/kvm needed). */
class NativeGuestMemoryBoundsTest {
    @Test
    void anEndThatWrapsPast2To63IsOutsideRam() {
        try (NativeGuestMemory mem = NativeGuestMemory.allocate(4096)) {
            byte[] buf = new byte[0x100];
            long wrapping = 0x7FFF_FFFF_FFFF_FF00L; // + 0x100 = Long.MIN_VALUE
            assertFalse(mem.contains(wrapping, 0x100));
            assertThrows(GuestMemoryException.class, () -> mem.read(wrapping, buf, 0, 0x100));
            assertThrows(GuestMemoryException.class, () -> mem.write(wrapping, buf, 0, 0x100));
            assertThrows(GuestMemoryException.class, () -> mem.read64(Long.MAX_VALUE - 3));
            assertThrows(GuestMemoryException.class, () -> mem.read32(4093));
            mem.write32(4092, 0x55667788);
            assertEquals(0x55667788, mem.read32(4092));
        }
    }
}
