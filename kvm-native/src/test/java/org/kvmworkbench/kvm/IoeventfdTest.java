package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
}
