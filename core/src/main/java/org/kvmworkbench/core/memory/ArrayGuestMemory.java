package org.kvmworkbench.core.memory;

/** Guest RAM on the Java heap; the simulated CPU reads {@link #bytes()} directly on its hot path. */
public final class ArrayGuestMemory implements GuestMemory {
    private final byte[] ram;

    public ArrayGuestMemory(int size) {
        if (size <= 0) throw new IllegalArgumentException("memory size must be positive: " + size);
        this.ram = new byte[size];
    }

    /** The backing array, for the interpreter. Index = guest-physical address. */
    public byte[] bytes() {
        return ram;
    }

    @Override public long size() {
        return ram.length;
    }

    /** {@code [gpa, gpa + len)} inside RAM, compared without forming {@code gpa + len} (it can overflow). */
    private int check(long gpa, int len) {
        if (gpa < 0 || len < 0 || gpa > ram.length - (long) len) throw new GuestMemoryException(gpa, len, ram.length);
        return (int) gpa;
    }

    @Override public int read8(long gpa) {
        return ram[check(gpa, 1)] & 0xFF;
    }

    @Override public int read16(long gpa) {
        int a = check(gpa, 2);
        return (ram[a] & 0xFF) | (ram[a + 1] & 0xFF) << 8;
    }

    @Override public int read32(long gpa) {
        int a = check(gpa, 4);
        return (ram[a] & 0xFF) | (ram[a + 1] & 0xFF) << 8 | (ram[a + 2] & 0xFF) << 16 | (ram[a + 3] & 0xFF) << 24;
    }

    @Override public void write8(long gpa, int value) {
        ram[check(gpa, 1)] = (byte) value;
    }

    @Override public void write16(long gpa, int value) {
        int a = check(gpa, 2);
        ram[a] = (byte) value;
        ram[a + 1] = (byte) (value >>> 8);
    }

    @Override public void write32(long gpa, int value) {
        int a = check(gpa, 4);
        ram[a] = (byte) value;
        ram[a + 1] = (byte) (value >>> 8);
        ram[a + 2] = (byte) (value >>> 16);
        ram[a + 3] = (byte) (value >>> 24);
    }

    @Override public void read(long gpa, byte[] dst, int off, int len) {
        System.arraycopy(ram, check(gpa, len), dst, off, len);
    }

    @Override public void write(long gpa, byte[] src, int off, int len) {
        System.arraycopy(src, off, ram, check(gpa, len), len);
    }

    /** Zero all of RAM (reset). */
    public void clear() {
        java.util.Arrays.fill(ram, (byte) 0);
    }
}
