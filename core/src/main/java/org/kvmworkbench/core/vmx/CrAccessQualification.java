package org.kvmworkbench.core.vmx;

/**
 * Exit qualification for control-register accesses (basic exit reason 28): Intel SDM Vol. 3C §28.2.1, table
 * "Exit Qualification for Control-Register Accesses" (Table 28-3 in the 2023 editions):
 * bits 3:0 control register number (0 for CLTS and LMSW); bits 5:4 access type (0 MOV to CR, 1 MOV from CR,
 * 2 CLTS, 3 LMSW); bit 6 LMSW operand type (0 register, 1 memory); bit 7 reserved; bits 11:8 the general-purpose
 * register of MOV CR (0 RAX ... 7 RDI; 0 for CLTS and LMSW); bits 15:12 reserved; bits 31:16 the LMSW source
 * data (0 otherwise); bits 63:32 reserved. Linux: EXIT_REASON_CR_ACCESS = 28 (uapi asm/vmx.h).
 */
public record CrAccessQualification(int cr, int accessType, boolean lmswMemory, int gpr, int lmswSource) {
    public static final int MOV_TO_CR = 0, MOV_FROM_CR = 1, CLTS = 2, LMSW = 3;
    public static final String[] ACCESS_NAMES = {"MOV to CR", "MOV from CR", "CLTS", "LMSW"};

    public CrAccessQualification {
        if (cr < 0 || cr > 15 || accessType < 0 || accessType > 3 || gpr < 0 || gpr > 15 || lmswSource < 0 || lmswSource > 0xFFFF) {
            throw new IllegalArgumentException("field out of range");
        }
    }

    public long encode() {
        return encode(cr, accessType, lmswMemory, gpr, lmswSource);
    }

    public static long encode(int cr, int accessType, boolean lmswMemory, int gpr, int lmswSource) {
        return (cr & 0xF) | (accessType & 3) << 4 | (lmswMemory ? 1 << 6 : 0) | (gpr & 0xF) << 8 | (long) (lmswSource & 0xFFFF) << 16;
    }

    public static CrAccessQualification decode(long q) {
        return new CrAccessQualification((int) (q & 0xF), (int) (q >> 4 & 3), (q & 1 << 6) != 0, (int) (q >> 8 & 0xF),
                (int) (q >>> 16 & 0xFFFF));
    }
}
