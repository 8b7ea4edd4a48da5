package org.kvmworkbench.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BusTest {
    private static final BusDevice DEV = new BusDevice() {
        @Override public long read(int offset, int size) {
            return offset;
        }

        @Override public void write(int offset, int size, long value) {
        }
    };

    @Test
    void findsTheWindowByItsEdges() {
        Bus b = new Bus("port I/O", 0x10000);
        b.insert("uart", 0x3F8, 8, DEV);
        b.insert("debugcon", 0xE9, 1, DEV);
        assertEquals("uart", b.find(0x3F8).name());
        assertEquals("uart", b.find(0x3FF).name());
        assertNull(b.find(0x3F7));
        assertNull(b.find(0x400));
        assertEquals("debugcon", b.find(0xE9).name());
        assertNull(b.find(0xEA));
        assertNull(b.find(0));
    }

    @Test
    void rejectsOverlapZeroLengthAndOverflow() {
        Bus b = new Bus("port I/O", 0x10000);
        b.insert("uart", 0x3F8, 8, DEV);
        BusException e = assertThrows(BusException.class, () -> b.insert("other", 0x3FF, 2, DEV));
        assertTrue(e.getMessage().contains("overlaps uart"), e.getMessage());
        assertThrows(BusException.class, () -> b.insert("below", 0x3F0, 9, DEV));
        assertThrows(BusException.class, () -> b.insert("zero", 0x100, 0, DEV));
        assertThrows(BusException.class, () -> b.insert("top", 0xFFFF, 2, DEV));
        b.insert("adjacent", 0x3F0, 8, DEV);
        assertEquals("adjacent", b.find(0x3F7).name());
    }
}
