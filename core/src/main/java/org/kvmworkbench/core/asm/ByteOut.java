package org.kvmworkbench.core.asm;

import java.util.Arrays;

/** A growing byte buffer for one line's encoding. */
final class ByteOut {
    private byte[] buf = new byte[16];
    private int size;

    void u8(long v) {
        if (size == buf.length) buf = Arrays.copyOf(buf, size * 2);
        buf[size++] = (byte) v;
    }

    void u16(long v) {
        u8(v);
        u8(v >> 8);
    }

    void u32(long v) {
        u16(v);
        u16(v >> 16);
    }

    void le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) u8(v >> (8 * i));
    }

    void bytes(byte[] b) {
        for (byte x : b) u8(x);
    }

    int size() {
        return size;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }
}
