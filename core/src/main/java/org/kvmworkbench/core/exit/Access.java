package org.kvmworkbench.core.exit;

import java.util.Arrays;

/**
 * The device access an exit carries: a port (PIO) or guest-physical address (MMIO), the element size,
 * the direction, and every element's value ({@code count > 1} only for string I/O).
 */
public record Access(Kind kind, long address, int size, boolean write, int count, long[] data) {
    public enum Kind { PIO, MMIO }

    public Access {
        data = data.clone();
    }

    public long value() {
        return data.length == 0 ? 0 : data[0];
    }

    @Override public long[] data() {
        return data.clone();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Access a && a.kind == kind && a.address == address && a.size == size && a.write == write
                && a.count == count && Arrays.equals(a.data, data);
    }

    @Override public int hashCode() {
        return Arrays.hashCode(data) * 31 + Long.hashCode(address);
    }

    @Override public String toString() {
        String where = kind == Kind.PIO ? String.format("port 0x%X", address) : String.format("gpa 0x%X", address);
        return String.format("%s %s %d×%d bytes %s", kind, where, count, size, write ? "write" : "read");
    }
}
