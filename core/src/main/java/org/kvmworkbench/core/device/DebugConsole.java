package org.kvmworkbench.core.device;

import java.util.List;

/**
 * The Bochs/QEMU "debugcon" port (usually 0xE9, a one-port window): every byte written goes straight to the
 * console, with no registers, interrupts or flow control. A read returns 0xE9, QEMU's default readback value,
 * which lets a guest detect the port.
 */
public final class DebugConsole implements Device {
    /** Conventional port number. */
    public static final int PORT = 0xE9;
    /** Value every read returns (QEMU's {@code readback} property default). */
    public static final int READBACK = 0xE9;

    private final ConsoleSink sink;
    private long written;
    private int lastByte = -1;

    public DebugConsole(ConsoleSink sink) {
        this.sink = sink;
    }

    @Override public String name() {
        return "debugcon";
    }

    @Override public long read(int offset, int size) {
        return READBACK;
    }

    /** Writes the low byte of {@code value}, whatever the access size. */
    @Override public synchronized void write(int offset, int size, long value) {
        int b = (int) (value & 0xFF);
        written++;
        lastByte = b;
        sink.write("debugcon", b);
    }

    public synchronized long bytesWritten() {
        return written;
    }

    /** The last byte written, or -1 if none yet. */
    public synchronized int lastByte() {
        return lastByte;
    }

    @Override public synchronized void reset() {
        written = 0;
        lastByte = -1;
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        String meaning = lastByte < 0 ? "nothing written yet" : lastByte >= 0x20 && lastByte < 0x7F
                ? "last byte written '" + (char) lastByte + "'" : "last byte written (control)";
        return new DeviceSnapshot(name(),
                List.of(new DeviceSnapshot.Register("LAST", Math.max(lastByte, 0), 8, meaning)),
                List.of("bytes written: " + written, "reads return 0xE9"));
    }
}
