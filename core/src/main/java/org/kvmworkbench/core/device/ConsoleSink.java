package org.kvmworkbench.core.device;

/** Where guest console bytes go (the GUI console, stdout in the CLI, a buffer in tests). */
@FunctionalInterface
public interface ConsoleSink {
    /** @param source which device produced the byte, e.g. "uart", "debugcon", "virtio-console". */
    void write(String source, int b);

    /**
     * How many bytes the sink takes now without blocking. A device with a full sink holds its output back
     * as hardware does (the UART's LSR says "not ready", the virtio console leaves buffers on the ring)
     * instead of blocking the VMM. Unbounded sinks keep the default.
     */
    default int room() {
        return Integer.MAX_VALUE;
    }
}
