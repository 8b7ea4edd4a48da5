package org.kvmworkbench.core.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuidTableTest {
    private final CpuidTable t = CpuidTable.simulated();

    @Test
    void signatureLeavesSpellTheirStrings() {
        CpuidTable.Entry hv = t.lookup(0x4000_0000L);
        assertEquals("KVMKVMKVM", ascii(hv.ebx()) + ascii(hv.ecx()) + ascii(hv.edx()).replace("\0", ""));
        CpuidTable.Entry v = t.lookup(0);
        assertEquals("GenuineIntel", ascii(v.ebx()) + ascii(v.edx()) + ascii(v.ecx()));
    }

    @Test
    void outOfRangeLeavesAnswerLikeTheHighestBasicLeaf() {
        CpuidTable.Entry highest = t.lookup(0xD);
        assertEquals(highest, t.lookup(0xE));
        assertEquals(highest, t.lookup(0x4000_0002L));
        assertEquals(highest, t.lookup(0x8000_0000L)); // no extended range in this table
        assertEquals(new CpuidTable.Entry(0, 0, 0, 0), t.lookup(7)); // in range, not listed
    }

    private static String ascii(int v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) b.append((char) ((v >>> (8 * i)) & 0xFF));
        return b.toString();
    }
}
