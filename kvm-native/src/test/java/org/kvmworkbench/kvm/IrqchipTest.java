package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.kvm.KvmExitReason;

class IrqchipTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /**
     * With the in-kernel irqchip (kvm: irqchip: true) HLT is finished in the kernel: the vCPU blocks in KVM_RUN
     * (kvm_vcpu_halt) instead of returning KVM_EXIT_HLT, so after the greeting only an interrupt ends a run. Waits
     * for the greeting (no fixed time: a nested host is slow), then 20 more runs must bring no exit at all.
     */
    @Test
    void withTheInKernelIrqchipHltNeverReachesUserspace() throws Exception {
        VmConfig c = SampleRun.config("hello-serial");
        VmConfig irqchip = new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), c.image(),
                c.loadAddress(), c.entry(), c.devices(), c.controls(), new KvmOptions(true), c.baseDir());
        String greeting = SampleRun.expected("hello-serial");
        SampleRun r = SampleRun.onKvmUntil(irqchip, run -> run.console.length() >= greeting.length(),
                Duration.ofMinutes(3), 20);
        assertTrue(r.reached, "greeting: " + r.console);
        assertEquals(greeting, r.console.toString());
        assertFalse(r.finished, "the VM never stops by itself");
        assertEquals(r.exitsWhenReached, r.exits.size(), "no exit after the greeting: the HLT blocks in the kernel");
        assertTrue(r.exits.stream().noneMatch(e -> e.kvmExit() == KvmExitReason.HLT));
    }
}
