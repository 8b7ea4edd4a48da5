package org.kvmworkbench.core.asm;

import java.util.Locale;

/** The registers a real-mode program names, with their encoding number (Intel SDM Vol. 2, Table 2-1/3-1). */
enum Register {
    AL(8, 0), CL(8, 1), DL(8, 2), BL(8, 3), AH(8, 4), CH(8, 5), DH(8, 6), BH(8, 7),
    AX(16, 0), CX(16, 1), DX(16, 2), BX(16, 3), SP(16, 4), BP(16, 5), SI(16, 6), DI(16, 7),
    EAX(32, 0), ECX(32, 1), EDX(32, 2), EBX(32, 3), ESP(32, 4), EBP(32, 5), ESI(32, 6), EDI(32, 7),
    ES(0, 0), CS(0, 1), SS(0, 2), DS(0, 3), FS(0, 4), GS(0, 5),
    CR0(-1, 0), CR2(-1, 2), CR3(-1, 3), CR4(-1, 4),
    DR0(-2, 0), DR1(-2, 1), DR2(-2, 2), DR3(-2, 3), DR6(-2, 6), DR7(-2, 7);

    /** Operand width in bits; 0 for segment registers, -1 for control registers, -2 for debug registers. */
    final int bits;
    final int code;

    Register(int bits, int code) {
        this.bits = bits;
        this.code = code;
    }

    boolean isSegment() {
        return bits == 0;
    }

    boolean isControl() {
        return bits == -1;
    }

    boolean isDebug() {
        return bits == -2;
    }

    boolean isGeneral() {
        return bits > 0;
    }

    static Register byName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
