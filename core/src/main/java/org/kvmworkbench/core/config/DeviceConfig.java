package org.kvmworkbench.core.config;

/** One device on the port-I/O bus. Each kind has a {@code type} name, a default port and a fixed window. */
public sealed interface DeviceConfig permits UartConfig, DebugconConfig, VirtioConsoleConfig, PicConfig,
        PitConfig, PassthroughConfig {
    /** The {@code type} value in config files. */
    String type();

    /** First port of the window. */
    int port();

    /** Number of consecutive ports (or, off the port bus, MMIO bytes) the device decodes. */
    int windowLength();

    /** False for a device on the MMIO bus, whose {@link #port()} means nothing. */
    default boolean onPortBus() {
        return true;
    }

    default PortRange ports() {
        return new PortRange(port(), port() + windowLength() - 1);
    }

    /** Every port window the device decodes (the chipset's devices have more than one). */
    default java.util.List<PortRange> portWindows() {
        return java.util.List.of(ports());
    }

    /** Shared by the records' constructors: the whole window must fit the 16-bit port space. */
    static void checkWindow(String type, int port, int windowLength) {
        if (port < 0 || port + windowLength - 1 > 0xFFFF)
            throw new IllegalArgumentException(type + " window at " + Numbers.hex(port) + " does not fit the port space");
    }
}
