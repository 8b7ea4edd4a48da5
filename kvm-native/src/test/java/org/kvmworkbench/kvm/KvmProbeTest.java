package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class KvmProbeTest {
    @Test
    void aMissingDeviceIsReportedAsMissing() {
        KvmProbe.Result r = KvmProbe.probe(Path.of("/dev/no-such-kvm"));
        assertFalse(r.available());
        assertEquals(KvmProbe.Reason.MISSING, r.reason());
        assertTrue(r.describe().contains("/dev/no-such-kvm"), r.describe());
    }

    @Test
    void aDeviceThatIsNotKvmIsReportedAsSuch() {
        KvmProbe.Result r = KvmProbe.probe(Path.of("/dev/null"));
        assertEquals(KvmProbe.Reason.NOT_KVM, r.reason(), r.describe());
    }

    @Test
    void thisMachinesKvmIsUsableAndItsVendorKnown() {
        KvmProbe.Result r = KvmProbe.probe();
        SampleRun.assumeKvm();
        assertTrue(r.available(), r.describe());
        assertTrue(r.host() != HostVirtualization.UNKNOWN, r.describe());
    }
}
