package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.device.ConsoleSink;

/**
 * The CLI's guest console: a bounded buffer that the vCPU thread fills and a writer thread drains into stdout, so a
 * reader that is slow or never reads cannot block the VMM (its limits and timeout keep working). {@link #room()} is
 * the free space: the UART holds the guest back while it is 0 (LSR says "not ready"); a byte a device writes anyway
 * (the debug console has no flow control) is dropped and counted. If the stream fails (the reader went away), the
 * rest of the output is discarded and counted.
 *
 * <p>{@link #close()} writes what is buffered, waiting at most the flush bound (a reader that never reads cannot hang
 * the exit), and reports on the error stream, in one line, any output that was dropped or not written.
 */
public final class ConsoleOutput implements ConsoleSink, AutoCloseable {
    /** Buffered guest output, on top of what the pipe itself holds. */
    public static final int CAPACITY = 64 * 1024;
    /** How long {@link #close()} waits for the reader to take what is buffered. */
    public static final Duration FLUSH_BOUND = Duration.ofSeconds(2);
    private static final int CHUNK = 8192;
    private static final Texts T = Texts.of(ConsoleOutput.class);

    private final OutputStream out;
    private final PrintStream err;
    private final Duration flushBound;
    private final byte[] buffer;
    private final Thread writer;
    private int head, count;
    private long dropped, discarded;
    private boolean closed, broken, chunkInFlight;

    public ConsoleOutput(OutputStream out, PrintStream err) {
        this(out, err, CAPACITY, FLUSH_BOUND);
    }

    ConsoleOutput(OutputStream out, PrintStream err, int capacity, Duration flushBound) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.out = out;
        this.err = err;
        this.flushBound = flushBound;
        this.buffer = new byte[capacity];
        writer = new Thread(this::drain, "console-writer");
        writer.setDaemon(true); // one blocked forever in a write must not keep the JVM alive
        writer.start();
    }

    @Override public synchronized void write(String source, int b) {
        if (broken || closed) {
            discarded++;
            return;
        }
        if (count == buffer.length) {
            dropped++;
            return;
        }
        buffer[(head + count) % buffer.length] = (byte) b;
        if (count++ == 0) notifyAll();
    }

    /** Free space; while the stream is broken, everything "fits" (it is discarded): the guest is not held for nothing. */
    @Override public synchronized int room() {
        return broken ? buffer.length : buffer.length - count;
    }

    /** Bytes that found the buffer full (a device without flow control wrote them). */
    public synchronized long dropped() {
        return dropped;
    }

    /** Bytes thrown away because the stream failed or the console was closed. */
    public synchronized long discarded() {
        return discarded;
    }

    private void drain() {
        byte[] chunk = new byte[CHUNK];
        for (;;) {
            int n;
            synchronized (this) {
                while (count == 0 && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (count == 0) return;
                n = Math.min(Math.min(count, CHUNK), buffer.length - head);
                System.arraycopy(buffer, head, chunk, 0, n);
                head = (head + n) % buffer.length;
                count -= n;
                chunkInFlight = true;
            }
            boolean ok = writeOut(chunk, n);
            synchronized (this) {
                chunkInFlight = false;
                if (!ok) {
                    broken = true;
                    discarded += n + count;
                    count = 0;
                }
                notifyAll();
            }
        }
    }

    private boolean writeOut(byte[] chunk, int n) {
        try {
            out.write(chunk, 0, n);
            out.flush();
            return !(out instanceof PrintStream p && p.checkError()); // a PrintStream swallows its IOExceptions
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes what is buffered (waiting at most the flush bound), then reports losses on the error stream. */
    @Override public void close() {
        long end = System.nanoTime() + flushBound.toNanos();
        boolean flushed;
        long notWritten;
        synchronized (this) {
            closed = true;
            notifyAll();
            boolean interrupted = false;
            while ((count > 0 || chunkInFlight) && !broken && end - System.nanoTime() > 0) {
                try {
                    long left = end - System.nanoTime();
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            flushed = count == 0 && !chunkInFlight;
            notWritten = count;
            discarded += count;
            count = 0;
        }
        if (!flushed) {
            err.println(T.format("notWritten", notWritten, flushBound.toMillis()));
        }
        long lost = dropped();
        if (lost > 0) {
            err.println(T.format("dropped", lost));
        }
        if (broken()) err.println(T.get("broken"));
    }

    private synchronized boolean broken() {
        return broken;
    }
}
