package org.kvmworkbench.core.cpu;

/** Segment register numbers in x86 encoding order (the Sreg field of MOV Sreg, SDM Vol. 2 "MOV" instruction). */
public final class Seg {
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    public static final String[] NAMES = {"es", "cs", "ss", "ds", "fs", "gs"};

    private Seg() {
    }
}
