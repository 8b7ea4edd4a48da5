package org.kvmworkbench.core.config;

/**
 * Legacy virtio-pci console, I/O BAR only.
 * @param ioeventfd register the QueueNotify doorbell with KVM_IOEVENTFD, so the kick completes in the
 *                  kernel instead of exiting to userspace
 */
public record VirtioConsoleConfig(int port, boolean ioeventfd) implements DeviceConfig {
    public static final String TYPE = "virtio-console";
    public static final int DEFAULT_PORT = 0xC000;
    public static final int WINDOW = 0x20;

    public VirtioConsoleConfig {
        DeviceConfig.checkWindow(TYPE, port, WINDOW);
    }

    public static VirtioConsoleConfig defaults() {
        return new VirtioConsoleConfig(DEFAULT_PORT, false);
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
