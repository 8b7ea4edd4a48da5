package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.app.view.QualificationLayout.BitField;
import org.kvmworkbench.app.view.QualificationLayout.Kind;
import org.kvmworkbench.app.view.QualificationLayout.Layout;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.vmx.EptViolationQualification;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxControls;
import org.kvmworkbench.core.vmx.VmxExitReason;

class QualificationLayoutTest {
    @TempDir Path dir;

    /** Fields run from high to low bits with no gap and no overlap, down to bit 0. */
    private static void assertContiguous(Layout l, int top) {
        int next = top;
        for (BitField f : l.fields()) {
            assertEquals(next, f.hi(), "field " + f.name() + " should start at bit " + next);
            next = f.lo() - 1;
        }
        assertEquals(-1, next, "fields end at bit 0");
    }

    @Test
    void ioStringRepInIsDecodedBitByBit() {
        long q = IoExitQualification.encode(2, true, true, true, false, 0x60);
        Layout l = QualificationLayout.io(q, 0x2000);
        assertContiguous(l, 31);
        assertEquals("0x60", l.field("port").value());
        assertEquals("31:16", l.field("port").range());
        assertEquals(16, l.field("port").bits());
        assertEquals("IN", l.field("direction").value());
        assertEquals(1, l.field("direction").raw());
        assertEquals("INS/OUTS", l.field("string").value());
        assertEquals("REP", l.field("REP").value());
        assertEquals("DX", l.field("operand").value());
        BitField size = l.fields().get(l.fields().size() - 1);
        assertEquals("2:0", size.range());
        assertEquals("2 bytes", size.value());
        assertEquals("001", size.rawText());
        assertEquals(Kind.RESERVED, l.field("reserved").kind());
        assertEquals("15:7", l.field("reserved").range());
        assertEquals("Guest-linear address", l.extras().get(0).label());
        assertEquals("0x2000", l.extras().get(0).value());
        assertEquals("0x0000000000600039", l.rawHex());
        assertEquals(QualificationLayout.REF_IO, l.reference());
        assertTrue(l.reference().contains("§28.2.1"));
    }

    @Test
    void ioPlainOutWithImmediatePort() {
        Layout l = QualificationLayout.io(IoExitQualification.encode(1, false, false, false, true, 0xE9), -1);
        assertEquals("0xE9", l.field("port").value());
        assertEquals("OUT", l.field("direction").value());
        assertEquals("no", l.field("string").value());
        assertEquals("no", l.field("REP").value());
        assertEquals("imm", l.field("operand").value());
        assertTrue(l.field("operand").isSetFlag());
        assertFalse(l.field("direction").isSetFlag());
        assertTrue(l.extras().isEmpty(), "no linear address for plain OUT");
        assertEquals("4 bytes", QualificationLayout.io(IoExitQualification.encode(4, false, false, false, false, 0), -1)
                .fields().get(6).value());
    }

    @Test
    void eptViolationForAnUnmappedWrite() {
        long q = EptViolationQualification.unmappedAccess(true).encode();
        Layout l = QualificationLayout.of(VmxExitReason.EPT_VIOLATION, q, 0, 0x20010, 0x20010);
        assertContiguous(l, 63);
        assertEquals(Kind.ELIDED, l.fields().get(0).kind());
        assertEquals("yes", l.field("write").value());
        assertEquals("no", l.field("read").value());
        assertEquals("no", l.field("fetch").value());
        assertEquals("no", l.field("readable").value());
        assertEquals("no", l.field("writable").value());
        assertEquals("no", l.field("executable").value());
        assertEquals("yes", l.field("linear valid").value());
        assertEquals("linear", l.field("translated").value());
        assertEquals("8", l.field("translated").range());
        assertEquals("Guest-physical address", l.extras().get(0).label());
        assertEquals("0x20010", l.extras().get(0).value());
        assertEquals("GUEST_PHYSICAL_ADDRESS", l.extras().get(0).vmcsField());
        assertTrue(l.message().contains("no memory is mapped"));
        assertEquals(QualificationLayout.REF_EPT, l.reference());
    }

    @Test
    void eptViolationReadAndPermissions() {
        long q = new EptViolationQualification(true, false, true, true, false, true, false, false).encode();
        Layout l = QualificationLayout.eptViolation(q, 0x1000, -1);
        assertEquals("yes", l.field("read").value());
        assertEquals("yes", l.field("fetch").value());
        assertEquals("yes", l.field("readable").value());
        assertEquals("yes", l.field("executable").value());
        assertEquals("no", l.field("linear valid").value());
        assertEquals("", l.message());
        assertEquals(1, l.extras().size(), "no linear address when bit 7 is clear");
    }

    @Test
    void eptMisconfigurationHasNoQualification() {
        Layout l = QualificationLayout.of(VmxExitReason.EPT_MISCONFIG, 0, 0, 0x20010, 0x20010);
        assertFalse(l.hasDiagram());
        assertTrue(l.message().startsWith("EPT misconfiguration has no qualification"));
        assertEquals("0x20010", l.extras().get(0).value());
    }

    @Test
    void exceptionInterruptionInformation() {
        int ud = 6 | VmxControls.INTR_TYPE_HARD_EXCEPTION | VmxControls.INTR_INFO_VALID;
        Layout l = QualificationLayout.of(VmxExitReason.EXCEPTION_NMI, 0, ud, -1, -1);
        assertContiguous(l, 31);
        assertEquals("VM-exit interruption information", l.fieldName());
        assertEquals("6 #UD", l.field("vector").value());
        assertEquals("7:0", l.field("vector").range());
        assertEquals("hardware exception", l.field("type").value());
        assertEquals("10:8", l.field("type").range());
        assertEquals("none", l.field("error code").value());
        assertEquals("valid", l.field("valid").value());
        assertEquals("31", l.field("valid").range());
        assertEquals("0x80000306", l.rawHex());
        assertTrue(l.reference().contains("§25.9.2"));

        int gp = 13 | VmxControls.INTR_TYPE_HARD_EXCEPTION | VmxControls.INTR_INFO_DELIVER_CODE | VmxControls.INTR_INFO_VALID;
        Layout g = QualificationLayout.interruptionInfo(gp, 0);
        assertEquals("13 #GP", g.field("vector").value());
        assertEquals("valid", g.field("error code").value());
        int bp = 3 | VmxControls.INTR_TYPE_SOFT_EXCEPTION | VmxControls.INTR_INFO_VALID;
        assertEquals("software exception", QualificationLayout.interruptionInfo(bp, 0).field("type").value());
        assertEquals("3 #BP", QualificationLayout.interruptionInfo(bp, 0).field("vector").value());
        assertEquals("invalid", QualificationLayout.interruptionInfo(0, 0).field("valid").value());
    }

    @Test
    void controlRegisterAccessIsDecodedBitByBit() {
        Layout l = QualificationLayout.of(VmxExitReason.CR_ACCESS, 0x0000_0304L, 0, -1, -1); // MOV CR4, RBX
        assertContiguous(l, 63);
        assertEquals("CR4", l.field("CR").value());
        assertEquals("MOV to CR", l.field("access type").value());
        assertEquals("RBX", l.field("register").value());
        assertEquals(QualificationLayout.REF_CR, l.reference());
        Layout lmsw = QualificationLayout.crAccess(0x000F_0070L); // LMSW [mem] with source 0x000F
        assertEquals("LMSW", lmsw.field("access type").value());
        assertEquals("memory", lmsw.field("LMSW operand").value());
        assertEquals("0xF", lmsw.field("LMSW source").value());
        assertEquals("0", lmsw.field("register").value());
    }

    @Test
    void movDrIsDecodedBitByBit() {
        Layout l = QualificationLayout.of(VmxExitReason.DR_ACCESS, 0x0000_0217L, 0, -1, -1); // MOV RDX, DR7
        assertContiguous(l, 63);
        assertEquals("DR7", l.field("DR").value());
        assertEquals("MOV from DR", l.field("direction").value());
        assertEquals("RDX", l.field("register").value());
    }

    @Test
    void reasonsWithoutAQualification() {
        for (VmxExitReason r : List.of(VmxExitReason.CPUID, VmxExitReason.HLT, VmxExitReason.MSR_READ,
                VmxExitReason.VMCALL, VmxExitReason.TRIPLE_FAULT, VmxExitReason.RDTSC)) {
            Layout l = QualificationLayout.of(r, 0, 0, -1, -1);
            assertFalse(l.hasDiagram(), r.name());
            assertEquals("no qualification defined for this reason (0)", l.message(), r.name());
        }
        assertFalse(QualificationLayout.of((ExitRecord) null).hasDiagram());
    }

    @Test
    void realExitsFromTheSimulator() throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8 && r.access().write());
        Layout l = QualificationLayout.of(out);
        assertEquals("0x3F8", l.field("port").value());
        assertEquals("OUT", l.field("direction").value());
        assertEquals("1 byte", l.fields().get(6).value());
        ExitRecord in = hello.first(r -> r.access() != null && r.access().address() == 0x3FD);
        assertEquals("IN", QualificationLayout.of(in).field("direction").value());

        SampleExits s = SampleExits.repOutsb(dir);
        ExitRecord str = s.first(r -> r.access() != null && r.access().count() > 1);
        Layout sl = QualificationLayout.of(str);
        assertEquals("INS/OUTS", sl.field("string").value());
        assertEquals("REP", sl.field("REP").value());
        assertEquals("0xE9", sl.field("port").value());
        assertNotNull(sl.extras().isEmpty() ? null : sl.extras().get(0), "string I/O shows the guest-linear address");
    }
}
