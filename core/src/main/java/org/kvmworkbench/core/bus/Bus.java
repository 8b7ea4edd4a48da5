package org.kvmworkbench.core.bus;

import java.util.Map;
import java.util.TreeMap;

/**
 * A sorted map of address windows to devices (Firecracker's {@code Bus}, without its locking: one vCPU).
 * Used for the port-I/O space and for the MMIO space. A bus as small as the port space also keeps a table with
 * one entry per address, so the lookup every port exit makes is one array load instead of a binary search.
 */
public final class Bus {
    /** One device window. */
    public record Window(long base, long length, String name, BusDevice device) {
        public boolean contains(long addr) {
            return addr >= base && addr - base < length;
        }
    }

    /** The largest bus that gets a per-address table: the 64 Ki x86 port space (256 KiB of references). */
    static final long DIRECT_TABLE_LIMIT = 0x10000;

    private final String busName;
    private final long limit;
    /** The window at each address, for a bus up to {@link #DIRECT_TABLE_LIMIT} long; null on a larger bus. */
    private final Window[] direct;
    private final TreeMap<Long, Window> windows = new TreeMap<>();
    // the same windows as sorted arrays, for a lookup that allocates nothing (one per exit)
    private long[] bases = new long[0];
    private Window[] sorted = new Window[0];

    /** @param limit one past the highest address on this bus (0x10000 for ports). */
    public Bus(String busName, long limit) {
        this.busName = busName;
        this.limit = limit;
        this.direct = limit <= DIRECT_TABLE_LIMIT ? new Window[(int) limit] : null;
    }

    public void insert(String name, long base, long length, BusDevice device) {
        if (length <= 0) throw new BusException(name + ": window length must be positive on the " + busName + " bus");
        if (base < 0 || base + length > limit || base + length < base)
            throw new BusException(String.format("%s: window 0x%x+0x%x does not fit the %s bus (limit 0x%x)",
                    name, base, length, busName, limit));
        Map.Entry<Long, Window> below = windows.floorEntry(base + length - 1);
        if (below != null && below.getValue().base() + below.getValue().length() > base) {
            Window w = below.getValue();
            throw new BusException(String.format("%s: window 0x%x-0x%x overlaps %s at 0x%x-0x%x on the %s bus",
                    name, base, base + length - 1, w.name(), w.base(), w.base() + w.length() - 1, busName));
        }
        Window added = new Window(base, length, name, device);
        windows.put(base, added);
        if (direct != null) java.util.Arrays.fill(direct, (int) base, (int) (base + length), added);
        sorted = windows.values().toArray(new Window[0]);
        bases = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) bases[i] = sorted[i].base();
    }

    /** The window holding {@code addr}, or null. */
    public Window find(long addr) {
        if (direct != null) return addr >= 0 && addr < limit ? direct[(int) addr] : null;
        int i = java.util.Arrays.binarySearch(bases, addr);
        if (i < 0) i = -i - 2; // the window starting below addr
        if (i < 0) return null;
        Window w = sorted[i];
        return w.contains(addr) ? w : null;
    }

    public Iterable<Window> windows() {
        return windows.values();
    }
}
