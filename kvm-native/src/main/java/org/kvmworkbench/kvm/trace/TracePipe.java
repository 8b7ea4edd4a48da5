package org.kvmworkbench.kvm.trace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import org.kvmworkbench.kvm.sys.LibC;
import org.kvmworkbench.kvm.sys.QuietRead;

/**
 * An instance's trace_pipe, opened non-blocking and read in order, line by line, into events. The caller reads it
 * after each KVM_RUN ({@link #drain}). A KVM_RUN that lasts long (a guest spinning in KVM's emulator traces an event
 * per instruction) could fill the ring buffer, which then drops its oldest events; so once a run has lasted
 * {@value #LONG_RUN_NANOS} ns a helper thread drains the pipe into a queue, every {@value #LONG_RUN_NANOS} ns until
 * the run ends (it sleeps when the guest has not run for a while). Short runs - almost all of them - are read by
 * the caller alone. The queue keeps runs of kvm_emulate_insn as one event (with their count) and
 * at most {@value #MAX_QUEUED} events: beyond that the oldest go, counted in a "lost" event.
 */
final class TracePipe implements AutoCloseable {
    static final long LONG_RUN_NANOS = 1_000_000;
    /** Without a run for this long the helper sleeps until the next one starts. */
    private static final long IDLE_NANOS = 100_000_000;
    static final int MAX_QUEUED = 100_000;
    private static final String EMULATED = "kvm_emulate_insn";
    /** trace_pipe hands out at most a page per read. */
    private static final int CHUNK = 4096;

    private final int fd;
    private final Memory buffer = new Memory(CHUNK);
    private final byte[] bytes = new byte[CHUNK];
    private final StringBuilder partialLine = new StringBuilder();
    private final ArrayDeque<TraceEvent> queue = new ArrayDeque<>(); // guarded by this
    private long dropped; // guarded by this
    private final Thread helper;
    private volatile long runStarted; // System.nanoTime() of the run in progress, 0 between runs
    private volatile long lastRunStarted = System.nanoTime();
    private volatile boolean helperAsleep;
    private volatile boolean closing;

    TracePipe(Path pipe) throws KernelTrace.Unavailable {
        try {
            fd = LibC.open(pipe.toString(), LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            buffer.close();
            throw new KernelTrace.Unavailable("pipe.cannotOpen", pipe, LibC.describe(e.getErrorCode()));
        }
        helper = new Thread(this::drainLongRuns, "kvm-trace-drain");
        helper.setDaemon(true);
        helper.start();
    }

    void runStarting() {
        long now = System.nanoTime();
        runStarted = now;
        lastRunStarted = now;
        if (helperAsleep) LockSupport.unpark(helper); // Dekker with drainLongRuns: it sees the run, or this sees it asleep
    }

    void runEnded() {
        runStarted = 0;
    }

    /** Appends the events read so far, in order, and what the pipe has now. */
    synchronized void drain(List<TraceEvent> into) {
        readAll();
        if (dropped > 0) into.add(TraceEvent.parse("CPU:- [LOST " + dropped + " EVENTS]"));
        dropped = 0;
        into.addAll(queue);
        queue.clear();
    }

    private void drainLongRuns() {
        while (!closing) {
            if (runStarted == 0 && System.nanoTime() - lastRunStarted > IDLE_NANOS) {
                helperAsleep = true;
                if (runStarted == 0 && !closing) LockSupport.park(this);
                helperAsleep = false;
                continue;
            }
            LockSupport.parkNanos(LONG_RUN_NANOS);
            long started = runStarted;
            if (started == 0 || System.nanoTime() - started < LONG_RUN_NANOS) continue;
            synchronized (this) {
                readAll();
            }
        }
    }

    /** With the lock held: reads until the pipe is empty. */
    private void readAll() {
        for (;;) {
            int n = (int) QuietRead.read(fd, buffer, CHUNK); // -1: empty now (EAGAIN); errors show as missing events
            if (n <= 0) return;
            lines(n);
        }
    }

    private void lines(int n) {
        buffer.read(0, bytes, 0, n);
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] != '\n') continue;
            String line = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
            if (partialLine.length() > 0) {
                line = partialLine.append(line).toString();
                partialLine.setLength(0);
            }
            queue(TraceEvent.parse(line));
            start = i + 1;
        }
        if (start < n) partialLine.append(new String(bytes, start, n - start, StandardCharsets.ISO_8859_1));
    }

    private void queue(TraceEvent e) {
        if (e == null) return;
        TraceEvent last = queue.peekLast();
        if (last != null && e.name().equals(EMULATED) && last.name().equals(EMULATED)) {
            e.absorb(queue.pollLast());
        } else if (queue.size() >= MAX_QUEUED) {
            dropped += queue.pollFirst().count();
        }
        queue.add(e);
    }

    /** Stops the helper, then closes the pipe. */
    @Override public void close() {
        closing = true;
        LockSupport.unpark(helper);
        boolean interrupted = false;
        while (helper.isAlive()) { // it may be inside read(): the fd and buffer must outlive it
            try {
                helper.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        try {
            LibC.close(fd);
        } finally {
            buffer.close();
        }
    }
}
