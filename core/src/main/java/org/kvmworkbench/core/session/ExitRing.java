package org.kvmworkbench.core.session;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.exit.ExitRecord;

/** The most recent exits, bounded: the oldest is overwritten. Written by the vCPU thread, read by others. */
public final class ExitRing implements ExitListener {
    private final ExitRecord[] slots;
    private long written;

    public ExitRing(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        slots = new ExitRecord[capacity];
    }

    @Override public synchronized void onExit(ExitRecord exit) {
        slots[(int) (written % slots.length)] = exit;
        written++;
    }

    /** Oldest first. */
    public synchronized List<ExitRecord> snapshot() {
        int n = (int) Math.min(written, slots.length);
        List<ExitRecord> out = new ArrayList<>(n);
        for (long i = written - n; i < written; i++) out.add(slots[(int) (i % slots.length)]);
        return out;
    }

    /** The exits written after the first {@code seen} ones that are still held, oldest first (at most {@code max}). */
    public synchronized List<ExitRecord> since(long seen, int max) {
        long from = Math.max(seen, Math.max(written - slots.length, written - max));
        List<ExitRecord> out = new ArrayList<>((int) Math.max(0, written - from));
        for (long i = from; i < written; i++) out.add(slots[(int) (i % slots.length)]);
        return out;
    }

    public synchronized long totalWritten() {
        return written;
    }

    public int capacity() {
        return slots.length;
    }

    public synchronized void clear() {
        java.util.Arrays.fill(slots, null);
        written = 0;
    }
}
