package org.kvmworkbench.core.vmx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A VMCS as a table of field values (Intel SDM Vol. 3C ch. 25). At a VM exit the processor saves guest
 * state into it and writes the exit-information fields (§28.2, §28.3); at VM entry it loads guest state
 * from it (§27.3). Which fields the latest exit changed is tracked for the GUI.
 *
 * <p>One thread writes (the vCPU thread); any thread may read a consistent copy with {@link #readInto}
 * or {@link #snapshot}. There is no lock: writes happen inside write sections guarded by a sequence
 * counter (a seqlock, as Linux's {@code seqcount_t}), so the writer never waits and allocates nothing.
 * A {@link #set} outside {@link #beginWrite}/{@link #endWrite} is a section of its own; a backend that
 * brackets a whole exit with them makes every copy show a state at an exit boundary. A reader that keeps
 * meeting a busy writer asks it to publish a copy at the end of its next section instead of retrying forever.
 */
public final class Vmcs {
    private static final VmcsField[] FIELDS = VmcsField.values();
    /** Optimistic copies tried against the live table before asking the writer to publish one. */
    private static final int OPTIMISTIC_TRIES = 32;
    /** How long a reader waits for a busy writer's published copy before giving up (the writer was preempted). */
    private static final long PUBLISH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final VarHandle SEQ, PUBLISHED_SEQ, PUBLISH_WANTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SEQ = l.findVarHandle(Vmcs.class, "seq", int.class);
            PUBLISHED_SEQ = l.findVarHandle(Vmcs.class, "publishedSeq", int.class);
            PUBLISH_WANTED = l.findVarHandle(Vmcs.class, "publishWanted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Copy live = new Copy();
    private final Copy published = new Copy();
    /** Odd while the writer is inside a section of {@link #live}. */
    @SuppressWarnings("unused") private int seq;
    /** Odd while the writer copies into {@link #published}. */
    @SuppressWarnings("unused") private int publishedSeq;
    @SuppressWarnings("unused") private boolean publishWanted;
    /** Writer-owned: nesting of explicit write sections. */
    private int depth;
    /** Writer-owned copy of {@link #seq}. */
    private int writerSeq;

    public Vmcs(Provenance defaultProvenance) {
        Arrays.fill(live.provenance, defaultProvenance);
        Arrays.fill(published.provenance, defaultProvenance);
    }

    /** The field's current value. On the writer thread this is exact; elsewhere prefer a consistent {@link #readInto}. */
    public long get(VmcsField f) {
        int i = f.ordinal();
        for (int tries = 0; ; tries++) {
            int before = (int) SEQ.getAcquire(this);
            long v = live.values[i];
            VarHandle.loadLoadFence();
            // inside its own section the writer reads what it wrote; a reader gives up waiting on a stalled writer
            if ((before & 1) == 0 && before == (int) SEQ.getOpaque(this) || depth > 0 || tries > OPTIMISTIC_TRIES) return v;
            Thread.onSpinWait();
        }
    }

    public void set(VmcsField f, long value) {
        int i = f.ordinal();
        // most fields keep their value from exit to exit: nothing to write, nothing for a reader to miss
        if (live.values[i] == value) return;
        boolean own = depth == 0;
        if (own) open();
        live.changedAt[i] = live.exitCount;
        live.values[i] = value;
        if (own) close();
    }

    public void setProvenance(VmcsField f, Provenance p) {
        boolean own = depth == 0;
        if (own) open();
        live.provenance[f.ordinal()] = p;
        if (own) close();
    }

    /** Start a new VM exit: forget which fields the previous one changed. */
    public void beginExit() {
        boolean own = depth == 0;
        if (own) open();
        live.exitCount++; // fields stamped with an older exit count no longer count as changed
        if (own) close();
    }

    /**
     * Open a write section (writer thread only; sections nest). Readers see either the state before the
     * outermost {@code beginWrite} or after the matching {@link #endWrite}, never a part of it.
     */
    public void beginWrite() {
        if (depth++ == 0) open();
    }

    /** Close the section {@link #beginWrite} opened. */
    public void endWrite() {
        if (depth == 0) throw new IllegalStateException("endWrite without beginWrite");
        if (--depth == 0) close();
    }

    private void open() {
        SEQ.setOpaque(this, ++writerSeq); // odd: readers of the live table retry
        VarHandle.storeStoreFence();
    }

    private void close() {
        SEQ.setRelease(this, ++writerSeq);
        if ((boolean) PUBLISH_WANTED.getOpaque(this)) publish();
    }

    /** Copy the live table for a reader that could not catch the writer between sections; only on request. */
    private void publish() {
        PUBLISH_WANTED.setOpaque(this, false);
        int p = (int) PUBLISHED_SEQ.get(this);
        PUBLISHED_SEQ.setOpaque(this, p + 1);
        VarHandle.storeStoreFence();
        live.copyTo(published);
        PUBLISHED_SEQ.setRelease(this, p + 2);
    }

    /**
     * Copy a consistent state of this VMCS into {@code into} (reader-owned, reusable: nothing is allocated).
     * Never blocks the writer. Returns false only if the writer stayed inside one section for the whole wait
     * (20 ms: its thread was not running); {@code into} then holds no consistent state.
     */
    public boolean readInto(Copy into) {
        for (int i = 0; i < OPTIMISTIC_TRIES; i++) {
            if (tryCopy(live, SEQ, into)) return true;
            Thread.onSpinWait();
        }
        int requested = (int) PUBLISHED_SEQ.getAcquire(this);
        PUBLISH_WANTED.setVolatile(this, true);
        long deadline = System.nanoTime() + PUBLISH_WAIT_NANOS;
        do {
            int p = (int) PUBLISHED_SEQ.getAcquire(this);
            if (p != requested && tryCopy(published, PUBLISHED_SEQ, into)) return true;
            if (tryCopy(live, SEQ, into)) return true; // the writer went quiet
            LockSupport.parkNanos(10_000);
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /** One optimistic copy (StampedLock's validate pattern); {@code into} may be left torn when it fails. */
    private boolean tryCopy(Copy from, VarHandle guard, Copy into) {
        int before = (int) guard.getAcquire(this);
        if ((before & 1) != 0) return false;
        from.copyTo(into);
        VarHandle.loadLoadFence();
        return before == (int) guard.getOpaque(this);
    }

    /** An immutable copy for another thread (allocates; a per-frame reader should reuse a {@link Copy}). */
    public Snapshot snapshot() {
        Copy c = new Copy();
        if (!readInto(c)) {
            // the writer thread has stalled inside a section; show what it has written so far
            live.copyTo(c);
        }
        return c.toSnapshot();
    }

    /** A reader-owned, reusable copy of every field, filled by {@link #readInto}. Not thread-safe: one reader. */
    public static final class Copy {
        final long[] values = new long[FIELDS.length];
        final Provenance[] provenance = new Provenance[FIELDS.length];
        /** The exit count when each field last got a new value (-1: never): changed by the latest exit if equal. */
        final long[] changedAt = new long[FIELDS.length];

        {
            Arrays.fill(changedAt, -1);
        }
        long exitCount;

        void copyTo(Copy c) {
            System.arraycopy(values, 0, c.values, 0, values.length);
            System.arraycopy(provenance, 0, c.provenance, 0, provenance.length);
            System.arraycopy(changedAt, 0, c.changedAt, 0, changedAt.length);
            c.exitCount = exitCount;
        }

        public long value(VmcsField f) {
            return values[f.ordinal()];
        }

        public Provenance provenance(VmcsField f) {
            return provenance[f.ordinal()];
        }

        /** Did the latest exit write a new value into this field? */
        public boolean changedByLastExit(VmcsField f) {
            return changedAt[f.ordinal()] == exitCount;
        }

        /** VM exits recorded so far; a reader can skip redrawing when it has not moved. */
        public long exitCount() {
            return exitCount;
        }

        public Snapshot toSnapshot() {
            Map<VmcsField, Snapshot.Entry> m = new EnumMap<>(VmcsField.class);
            for (VmcsField f : FIELDS) {
                int i = f.ordinal();
                m.put(f, new Snapshot.Entry(f, values[i], provenance[i], changedAt[i] == exitCount));
            }
            return new Snapshot(m, exitCount);
        }
    }

    /** An immutable copy for another thread. */
    public record Snapshot(Map<VmcsField, Entry> entries, long exitCount) {
        public record Entry(VmcsField field, long value, Provenance provenance, boolean changedByLastExit) {}

        public Snapshot {
            entries = java.util.Collections.unmodifiableMap(new EnumMap<>(entries));
        }

        public long value(VmcsField f) {
            return entries.get(f).value();
        }

        public Entry entry(VmcsField f) {
            return entries.get(f);
        }
    }
}
