package org.kvmworkbench.core.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VmcsFieldTest {
    @Test
    void encodingsAreUniqueFullFieldsOfTheRightType() {
        Set<Integer> seen = new HashSet<>();
        for (VmcsField f : VmcsField.values()) {
            assertTrue(seen.add(f.encoding()), f + " duplicated");
            assertEquals(0, f.encoding() & 1, f + ": full (not HIGH) access type");
            int expectedType = switch (f.group()) {
                case GUEST -> 2;
                case HOST -> 3;
                case EXIT_INFO -> 1;
                default -> 0;
            };
            assertEquals(expectedType, f.type(), f + " type bits 11:10");
        }
    }

    @Test
    void widthsDecodeFromBits14To13() {
        assertEquals(16, VmcsField.GUEST_CS_SELECTOR.widthBits());
        assertEquals(64, VmcsField.GUEST_PHYSICAL_ADDRESS.widthBits());
        assertEquals(32, VmcsField.VM_EXIT_REASON.widthBits());
        assertEquals(64, VmcsField.GUEST_RIP.widthBits()); // natural width
        assertEquals(0x681E, VmcsField.GUEST_RIP.encoding());
        assertEquals(0x4402, VmcsField.VM_EXIT_REASON.encoding());
        assertEquals(0x6400, VmcsField.EXIT_QUALIFICATION.encoding());
    }

    @Test
    void ioQualificationRoundTripsAndMatchesTheSdmLayout() {
        IoExitQualification q = new IoExitQualification(2, true, true, true, false, 0xC010);
        long v = q.encode();
        assertEquals(1 | 1 << 3 | 1 << 4 | 1 << 5 | 0xC010L << 16, v);
        assertEquals(q, IoExitQualification.decode(v));
        assertEquals(0x00E9_0040L, new IoExitQualification(1, false, false, false, true, 0xE9).encode());
        assertEquals(3, IoExitQualification.decode(new IoExitQualification(4, false, false, false, false, 0).encode()).size() - 1);
    }

    @Test
    void eptViolationForAnUnmappedWrite() {
        long q = EptViolationQualification.unmappedAccess(true).encode();
        assertEquals(0b1_1000_0010, q); // write, linear-address valid, translated access; not readable/writable/executable
        assertEquals(EptViolationQualification.unmappedAccess(true), EptViolationQualification.decode(q));
    }
}
