package org.kvmworkbench.core.cpu;

/** General-purpose register numbers in x86 encoding order (SDM Vol. 2, Table 2-1/2-2). */
public final class Reg {
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    public static final String[] NAMES32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    public static final String[] NAMES16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    public static final String[] NAMES8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};

    private Reg() {
    }
}
