package org.kvmworkbench.core.vmx;

/**
 * Exit qualification for EPT violations (basic exit reason 48): Intel SDM Vol. 3C §28.2.1, table
 * "Exit Qualification for EPT Violations": bit 0 data read, bit 1 data write, bit 2 instruction fetch,
 * bits 5:3 whether the guest-physical address was readable / writable / executable in the EPT entries
 * (all 0 for an address with no memory behind it), bit 7 the guest-linear-address field is valid,
 * bit 8 (with bit 7) the access was to the translated linear address rather than a paging structure.
 * An EPT misconfiguration (49) has no exit qualification; only the guest-physical address is saved.
 */
public record EptViolationQualification(boolean read, boolean write, boolean fetch, boolean readable,
                                        boolean writable, boolean executable, boolean linearValid,
                                        boolean translatedAccess) {
    public static final int READ = 1, WRITE = 1 << 1, FETCH = 1 << 2, READABLE = 1 << 3, WRITABLE = 1 << 4,
            EXECUTABLE = 1 << 5, LINEAR_VALID = 1 << 7, TRANSLATED = 1 << 8;

    /** A data access to a guest-physical address that no EPT entry maps (MMIO), from a linear address. */
    public static EptViolationQualification unmappedAccess(boolean write) {
        return new EptViolationQualification(!write, write, false, false, false, false, true, true);
    }

    public long encode() {
        long q = 0;
        if (read) q |= READ;
        if (write) q |= WRITE;
        if (fetch) q |= FETCH;
        if (readable) q |= READABLE;
        if (writable) q |= WRITABLE;
        if (executable) q |= EXECUTABLE;
        if (linearValid) q |= LINEAR_VALID;
        if (translatedAccess) q |= TRANSLATED;
        return q;
    }

    public static EptViolationQualification decode(long q) {
        return new EptViolationQualification((q & READ) != 0, (q & WRITE) != 0, (q & FETCH) != 0,
                (q & READABLE) != 0, (q & WRITABLE) != 0, (q & EXECUTABLE) != 0, (q & LINEAR_VALID) != 0,
                (q & TRANSLATED) != 0);
    }
}
