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

    /**
     * The port bus answers from a per-port table, the MMIO bus by binary search: both must agree with a plain scan
     * of the windows at every address around every edge, including windows at port 0 and 0xFFFF, adjacent windows,
     * windows added after lookups, and a rejected overlap that must leave no trace in the table.
     */
    @Test
    void theTableAndTheSearchAgreeWithAScanAtEveryEdge() {
        java.util.Random rnd = new java.util.Random(17);
        for (int round = 0; round < 40; round++) {
            Bus ports = new Bus("port I/O", 0x10000);
            Bus mmio = new Bus("MMIO", 1L << 52);
            java.util.List<long[]> added = new java.util.ArrayList<>();
            long[][] fixed = {{0, 1}, {0xFFFF, 1}, {0x3F8, 8}, {0x400, 4}, {0x3F0, 8}};
            for (int i = 0; i < 60; i++) {
                long base = i < fixed.length ? fixed[i][0] : rnd.nextInt(0x10000);
                long length = i < fixed.length ? fixed[i][1] : 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 0x400);
                try {
                    ports.insert("w" + i, base, length, DEV);
                } catch (BusException overlapOrPastTheTop) {
                    continue; // refused: the table must not show it (checked below)
                }
                mmio.insert("w" + i, base, length, DEV);
                added.add(new long[] {base, length});
                if (i % 15 == 0) assertAgree(ports, mmio, added); // lookups between insertions
            }
            assertAgree(ports, mmio, added);
        }
    }

    private static void assertAgree(Bus ports, Bus mmio, java.util.List<long[]> added) {
        java.util.Set<Long> probes = new java.util.TreeSet<>(java.util.List.of(-1L, 0L, 0xFFFFL, 0x10000L, 1L << 40));
        for (long[] w : added) for (long d = -1; d <= 1; d++) {
            probes.add(w[0] + d);
            probes.add(w[0] + w[1] - 1 + d);
        }
        for (long p : probes) {
            String expected = null;
            for (Bus.Window w : ports.windows()) if (p >= w.base() && p < w.base() + w.length()) expected = w.name();
            Bus.Window fromTable = ports.find(p), fromSearch = mmio.find(p);
            assertEquals(expected, fromTable == null ? null : fromTable.name(), "port bus at 0x" + Long.toHexString(p));
            assertEquals(expected, fromSearch == null ? null : fromSearch.name(), "MMIO bus at 0x" + Long.toHexString(p));
        }
    }
}
