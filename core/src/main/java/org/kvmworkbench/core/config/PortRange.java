package org.kvmworkbench.core.config;

/** An inclusive range of I/O ports, written "0x3F8-0x3FF" (or a single port) in config files. */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 0 || last > 0xFFFF || first > last)
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
    }

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    /** "0x3F8-0x3FF", or "0xE9" for a single port. */
    @Override
    public String toString() {
        return first == last ? Numbers.hex(first) : Numbers.hex(first) + "-" + Numbers.hex(last);
    }
}
