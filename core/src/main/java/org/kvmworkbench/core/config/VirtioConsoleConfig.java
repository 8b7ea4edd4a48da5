package org.kvmworkbench.core.config;

/**
 * A virtio console: legacy virtio-pci I/O BAR on the port bus ({@code transport: pio}, the default), or legacy
 * virtio-mmio ({@code transport: mmio}) at a guest-physical {@code address} outside RAM.
 * @param port      first port of the window (pio only; ignored for mmio)
 * @param ioeventfd register the QueueNotify doorbell with KVM_IOEVENTFD, so the kick completes in the
 *                  kernel instead of exiting to userspace
 * @param address   guest-physical base of the MMIO window, page-aligned (mmio only; 0 for pio)
 * @param irq       the interrupt line (IRQ n of the 8259A pair, GSI n on KVM) its ISR drives; see {@link #DEFAULT_IRQ}
 */
public record VirtioConsoleConfig(int port, boolean ioeventfd, Transport transport, long address, int irq)
        implements DeviceConfig {
    public static final String TYPE = "virtio-console";
    public static final int DEFAULT_PORT = 0xC000;
    public static final int WINDOW = 0x20;
    /** Bytes of the virtio-mmio window. */
    public static final int MMIO_WINDOW = 0x200;
    public static final long DEFAULT_MMIO_ADDRESS = 0xD0000;
    /**
     * IRQ 5: the first line a PC/AT board leaves free (0 timer, 1 keyboard, 2 cascade, 3/4 serial ports), and the
     * first one kvmtool hands out to its devices (irq__alloc_line starts at KVM_IRQ_OFFSET 5).
     */
    public static final int DEFAULT_IRQ = 5;

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
        org.kvmworkbench.core.i18n.Phrase irqProblem = irqProblem(irq);
        if (irqProblem != null) throw new IllegalArgumentException(TYPE + " " + irqProblem.english());
    }

    /** Same device on the default IRQ. */
    public VirtioConsoleConfig(int port, boolean ioeventfd, Transport transport, long address) {
        this(port, ioeventfd, transport, address, DEFAULT_IRQ);
    }

    /** Why a device cannot use {@code irq}, or null: 0 is the timer, 2 the cascade to the slave, 4 the UART. */
    static org.kvmworkbench.core.i18n.Phrase irqProblem(int irq) {
        if (irq < 0 || irq > 15) return Problems.say("irq.notALine", irq);
        if (irq == 0 || irq == 2 || irq == 4) return Problems.say("irq.taken", irq);
        return null;
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
        return new VirtioConsoleConfig(port, on, transport, address, irq);
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
