package org.kvmworkbench.kvm;

import org.kvmworkbench.core.memory.GuestMemory;

/**
 * The guest bytes an I/O exit's instruction can occupy, read out of RAM once per exit: {@link #BEFORE} bytes before
 * a linear address (an OUT that ends there) and {@link #AFTER} from it (one that starts there: up to
 * {@link IoInstruction#MAX_LENGTH} bytes and an immediate), clipped to RAM. {@link ExitDecoder} and
 * {@link IoInstruction} read only through it, so a byte outside RAM is simply not {@link #contains contained}, and
 * what they find depends on nothing but the window and the exit's fields. Held as four little-endian words: away
 * from RAM's ends a load is four bounds-checked 64-bit reads.
 */
final class CodeWindow {
    static final int BEFORE = IoInstruction.MAX_LENGTH, AFTER = 32 - BEFORE;

    private final long[] words = new long[4];
    private long start, length;
    private long previous0, previous1, previous2, previous3, previousStart = -1, previousLength;

    /** Reads RAM's bytes in [linear - BEFORE, linear + AFTER) (those that exist) into the window. */
    void load(GuestMemory memory, long linear) {
        previous0 = words[0];
        previous1 = words[1];
        previous2 = words[2];
        previous3 = words[3];
        previousStart = start;
        previousLength = length;
        long size = memory.size();
        long from = linear < BEFORE ? 0 : linear - BEFORE;
        long to = linear > size - AFTER ? size : linear + AFTER; // linear + AFTER could overflow
        start = from;
        length = linear < 0 || from >= to ? 0 : to - from;
        if (length == 32) {
            for (int i = 0; i < 4; i++) words[i] = memory.read64(from + 8 * i);
            return;
        }
        for (int i = 0; i < 4; i++) words[i] = 0; // a window clipped by RAM's start or end: byte by byte
        for (int i = 0; i < length; i++) words[i >>> 3] |= (long) memory.read8(from + i) << 8 * (i & 7);
    }

    /** The window holds the same bytes at the same place as before the last {@link #load}. */
    boolean unchanged() {
        return start == previousStart && length == previousLength && words[0] == previous0 && words[1] == previous1
                && words[2] == previous2 && words[3] == previous3;
    }

    boolean contains(long linear) {
        return linear >= start && linear - start < length;
    }

    /** The byte at {@code linear}, which must be {@link #contains contained}. */
    int read8(long linear) {
        int i = (int) (linear - start);
        return (int) (words[i >>> 3] >>> 8 * (i & 7)) & 0xFF;
    }
}
