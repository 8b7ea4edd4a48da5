package org.kvmworkbench.kvm;

/**
 * An allocation-free decoder for the x86 port I/O instructions (Intel SDM Vol. 2: IN E4/E5/EC/ED, OUT E6/E7/EE/EF,
 * INS 6C/6D, OUTS 6E/6F, after legacy prefixes). kvm_run reports only port, size, direction and count of an I/O
 * exit; the exit qualification's string, REP and operand-encoding bits and the instruction length come from the
 * instruction itself. One instance is reused per exit; the fields describe the last successful {@link #decode}.
 */
final class IoInstruction {
    /** The architectural limit on instruction length. */
    static final int MAX_LENGTH = 15;

    int length;
    boolean in;
    boolean string;
    boolean rep;
    boolean immediate;
    int size;
    /** the immediate port, or -1 for the DX forms */
    int immediatePort;

    /**
     * Decodes the instruction at {@code linear}; false if it is not an I/O instruction or runs past the window (RAM).
     *
     * @param operand32 the code segment's default operand size is 32 bits (CS.D = 1; 0 in real mode)
     */
    boolean decode(CodeWindow mem, long linear, boolean operand32) {
        boolean opsize = false;
        boolean repPrefix = false;
        for (int i = 0; i < MAX_LENGTH; i++) {
            if (!mem.contains(linear + i)) return false;
            int b = mem.read8(linear + i);
            if (isPrefix(b)) {
                if (b == 0x66) opsize = true;
                if (b == 0xF2 || b == 0xF3) repPrefix = true;
                continue;
            }
            int wide = opsize != operand32 ? 4 : 2;
            string = false;
            immediate = false;
            immediatePort = -1;
            switch (b) {
                case 0xE4: case 0xE5: case 0xE6: case 0xE7:
                    if (!mem.contains(linear + i + 1)) return false;
                    immediate = true;
                    immediatePort = mem.read8(linear + i + 1);
                    length = i + 2;
                    break;
                case 0xEC: case 0xED: case 0xEE: case 0xEF:
                    length = i + 1;
                    break;
                case 0x6C: case 0x6D: case 0x6E: case 0x6F:
                    string = true;
                    length = i + 1;
                    break;
                default:
                    return false;
            }
            in = b == 0xE4 || b == 0xE5 || b == 0xEC || b == 0xED || b == 0x6C || b == 0x6D;
            size = (b & 1) == 0 ? 1 : wide;
            rep = string && repPrefix;
            return true;
        }
        return false;
    }

    /** A legacy prefix: operand/address size, REP/REPNE, LOCK, segment override. */
    static boolean isPrefix(int b) {
        switch (b) {
            case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
            case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
                return true;
            default:
                return false;
        }
    }

    /** An I/O opcode with no immediate (IN/OUT with DX, INS, OUTS): the last byte of such an instruction. */
    static boolean isOneByteIoOpcode(int b) {
        return b >= 0xEC && b <= 0xEF || b >= 0x6C && b <= 0x6F;
    }

    /** IN/OUT with an 8-bit immediate port: E4-E7 ib. */
    static boolean isImmediateIoOpcode(int b) {
        return b >= 0xE4 && b <= 0xE7;
    }

    /** The decoded instruction is the one that made an exit for {@code port}, {@code size}, {@code in}. */
    boolean matches(int port, int size, boolean in, long dx) {
        if (this.in != in || this.size != size) return false;
        return immediate ? immediatePort == port : (dx & 0xFFFF) == port;
    }
}
