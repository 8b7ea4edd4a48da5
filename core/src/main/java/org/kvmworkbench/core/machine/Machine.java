package org.kvmworkbench.core.machine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.kvmworkbench.core.bus.Bus;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.DeviceConfig;
import org.kvmworkbench.core.config.UartConfig;
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.ConsoleSink;
import org.kvmworkbench.core.device.DebugConsole;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.IrqLine;
import org.kvmworkbench.core.device.Uart16550;
import org.kvmworkbench.core.device.VirtioConsole;
import org.kvmworkbench.core.memory.GuestMemory;

/**
 * The virtual machine board: guest RAM, the port-I/O and MMIO buses, and the device models wired
 * onto them from a config, explicitly (no self-registering devices). One machine serves every backend.
 */
public final class Machine {
    private final VmConfig config;
    private final GuestMemory memory;
    private final byte[] image;
    private final Bus pio = new Bus("port I/O", 0x10000);
    private final Bus mmio = new Bus("MMIO", 1L << 52);
    private final List<Device> devices = new ArrayList<>();
    private final List<Doorbell> doorbells = new ArrayList<>();
    /** The same doorbells as an array: looked up on every OUT and MMIO write, without an iterator. */
    private Doorbell[] doorbellArray = new Doorbell[0];
    private Uart16550 uart;
    /** Devices that may hold output back while the console is full; served between runs. */
    private VirtioConsole[] heldOutput = new VirtioConsole[0];

    private Machine(VmConfig config, GuestMemory memory, byte[] image) {
        this.config = config;
        this.memory = memory;
        this.image = image;
    }

    /** Build the board for a validated config; reads the guest image and loads it into memory. */
    public static Machine build(VmConfig config, GuestMemory memory, ConsoleSink console) throws IOException {
        // Read at most one byte more than fits: the file may have grown since the config was checked.
        long room = Math.max(0, memory.size() - config.loadAddress());
        byte[] image;
        try (InputStream in = Files.newInputStream(config.imagePath())) {
            image = in.readNBytes((int) Math.min(room + 1, Integer.MAX_VALUE - 8));
        }
        if (image.length == 0 || image.length > room) {
            throw new IOException(String.format("guest image %s (%s bytes) does not fit at 0x%x in %d bytes of RAM",
                    config.imagePath(), image.length > room ? "more than " + room : image.length, config.loadAddress(),
                    memory.size()));
        }
        Machine m = new Machine(config, memory, image);
        for (DeviceConfig d : config.devices()) m.add(d, console);
        m.doorbellArray = m.doorbells.toArray(new Doorbell[0]);
        m.heldOutput = m.devices.stream().filter(VirtioConsole.class::isInstance).toArray(VirtioConsole[]::new);
        m.loadImage();
        return m;
    }

    private void add(DeviceConfig d, ConsoleSink console) {
        Device device;
        if (d instanceof UartConfig u) {
            uart = new Uart16550(console, IrqLine.NONE);
            if (u.input() != null) uart.typeInput(u.input().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            device = uart;
        } else if (d instanceof DebugconConfig) {
            device = new DebugConsole(console);
        } else {
            VirtioConsoleConfig v = (VirtioConsoleConfig) d;
            VirtioConsole virtio = new VirtioConsole(memory, console, IrqLine.NONE,
                    v.mmio() ? VirtioConsole.Transport.MMIO : VirtioConsole.Transport.PIO);
            long base = v.mmio() ? v.address() : v.port();
            if (v.ioeventfd()) {
                for (int q = 0; q < virtio.queueCount(); q++) {
                    doorbells.add(new Doorbell(base + virtio.queueNotifyOffset(), virtio.queueNotifyWidth(), q,
                            virtio, v.mmio()));
                }
            }
            if (v.mmio()) {
                // MMIO: the window lies outside RAM, so every access traps (an EPT violation / misconfiguration)
                mmio.insert(virtio.name(), v.address(), virtio.windowSize(), virtio);
                devices.add(virtio);
                return;
            }
            device = virtio;
        }
        pio.insert(device.name(), d.port(), d.windowLength(), device);
        devices.add(device);
    }

    /** Zero RAM, copy the image to its load address, reset every device and re-queue configured input. */
    public void reset() {
        byte[] zero = new byte[4096];
        for (long a = 0; a < memory.size(); a += zero.length) {
            memory.write(a, zero, 0, (int) Math.min(zero.length, memory.size() - a));
        }
        for (Device d : devices) d.reset();
        for (DeviceConfig d : config.devices()) {
            if (d instanceof UartConfig u && u.input() != null) {
                uart.typeInput(u.input().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        loadImage();
    }

    private void loadImage() {
        memory.write(config.loadAddress(), image, 0, image.length);
    }

    public VmConfig config() {
        return config;
    }

    public GuestMemory memory() {
        return memory;
    }

    public Bus pioBus() {
        return pio;
    }

    public Bus mmioBus() {
        return mmio;
    }

    public List<Device> devices() {
        return Collections.unmodifiableList(devices);
    }

    /** Doorbells to register with KVM_IOEVENTFD (empty unless a device asked for ioeventfd). */
    public List<Doorbell> doorbells() {
        return Collections.unmodifiableList(doorbells);
    }

    /** The PIO doorbell a port write of {@code size} bytes of {@code value} rings, or null. */
    public Doorbell pioDoorbell(int port, int size, long value) {
        for (Doorbell d : doorbellArray) if (d.matches(port, size, value)) return d;
        return null;
    }

    /** The MMIO doorbell a write of {@code size} bytes of {@code value} at {@code gpa} rings, or null. */
    public Doorbell mmioDoorbell(long gpa, int size, long value) {
        for (Doorbell d : doorbellArray) if (d.matchesMmio(gpa, size, value)) return d;
        return null;
    }

    /**
     * Sends output a device held back because the console had no room (a virtio console's transmitq), as a device
     * does when its backend becomes writable again. The VMM calls it before each run, so held output goes out
     * without waiting for the guest's next kick.
     */
    public void serviceHeldOutput() {
        for (VirtioConsole v : heldOutput) if (v.hasPendingOutput()) v.serviceTransmit();
    }

    /** The UART, where keyboard input goes; null if the machine has none. */
    public Uart16550 uart() {
        return uart;
    }
}
