package org.kvmworkbench.core.device;

/** Where guest console bytes go (the GUI console, stdout in the CLI, a buffer in tests). */
@FunctionalInterface
public interface ConsoleSink {
    /** @param source which device produced the byte, e.g. "uart", "debugcon", "virtio-console". */
    void write(String source, int b);
}
