package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.kvm.sys.KvmIoctls;

/**
 * The passthrough-doorbell sample on KVM: the three doorbells are stores to a page of guest RAM (the modeled BAR),
 * served by the polling device thread and answered with IRQ 5. The only userspace exits are the sample's two
 * debugcon lines (REP OUTSB): zero for the doorbells, their completions, the EOIs and the HLTs.
 */
class PassthroughDoorbellTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
        try (Kvm kvm = Kvm.open()) {
            assumeTrue(kvm.checkExtension(KvmIoctls.KVM_CAP_IRQCHIP) > 0, "KVM_CAP_IRQCHIP missing on this host");
            assumeTrue(kvm.checkExtension(KvmIoctls.KVM_CAP_IRQFD) > 0, "KVM_CAP_IRQFD missing on this host");
        }
    }

    private static void check(VmConfig config) throws Exception {
        String expected = SampleRun.expected("passthrough-doorbell");
        SampleRun r = SampleRun.onKvmUntil(config, run -> run.console.length() >= expected.length(),
                Duration.ofMinutes(3), 20);
        assertTrue(r.reached, "console: " + r.console);
        assertEquals(expected, r.console.toString());
        assertFalse(r.finished, "the closing CLI; HLT sleeps in the kernel");
        List<ExitRecord> userspace = r.exits.stream().filter(e -> e.kvmExit() != null).toList();
        long debugconBytes = 0;
        for (ExitRecord e : userspace) {
            assertEquals(KvmExitReason.IO, e.kvmExit(), "only debugcon output reaches userspace, not " + e.reason());
            assertEquals(0xE9, e.access().address(), "only debugcon output reaches userspace");
            debugconBytes += e.access().count();
        }
        // The two REP OUTSB lines: one exit each on hardware, one per byte where KVM emulates real mode (kvm_pvm).
        String[] lines = expected.split("\n");
        assertEquals(lines[0].length() + 1 + lines[lines.length - 1].length() + 1, debugconBytes,
                "every userspace exit is a byte of the banner or the closing line: none for the doorbells");
        assertEquals(r.exitsWhenReached, r.exits.size(), "nothing after the last line");
    }

    @Test
    void doorbellsCauseNoUserspaceExitWithIrqfd() throws Exception {
        VmConfig c = SampleRun.config("passthrough-doorbell");
        assertTrue(c.kvm().irqfd(), "the sample completes through an irqfd");
        check(c);
    }

    @Test
    void doorbellsCauseNoUserspaceExitWithKvmIrqLine() throws Exception {
        VmConfig c = SampleRun.config("passthrough-doorbell");
        check(new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), c.image(), c.loadAddress(),
                c.entry(), c.devices(), c.controls(), new KvmOptions(true, false), c.baseDir()));
    }
}
