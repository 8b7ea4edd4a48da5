package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.RunOutcome;

class IoeventfdTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /** The doorbell OUT to 0xC010 is finished in the kernel (eventfd signal): no userspace exit, yet three kicks. */
    @Test
    void kicksNeverReachUserspaceButTheDeviceThreadServesThem() throws Exception {
        SampleRun r = SampleRun.onKvm("virtio-kick-ioeventfd", SampleRun.LIMITS);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertTrue(r.exits.stream().noneMatch(e -> e.access() != null && e.access().address() == 0xC010),
                "no exit at the doorbell port");
        assertEquals(SampleRun.expected("virtio-kick-ioeventfd"), r.console.toString());

        SampleRun plain = SampleRun.onKvm("virtio-kick", SampleRun.LIMITS);
        assertEquals(3, plain.exits.stream().filter(e -> e.access() != null && e.access().address() == 0xC010).count(),
                "without ioeventfd each kick is a userspace exit");
    }

    /**
     * KVM_IOEVENTFD without the PIO flag: the 32-bit store to QueueNotify (0xD0050) is matched on KVM's MMIO bus and
     * finished in the kernel, so it never comes back as KVM_EXIT_MMIO; the other MMIO registers still do.
     */
    @Test
    void mmioKicksNeverReachUserspaceButTheDeviceThreadServesThem() throws Exception {
        SampleRun r = SampleRun.onKvm("virtio-mmio-kick-ioeventfd", SampleRun.LIMITS);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertTrue(r.exits.stream().noneMatch(e -> e.access() != null && e.access().address() == 0xD0050),
                "no KVM_EXIT_MMIO at QueueNotify");
        assertTrue(r.exits.stream().anyMatch(e -> e.kvmExit() == KvmExitReason.MMIO && e.access().address() == 0xD0070),
                "the status register still exits");
        assertEquals(SampleRun.expected("virtio-mmio-kick-ioeventfd"), r.console.toString());

        SampleRun plain = SampleRun.onKvm("virtio-mmio-kick", SampleRun.LIMITS);
        assertEquals(3, plain.exits.stream().filter(e -> e.kvmExit() == KvmExitReason.MMIO
                && e.access().address() == 0xD0050).count(), "without ioeventfd each kick is a KVM_EXIT_MMIO");
    }
}
