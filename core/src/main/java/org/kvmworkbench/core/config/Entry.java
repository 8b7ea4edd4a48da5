package org.kvmworkbench.core.config;

/** Real-mode CS:IP where the guest starts. */
public record Entry(int cs, int ip) {
    public Entry {
        if (cs < 0 || cs > 0xFFFF || ip < 0 || ip > 0xFFFF)
            throw new IllegalArgumentException(String.format("entry %x:%x does not fit 16 bits", cs, ip));
    }

    /** cs * 16 + ip; can reach 0x10FFEF, past 1 MiB (no A20 masking here). */
    public long linearAddress() {
        return ((long) cs << 4) + ip;
    }
}
