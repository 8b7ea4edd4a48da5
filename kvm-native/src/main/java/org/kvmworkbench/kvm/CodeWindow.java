package org.kvmworkbench.kvm;

import java.util.Arrays;

import org.kvmworkbench.core.memory.GuestMemory;

/**
 * The guest bytes an I/O exit's instruction can occupy, copied out of RAM once per exit: up to
 * {@link IoInstruction#MAX_LENGTH} bytes before a linear address (an OUT that ends there) and up to that many
 * plus an immediate after it (one that starts there), clipped to RAM. {@link ExitDecoder} and {@link IoInstruction}
 * read only through it, so a byte outside RAM is simply not {@link #contains contained}, and the result of
 * decoding depends on nothing but the window's bytes and the exit's fields.
 */
final class CodeWindow {
    static final int BEFORE = IoInstruction.MAX_LENGTH, AFTER = IoInstruction.MAX_LENGTH + 1;

    private byte[] bytes = new byte[BEFORE + AFTER];
    private byte[] previous = new byte[BEFORE + AFTER];
    private long start;
    private int length;
    private long previousStart = -1;
    private int previousLength;

    /** Copies RAM's bytes in [linear - BEFORE, linear + AFTER) (those that exist) into the window. */
    void load(GuestMemory memory, long linear) {
        byte[] swap = previous;
        previous = bytes;
        bytes = swap;
        previousStart = start;
        previousLength = length;
        long size = memory.size();
        long from = linear < BEFORE ? 0 : linear - BEFORE;
        long to = linear > size - AFTER ? size : linear + AFTER; // linear + AFTER could overflow
        start = from;
        length = linear < 0 || from >= to ? 0 : (int) (to - from);
        if (length > 0) memory.read(from, bytes, 0, length);
    }

    /** The window holds the same bytes at the same place as before the last {@link #load}. */
    boolean unchanged() {
        return start == previousStart && length == previousLength
                && Arrays.equals(bytes, 0, length, previous, 0, length);
    }

    boolean contains(long linear) {
        return linear >= start && linear - start < length;
    }

    /** The byte at {@code linear}, which must be {@link #contains contained}. */
    int read8(long linear) {
        return bytes[(int) (linear - start)] & 0xFF;
    }
}
