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
    void theDiagnosticIsEnglishAndTheWindowCanSayItInChinese() {
        String english = KvmProbe.probe(Path.of("/dev/no-such-kvm")).describe();
        try {
            org.kvmworkbench.core.i18n.Messages.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
            assertEquals(english, KvmProbe.probe(Path.of("/dev/no-such-kvm")).describe(), "describe() stays English");
            assertEquals("没有 KVM 设备（kvm 内核模块加载了吗？这是一台未开启嵌套虚拟化的虚拟机吗？）: /dev/no-such-kvm",
                    KvmProbe.inCurrentLanguage(english));
            for (KvmProbe.Reason r : KvmProbe.Reason.values()) assertFalse(r.meaning().startsWith("!"), r.name());
        } finally {
            org.kvmworkbench.core.i18n.Messages.setLocale(java.util.Locale.ROOT);
        }
        assertEquals(english, KvmProbe.inCurrentLanguage(english));
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
