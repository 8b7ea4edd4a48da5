package org.kvmworkbench.kvm;

import java.util.Arrays;

/**
 * Guest-physical page numbers that have had an MMIO exit, without boxing (an open-addressing set of longs).
 * On VMX the first access to such a page is an EPT violation and later ones are EPT misconfigurations (KVM
 * installs an MMIO SPTE); the KVM backend reports that rule as derived, as the simulator models it.
 */
final class TouchedPages {
    private static final long EMPTY = -1;
    private long[] slots = new long[64];
    private int count;

    TouchedPages() {
        Arrays.fill(slots, EMPTY);
    }

    /** Adds the page; true if it was not there before (the first touch). */
    boolean touch(long page) {
        int mask = slots.length - 1;
        for (int i = Long.hashCode(page * 0x9E37_79B9_7F4A_7C15L) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == page) return false;
            if (slots[i] == EMPTY) {
                slots[i] = page;
                if (++count * 2 > slots.length) grow();
                return true;
            }
        }
    }

    void clear() {
        Arrays.fill(slots, EMPTY);
        count = 0;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, EMPTY);
        count = 0;
        for (long p : old) if (p != EMPTY) touch(p);
    }
}
