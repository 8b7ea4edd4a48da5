package org.kvmworkbench.core.device;

import java.util.List;

import org.kvmworkbench.core.i18n.Messages;

/**
 * The Bochs/QEMU "debugcon" port (usually 0xE9, a one-port window): every byte written goes straight to the
 * console, with no registers, interrupts or flow control. A read returns 0xE9, QEMU's default readback value,
 * which lets a guest detect the port.
 *
 * <p>With no status register there is no way to tell the guest to wait, so when the {@link ConsoleSink} has no room
 * (its reader is behind) a byte is dropped and counted, never waited for: the VMM must not block on a console.
 * (QEMU's debugcon instead blocks its vCPU thread until the byte is written; Bochs writes it to stderr.) A guest that
 * needs every byte through a slow console uses the UART, which holds it back with LSR.
 */
public final class DebugConsole implements Device {
    private static final Messages M = Messages.of(DebugConsole.class);
    /** Conventional port number. */
    public static final int PORT = 0xE9;
    /** Value every read returns (QEMU's {@code readback} property default). */
    public static final int READBACK = 0xE9;

    private final ConsoleSink sink;
    private long written;
    private long dropped;
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
        if (sink.room() > 0) sink.write("debugcon", b);
        else dropped++;
    }

    /** Bytes written while the console had no room, and so dropped. */
    public synchronized long bytesDropped() {
        return dropped;
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
        dropped = 0;
        lastByte = -1;
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        String meaning = lastByte < 0 ? M.get("last.none") : lastByte >= 0x20 && lastByte < 0x7F
                ? M.format("last.char", (char) lastByte) : M.get("last.control");
        return new DeviceSnapshot(name(),
                List.of(new DeviceSnapshot.Register("LAST", Math.max(lastByte, 0), 8, meaning)),
                List.of(M.format("detail.written", written), M.get("detail.reads"),
                        M.format("detail.dropped", dropped)));
    }
}
