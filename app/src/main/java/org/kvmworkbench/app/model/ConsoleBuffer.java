package org.kvmworkbench.app.model;

import org.kvmworkbench.core.device.ConsoleSink;

/**
 * Guest console bytes from the vCPU thread, drained by the FX thread once per frame. Bounded: if the
 * window falls behind a guest that prints without pause, the oldest undrained text is dropped (counted).
 */
public final class ConsoleBuffer implements ConsoleSink {
    static final int CAPACITY = 64 * 1024;

    private final StringBuilder pending = new StringBuilder();
    private long dropped;

    @Override public synchronized void write(String source, int b) {
        if (pending.length() >= CAPACITY) {
            pending.delete(0, CAPACITY / 4);
            dropped += CAPACITY / 4;
        }
        pending.append((char) (b & 0xFF));
    }

    /** The text written since the last call, or "" (no allocation when there is none). */
    public synchronized String drain() {
        if (pending.length() == 0) return "";
        String s = pending.toString();
        pending.setLength(0);
        return s;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
