package org.kvmworkbench.core.session;

import java.util.EnumMap;
import java.util.Map;

import org.kvmworkbench.core.vmx.Provenance;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;

/**
 * The VMCS as it was at each of the last {@code capacity} exits, so a past exit picked on the timeline shows its own
 * fields, not today's. One table allocated up front (a slot of field values per exit, reused round the ring): the
 * vCPU thread copies the VMCS into the next slot at each exit without allocating; readers build a snapshot of one slot.
 */
public final class VmcsHistory {
    private static final VmcsField[] FIELDS = VmcsField.values();
    private static final Provenance[] PROVENANCES = Provenance.values();

    private final int capacity;
    /** The exit sequence number each slot holds, or -1 for none. */
    private final long[] seqs;
    private final long[] values;
    private final byte[] provenance;
    private final boolean[] changed;
    /** Writer-owned: the consistent copy read from the live VMCS before it goes into a slot. */
    private final Vmcs.Copy scratch = new Vmcs.Copy();

    public VmcsHistory(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
        seqs = new long[capacity];
        java.util.Arrays.fill(seqs, -1);
        values = new long[capacity * FIELDS.length];
        provenance = new byte[capacity * FIELDS.length];
        changed = new boolean[capacity * FIELDS.length];
    }

    /** Record the VMCS as it is at exit {@code seq} (vCPU thread, at the exit). */
    public void record(long seq, Vmcs vmcs) {
        if (!vmcs.readInto(scratch)) return; // the writer is stalled mid-exit: better no record than a torn one
        int slot = slot(seq);
        int base = slot * FIELDS.length;
        synchronized (this) {
            seqs[slot] = -1;
            for (int i = 0; i < FIELDS.length; i++) {
                VmcsField f = FIELDS[i];
                values[base + i] = scratch.value(f);
                Provenance p = scratch.provenance(f);
                provenance[base + i] = (byte) (p == null ? -1 : p.ordinal());
                changed[base + i] = scratch.changedByLastExit(f);
            }
            seqs[slot] = seq;
        }
    }

    /** The VMCS as it was at exit {@code seq}, or null when that exit is no longer (or was never) held. */
    public synchronized Vmcs.Snapshot at(long seq) {
        if (seq < 0) return null;
        int slot = slot(seq);
        if (seqs[slot] != seq) return null;
        int base = slot * FIELDS.length;
        Map<VmcsField, Vmcs.Snapshot.Entry> m = new EnumMap<>(VmcsField.class);
        for (int i = 0; i < FIELDS.length; i++) {
            byte p = provenance[base + i];
            m.put(FIELDS[i], new Vmcs.Snapshot.Entry(FIELDS[i], values[base + i], p < 0 ? null : PROVENANCES[p],
                    changed[base + i]));
        }
        return new Vmcs.Snapshot(m, seq);
    }

    public synchronized void clear() {
        java.util.Arrays.fill(seqs, -1);
    }

    public int capacity() {
        return capacity;
    }

    private int slot(long seq) {
        return (int) Math.floorMod(seq, (long) capacity);
    }
}
