package org.kvmworkbench.core.config;

/**
 * A 16550 UART (COM1 by default).
 * @param input text queued into the receive FIFO at start, or null
 */
public record UartConfig(int port, String input) implements DeviceConfig {
    public static final String TYPE = "uart16550";
    public static final int DEFAULT_PORT = 0x3F8;
    public static final int WINDOW = 8;

    public UartConfig {
        DeviceConfig.checkWindow(TYPE, port, WINDOW);
    }

    public static UartConfig defaults() {
        return new UartConfig(DEFAULT_PORT, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int windowLength() {
        return WINDOW;
    }
}
