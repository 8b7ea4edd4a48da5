package org.kvmworkbench.core.config;

/**
 * A virtio console: legacy virtio-pci I/O BAR on the port bus ({@code transport: pio}, the default), or legacy
 * virtio-mmio ({@code transport: mmio}) at a guest-physical {@code address} outside RAM.
 * @param port      first port of the window (pio only; ignored for mmio)
 * @param ioeventfd register the QueueNotify doorbell with KVM_IOEVENTFD, so the kick completes in the
 *                  kernel instead of exiting to userspace
 * @param address   guest-physical base of the MMIO window, page-aligned (mmio only; 0 for pio)
 */
public record VirtioConsoleConfig(int port, boolean ioeventfd, Transport transport, long address)
        implements DeviceConfig {
    public static final String TYPE = "virtio-console";
    public static final int DEFAULT_PORT = 0xC000;
    public static final int WINDOW = 0x20;
    /** Bytes of the virtio-mmio window. */
    public static final int MMIO_WINDOW = 0x200;
    public static final long DEFAULT_MMIO_ADDRESS = 0xD0000;

    /** How the driver reaches the device. */
    public enum Transport { PIO, MMIO }

    public VirtioConsoleConfig {
        if (transport == null) transport = Transport.PIO;
        if (transport == Transport.PIO) {
            DeviceConfig.checkWindow(TYPE, port, WINDOW);
            address = 0;
        } else {
            if (address < 0 || address % VmConfig.PAGE_SIZE != 0 || address + MMIO_WINDOW > (1L << 32))
                throw new IllegalArgumentException(TYPE + " MMIO window at " + Numbers.hex(address)
                        + " must be page-aligned and below 4 GiB");
            port = 0;
        }
    }

    /** A console on the port transport. */
    public VirtioConsoleConfig(int port, boolean ioeventfd) {
        this(port, ioeventfd, Transport.PIO, 0);
    }

    /** A console on the MMIO transport at {@code address}. */
    public static VirtioConsoleConfig mmio(long address, boolean ioeventfd) {
        return new VirtioConsoleConfig(0, ioeventfd, Transport.MMIO, address);
    }

    public static VirtioConsoleConfig defaults() {
        return new VirtioConsoleConfig(DEFAULT_PORT, false);
    }

    /** Same device with ioeventfd switched. */
    public VirtioConsoleConfig withIoeventfd(boolean on) {
        return new VirtioConsoleConfig(port, on, transport, address);
    }

    public boolean mmio() {
        return transport == Transport.MMIO;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int windowLength() {
        return mmio() ? MMIO_WINDOW : WINDOW;
    }

    @Override
    public boolean onPortBus() {
        return !mmio();
    }
}
