package org.kvmworkbench.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Guest-controlled address + length pairs whose sum overflows must be refused, never wrap into RAM. */
class GuestMemoryBoundsTest {
    private final ArrayGuestMemory mem = new ArrayGuestMemory(0x10000);

    @Test
    void containsRefusesARangeWhoseEndWrapsPast2To63() {
        // the descriptor: addr 0x7FFFFFFF_FFFFFF00, len 0x100 -> addr + len = Long.MIN_VALUE
        assertFalse(mem.contains(0x7FFF_FFFF_FFFF_FF00L, 0x100));
        assertFalse(mem.contains(Long.MAX_VALUE, 1));
        assertFalse(mem.contains(1, Long.MAX_VALUE));
        assertFalse(mem.contains(0, 0x10001));
        assertFalse(mem.contains(-1, 1));
        assertFalse(mem.contains(0, -1));
    }

    @Test
    void containsAcceptsExactlyTheRamRanges() {
        assertTrue(mem.contains(0, 0x10000));
        assertTrue(mem.contains(0xFFFF, 1));
        assertTrue(mem.contains(0x10000, 0)); // empty range at the end
        assertFalse(mem.contains(0x10000, 1));
    }

    @Test
    void readsAndWritesWhoseEndOverflowThrowTheGuestMemoryException() {
        byte[] buf = new byte[0x100];
        long wrapping = 0x7FFF_FFFF_FFFF_FF00L;
        assertThrows(GuestMemoryException.class, () -> mem.read(wrapping, buf, 0, 0x100));
        assertThrows(GuestMemoryException.class, () -> mem.write(wrapping, buf, 0, 0x100));
        assertThrows(GuestMemoryException.class, () -> mem.read32(Long.MAX_VALUE - 1));
        assertThrows(GuestMemoryException.class, () -> mem.write16(Long.MAX_VALUE, 0));
        assertThrows(GuestMemoryException.class, () -> mem.read64(Long.MAX_VALUE - 3));
        assertThrows(GuestMemoryException.class, () -> mem.read(0, buf, 0, -1));
        assertThrows(GuestMemoryException.class, () -> mem.read32(0xFFFD));
    }

    @Test
    void accessesAtTheLastBytesStillWork() {
        mem.write32(0xFFFC, 0x11223344);
        assertEquals(0x11223344, mem.read32(0xFFFC));
        assertEquals(0x11, mem.read8(0xFFFF));
    }
}
