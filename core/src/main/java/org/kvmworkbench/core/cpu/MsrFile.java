package org.kvmworkbench.core.cpu;

import java.util.Arrays;

/**
 * The model-specific registers the simulated vCPU has. Numbers from the SDM Vol. 4, Table 2-2
 * "IA-32 Architectural MSRs". An MSR not listed here raises #GP(0) on RDMSR/WRMSR, as on hardware.
 */
public final class MsrFile {
    public static final long IA32_TIME_STAMP_COUNTER = 0x10, IA32_APIC_BASE = 0x1B, IA32_SYSENTER_CS = 0x174,
            IA32_SYSENTER_ESP = 0x175, IA32_SYSENTER_EIP = 0x176, IA32_PAT = 0x277, IA32_EFER = 0xC000_0080L,
            IA32_STAR = 0xC000_0081L, IA32_FS_BASE = 0xC000_0100L, IA32_GS_BASE = 0xC000_0101L;

    private static final long[] KNOWN = {IA32_TIME_STAMP_COUNTER, IA32_APIC_BASE, IA32_SYSENTER_CS,
            IA32_SYSENTER_ESP, IA32_SYSENTER_EIP, IA32_PAT, IA32_EFER, IA32_STAR, IA32_FS_BASE, IA32_GS_BASE};
    private final long[] values = new long[KNOWN.length];

    public MsrFile() {
        reset();
    }

    public void reset() {
        Arrays.fill(values, 0);
        // BSP flag (bit 8), APIC global enable (bit 11), base 0xFEE00000: the power-on value (SDM Vol. 3A §12.4.4)
        values[index(IA32_APIC_BASE)] = 0xFEE0_0900L;
        values[index(IA32_PAT)] = 0x0007_0406_0007_0406L; // power-on PAT (SDM Vol. 3A §13.12.4)
    }

    private static int index(long msr) {
        for (int i = 0; i < KNOWN.length; i++) if (KNOWN[i] == msr) return i;
        return -1;
    }

    public boolean exists(long msr) {
        return index(msr) >= 0;
    }

    /** @throws IllegalArgumentException for an MSR the vCPU does not have (the caller raises #GP) */
    public long read(long msr, long tsc) {
        if (msr == IA32_TIME_STAMP_COUNTER) return tsc;
        int i = index(msr);
        if (i < 0) throw new IllegalArgumentException(String.format("no MSR 0x%x", msr));
        return values[i];
    }

    public void write(long msr, long value) {
        int i = index(msr);
        if (i < 0) throw new IllegalArgumentException(String.format("no MSR 0x%x", msr));
        values[i] = value;
    }
}
