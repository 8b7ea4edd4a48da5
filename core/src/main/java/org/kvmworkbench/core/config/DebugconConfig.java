package org.kvmworkbench.core.config;

/** Bochs/QEMU debug console: every byte written to the port is printed. */
public record DebugconConfig(int port) implements DeviceConfig {
    public static final String TYPE = "debugcon";
    public static final int DEFAULT_PORT = 0xE9;
    public static final int WINDOW = 1;

    public DebugconConfig {
        DeviceConfig.checkWindow(TYPE, port, WINDOW);
    }

    public static DebugconConfig defaults() {
        return new DebugconConfig(DEFAULT_PORT);
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
