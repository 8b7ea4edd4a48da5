package org.kvmworkbench.core.vmx;

/**
 * Exit qualification for I/O instructions (basic exit reason 30): Intel SDM Vol. 3C §28.2.1,
 * table "Exit Qualification for I/O Instructions":
 * bits 2:0 size of access − 1 (0 = 1 byte, 1 = 2 bytes, 3 = 4 bytes); bit 3 direction (0 = OUT, 1 = IN);
 * bit 4 string instruction (INS/OUTS); bit 5 REP prefixed; bit 6 operand encoding (0 = DX, 1 = immediate);
 * bits 15:7 reserved (0); bits 31:16 port number; bits 63:32 reserved (0).
 */
public record IoExitQualification(int size, boolean in, boolean string, boolean rep, boolean immediate, int port) {
    public static final int SIZE_MASK = 0x7, DIRECTION_IN = 1 << 3, STRING = 1 << 4, REP = 1 << 5,
            OPERAND_IMMEDIATE = 1 << 6, PORT_SHIFT = 16;

    public IoExitQualification {
        if (size != 1 && size != 2 && size != 4) throw new IllegalArgumentException("I/O size must be 1, 2 or 4: " + size);
        if (port < 0 || port > 0xFFFF) throw new IllegalArgumentException("port out of range: " + port);
    }

    public long encode() {
        return encode(size, in, string, rep, immediate, port);
    }

    /** The same encoding without building a record (the simulator's per-exit path). */
    public static long encode(int size, boolean in, boolean string, boolean rep, boolean immediate, int port) {
        long q = size - 1;
        if (in) q |= DIRECTION_IN;
        if (string) q |= STRING;
        if (rep) q |= REP;
        if (immediate) q |= OPERAND_IMMEDIATE;
        return q | ((long) port << PORT_SHIFT);
    }

    public static IoExitQualification decode(long q) {
        return new IoExitQualification((int) (q & SIZE_MASK) + 1, (q & DIRECTION_IN) != 0, (q & STRING) != 0,
                (q & REP) != 0, (q & OPERAND_IMMEDIATE) != 0, (int) ((q >>> PORT_SHIFT) & 0xFFFF));
    }
}
