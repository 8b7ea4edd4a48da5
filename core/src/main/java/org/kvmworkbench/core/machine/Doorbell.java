package org.kvmworkbench.core.machine;

import org.kvmworkbench.core.device.VirtioConsole;

/**
 * A virtqueue doorbell registered with KVM_IOEVENTFD: a write of {@code datamatch} ({@code size} bytes) to
 * {@code address} (a port, or with {@code mmio} a guest-physical address) signals an eventfd in the kernel instead
 * of exiting to userspace; the device thread then calls {@link VirtioConsole#notify(int)}.
 */
public record Doorbell(long address, int size, int datamatch, VirtioConsole device, boolean mmio) {
    /** A port-I/O doorbell. */
    public Doorbell(int port, int size, int datamatch, VirtioConsole device) {
        this(port, size, datamatch, device, false);
    }

    /** The port of a port-I/O doorbell. */
    public int port() {
        return (int) address;
    }

    /** Does a port write of {@code size} bytes of {@code value} to {@code port} ring this (PIO) doorbell? */
    public boolean matches(int port, int size, long value) {
        return !mmio && this.address == port && this.size == size && (value & 0xFFFF) == datamatch;
    }

    /** Does an MMIO write ring this (MMIO) doorbell? */
    public boolean matchesMmio(long gpa, int size, long value) {
        long mask = size >= 8 ? -1L : (1L << (8 * size)) - 1;
        return mmio && this.address == gpa && this.size == size && (value & mask) == datamatch;
    }
}
