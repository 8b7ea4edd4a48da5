package org.kvmworkbench.core.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** Readers get consistent copies of the VMCS while its single writer keeps writing, without a lock. */
class VmcsSnapshotTest {
    private static final VmcsField[] FIELDS = VmcsField.values();

    @Test
    void setMarksOnlyFieldsWhoseValueChanged() {
        Vmcs v = new Vmcs(Provenance.MODELED);
        v.set(VmcsField.GUEST_RIP, 0x1000);
        v.beginExit();
        v.set(VmcsField.GUEST_RIP, 0x1000);
        v.set(VmcsField.GUEST_RSP, 0x8000);
        Vmcs.Copy c = new Vmcs.Copy();
        assertTrue(v.readInto(c));
        assertEquals(0x1000, c.value(VmcsField.GUEST_RIP));
        assertFalse(c.changedByLastExit(VmcsField.GUEST_RIP), "same value written again");
        assertTrue(c.changedByLastExit(VmcsField.GUEST_RSP));
        assertEquals(1, c.exitCount());
        assertEquals(Provenance.MODELED, c.provenance(VmcsField.GUEST_RSP));
        Vmcs.Snapshot s = v.snapshot();
        assertEquals(0x8000, s.value(VmcsField.GUEST_RSP));
        assertTrue(s.entry(VmcsField.GUEST_RSP).changedByLastExit());
    }

    /** The writer fills every field with the same number inside one section; a copy must never mix two numbers. */
    @Test
    void copiesNeverMixTwoWriteSections() throws Exception {
        Vmcs v = new Vmcs(Provenance.MODELED);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (long k = 1; !stop.get(); k++) {
                v.beginWrite();
                v.beginExit();
                for (VmcsField f : FIELDS) v.set(f, k);
                v.endWrite();
            }
        }, "vmcs-writer");
        writer.start();
        Vmcs.Copy c = new Vmcs.Copy();
        int consistent = 0;
        try {
            for (int i = 0; i < 20_000; i++) {
                if (!v.readInto(c)) continue; // the writer thread was descheduled mid-section for the whole wait
                long k = c.value(FIELDS[0]);
                for (VmcsField f : FIELDS) {
                    assertEquals(k, c.value(f), "field " + f + " of copy " + i);
                    assertEquals(k != 0, c.changedByLastExit(f), "changed flag of " + f);
                }
                assertEquals(k, c.exitCount(), "exit count of the same section");
                consistent++;
            }
        } finally {
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertTrue(consistent > 0, "no reader ever got a copy");
    }

    @Test
    void aReaderGivesUpOnAWriterStuckInASection() throws Exception {
        Vmcs v = new Vmcs(Provenance.MODELED);
        v.set(VmcsField.GUEST_RIP, 5);
        v.beginWrite();
        v.set(VmcsField.GUEST_RIP, 6);
        assertEquals(6, v.get(VmcsField.GUEST_RIP), "the writer reads its own section");
        boolean[] got = new boolean[1];
        Thread reader = new Thread(() -> got[0] = v.readInto(new Vmcs.Copy()));
        reader.start();
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(reader.isAlive());
        assertFalse(got[0], "no consistent copy exists while the section is open");
        v.endWrite();
        Vmcs.Copy c = new Vmcs.Copy();
        assertTrue(v.readInto(c));
        assertEquals(6, c.value(VmcsField.GUEST_RIP));
    }

    @Test
    void endWriteWithoutBeginIsAnError() {
        assertThrows(IllegalStateException.class, () -> new Vmcs(Provenance.MODELED).endWrite());
    }
}
