package org.kvmworkbench.core.vmx;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * A VMCS as a table of field values (Intel SDM Vol. 3C ch. 25). At a VM exit the processor saves guest
 * state into it and writes the exit-information fields (§28.2, §28.3); at VM entry it loads guest state
 * from it (§27.3). Which fields the latest exit changed is tracked for the GUI.
 * Access is synchronized: the vCPU thread writes, the GUI thread takes snapshots.
 */
public final class Vmcs {
    private static final VmcsField[] FIELDS = VmcsField.values();

    private final long[] values = new long[FIELDS.length];
    private final Provenance[] provenance = new Provenance[FIELDS.length];
    private final boolean[] changed = new boolean[FIELDS.length];
    private long exits;

    public Vmcs(Provenance defaultProvenance) {
        Arrays.fill(provenance, defaultProvenance);
    }

    public synchronized long get(VmcsField f) {
        return values[f.ordinal()];
    }

    public synchronized void set(VmcsField f, long value) {
        int i = f.ordinal();
        if (values[i] != value) changed[i] = true;
        values[i] = value;
    }

    public synchronized void setProvenance(VmcsField f, Provenance p) {
        provenance[f.ordinal()] = p;
    }

    /** Start a new VM exit: forget which fields the previous one changed. */
    public synchronized void beginExit() {
        Arrays.fill(changed, false);
        exits++;
    }

    public synchronized Snapshot snapshot() {
        Map<VmcsField, Snapshot.Entry> m = new EnumMap<>(VmcsField.class);
        for (VmcsField f : FIELDS) {
            int i = f.ordinal();
            m.put(f, new Snapshot.Entry(f, values[i], provenance[i], changed[i]));
        }
        return new Snapshot(m, exits);
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
