package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;

class IrqchipTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /**
     * With the in-kernel irqchip (kvm: irqchip: true) HLT is finished in the kernel: the vCPU blocks in KVM_RUN
     * (kvm_vcpu_halt) instead of returning KVM_EXIT_HLT, so after the greeting only the time limit ends the run.
     */
    @Test
    void withTheInKernelIrqchipHltNeverReachesUserspace() throws Exception {
        VmConfig c = SampleRun.config("hello-serial");
        VmConfig irqchip = new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), c.image(),
                c.loadAddress(), c.entry(), c.devices(), c.controls(), new KvmOptions(true), c.baseDir());
        SampleRun r = SampleRun.onKvm(irqchip, new RunLimits(0, 0, Duration.ofMillis(300)));
        assertEquals(SampleRun.expected("hello-serial"), r.console.toString());
        assertEquals(RunOutcome.TIME_LIMIT, r.result.outcome());
        assertTrue(r.exits.stream().noneMatch(e -> e.kvmExit() == KvmExitReason.HLT));
    }
}
