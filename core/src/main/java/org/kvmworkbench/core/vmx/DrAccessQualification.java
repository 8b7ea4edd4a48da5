package org.kvmworkbench.core.vmx;

/**
 * Exit qualification for MOV DR (basic exit reason 29): Intel SDM Vol. 3C §28.2.1, table "Exit Qualification for
 * MOV DR" (Table 28-4 in the 2023 editions): bits 2:0 debug register number; bit 3 reserved; bit 4 direction
 * (0 MOV to DR, 1 MOV from DR); bits 7:5 reserved; bits 11:8 the general-purpose register (0 RAX ... 7 RDI);
 * bits 63:12 reserved. Linux: EXIT_REASON_DR_ACCESS = 29 (uapi asm/vmx.h).
 */
public record DrAccessQualification(int dr, boolean fromDr, int gpr) {
    public static final int DIRECTION_FROM_DR = 1 << 4;

    public DrAccessQualification {
        if (dr < 0 || dr > 7 || gpr < 0 || gpr > 15) throw new IllegalArgumentException("field out of range");
    }

    public long encode() {
        return encode(dr, fromDr, gpr);
    }

    public static long encode(int dr, boolean fromDr, int gpr) {
        return (dr & 7) | (fromDr ? DIRECTION_FROM_DR : 0) | (gpr & 0xF) << 8;
    }

    public static DrAccessQualification decode(long q) {
        return new DrAccessQualification((int) (q & 7), (q & DIRECTION_FROM_DR) != 0, (int) (q >> 8 & 0xF));
    }
}
