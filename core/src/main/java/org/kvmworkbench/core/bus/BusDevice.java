package org.kvmworkbench.core.bus;

/**
 * A device on the port-I/O or MMIO bus. The device never sees its base address: the bus hands it the
 * offset into its window. {@code size} is the access width in bytes (1, 2, 4; 8 for MMIO).
 */
public interface BusDevice {
    /** Value of a read of {@code size} bytes at {@code offset}; bits above {@code size} are ignored. */
    long read(int offset, int size);

    void write(int offset, int size, long value);
}
