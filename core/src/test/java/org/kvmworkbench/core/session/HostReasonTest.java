package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** On an AMD SVM host the exit's own code (the VMCB EXITCODE) comes first, the VMX reason is its equivalent. */
class HostReasonTest {
    private static final String NPF = "SVM_EXIT_NPF (0x400)", IOIO = "SVM_EXIT_IOIO (0x07b)";

    @Test
    void onAnSvmHostTheSummaryCountsBySvmCodeWithTheVmxEquivalents() {
        ExitStats s = new ExitStats();
        s.count(VmxExitReason.EPT_VIOLATION, true, NPF);
        s.count(VmxExitReason.EPT_MISCONFIG, true, NPF);
        s.count(VmxExitReason.EPT_MISCONFIG, true, NPF);
        s.count(VmxExitReason.IO_INSTRUCTION, true, IOIO);
        assertEquals("SVM_EXIT_IOIO (0x07b) [VMX 30]: 1, SVM_EXIT_NPF (0x400) [VMX 48, 49]: 3", s.summary());
        assertEquals("SVM_EXIT_IOIO (0x07b) [VMX 30]: 1, SVM_EXIT_NPF (0x400) [VMX 48, 49]: 3", s.snapshot().summary());
        assertEquals(NPF, s.snapshot().hostReason(VmxExitReason.EPT_MISCONFIG));
        assertEquals(2, s.count(VmxExitReason.EPT_MISCONFIG), "the VMX counts stay");
    }

    @Test
    void elsewhereTheSummaryIsByVmxReasonAsBefore() {
        ExitStats s = new ExitStats();
        s.count(VmxExitReason.EPT_VIOLATION, true, "");
        s.count(VmxExitReason.IO_INSTRUCTION, true);
        assertEquals("30 I/O instruction: 1, 48 EPT violation: 1", s.summary());
        assertEquals("", s.hostReason(VmxExitReason.IO_INSTRUCTION));
    }

    @Test
    void aRecordFromAnSvmHostLeadsWithItsExitCode() {
        ExitRecord amd = record(NPF);
        assertTrue(amd.svmNative());
        assertEquals(NPF, amd.primaryLabel());
        assertEquals("VMX 49 EPT misconfiguration", amd.secondaryLabel());
        ExitRecord intel = record("");
        assertFalse(intel.svmNative());
        assertEquals("49 EPT misconfiguration", intel.primaryLabel());
        assertEquals(NPF, intel.secondaryLabel());
    }

    private static ExitRecord record(String hostReason) {
        return new ExitRecord(1, VmxExitReason.EPT_MISCONFIG, 0, 0, 0xD0000000L, 0xD0000000L, 0, NPF, KvmExitReason.MMIO,
                ExitPath.USERSPACE_MMIO, null, null, "mov [bx], al", org.kvmworkbench.core.i18n.Phrase.NONE, -1, -1, hostReason);
    }
}
