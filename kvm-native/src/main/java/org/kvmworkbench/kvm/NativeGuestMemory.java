package org.kvmworkbench.kvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

import org.kvmworkbench.core.memory.GuestMemory;
import org.kvmworkbench.core.memory.GuestMemoryException;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * Guest RAM as an anonymous, page-aligned mmap that KVM maps into the guest (a memory slot) and the device
 * models read and write through a little-endian ByteBuffer view. Bounds-checked like core's ArrayGuestMemory.
 * Safe to use from the vCPU thread and a device thread at once (absolute accesses only); after {@link #close()}
 * every access throws instead of touching the unmapped range.
 */
public final class NativeGuestMemory implements GuestMemory, AutoCloseable {
    private static final ByteBuffer CLOSED = ByteBuffer.allocate(0);

    private final long address;
    private final int size;
    private volatile ByteBuffer ram;

    private NativeGuestMemory(long address, int size) {
        this.address = address;
        this.size = size;
        this.ram = new Pointer(address).getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Maps {@code size} bytes (a multiple of 4 KiB) of zeroed anonymous memory. */
    public static NativeGuestMemory allocate(long size) {
        if (size <= 0 || size % 4096 != 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("guest RAM must be a positive multiple of 4 KiB below 2 GiB: " + size);
        }
        try {
            long a = LibC.mmap(0, size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
            return new NativeGuestMemory(a, (int) size);
        } catch (LastErrorException e) {
            throw KvmException.of("mmap guest RAM", e);
        }
    }

    /** The host virtual address of guest-physical 0 (the memory slot's userspace_addr). */
    public long address() {
        return address;
    }

    @Override public long size() {
        return size;
    }

    private ByteBuffer at(long gpa, int len) {
        ByteBuffer b = ram;
        if (gpa < 0 || len < 0 || gpa > b.capacity() - (long) len) { // gpa + len could overflow
            throw new GuestMemoryException(gpa, len, b == CLOSED ? 0 : size);
        }
        return b;
    }

    @Override public int read8(long gpa) {
        return at(gpa, 1).get((int) gpa) & 0xFF;
    }

    @Override public int read16(long gpa) {
        return at(gpa, 2).getShort((int) gpa) & 0xFFFF;
    }

    @Override public int read32(long gpa) {
        return at(gpa, 4).getInt((int) gpa);
    }

    @Override public long read64(long gpa) {
        return at(gpa, 8).getLong((int) gpa);
    }

    @Override public void write8(long gpa, int value) {
        at(gpa, 1).put((int) gpa, (byte) value);
    }

    @Override public void write16(long gpa, int value) {
        at(gpa, 2).putShort((int) gpa, (short) value);
    }

    @Override public void write32(long gpa, int value) {
        at(gpa, 4).putInt((int) gpa, value);
    }

    @Override public void write64(long gpa, long value) {
        at(gpa, 8).putLong((int) gpa, value);
    }

    @Override public void read(long gpa, byte[] dst, int off, int len) {
        at(gpa, len).get((int) gpa, dst, off, len);
    }

    @Override public void write(long gpa, byte[] src, int off, int len) {
        at(gpa, len).put((int) gpa, src, off, len);
    }

    /** Unmaps the RAM; the VM that used it must be closed first. */
    @Override public synchronized void close() {
        if (ram == CLOSED) return;
        ram = CLOSED;
        Fds.munmap(address, size);
    }
}
