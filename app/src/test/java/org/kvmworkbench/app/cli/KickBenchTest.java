package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.kvm.KvmProbe;

/** ioeventfd removes the userspace trip of every kick: on the simulator and, where it is usable, on KVM. */
class KickBenchTest {
    @TempDir Path dir;

    @Test
    void simulatorCountsOneUserspaceExitPerKickWithoutIoeventfdAndNoneWithIt() throws Exception {
        System.setProperty("kvmwb.kvm.device", "/nonexistent/kvm");
        try {
            Files.write(dir.resolve("kick.bin"), KickBench.guest(100));
            KickBench.Row plain = KickBench.measure(dir, 100, false);
            KickBench.Row eventfd = KickBench.measure(dir, 100, true);
            assertTrue(plain.backend().startsWith("simulated"));
            assertEquals(1.0, plain.userspaceExitsPerKick(), 1e-9);
            assertEquals(0.0, eventfd.userspaceExitsPerKick(), 1e-9);
            assertEquals(-1, plain.microsPerKick(), "the simulator's time is not a measurement");
        } finally {
            System.clearProperty("kvmwb.kvm.device");
        }
    }

    @Test
    void onKvmTheKicksAreMeasuredAndIoeventfdRemovesTheExits() throws Exception {
        Assumptions.assumeTrue(KvmProbe.probe().available(), KvmProbe.probe().describe());
        Files.write(dir.resolve("kick.bin"), KickBench.guest(2000));
        KickBench.Row plain = KickBench.measure(dir, 2000, false);
        KickBench.Row eventfd = KickBench.measure(dir, 2000, true);
        assertTrue(plain.backend().startsWith("kvm"));
        assertEquals(1.0, plain.userspaceExitsPerKick(), 1e-9);
        assertEquals(0.0, eventfd.userspaceExitsPerKick(), 1e-9);
        assertTrue(plain.microsPerKick() > 0 && eventfd.microsPerKick() > 0);
    }
}
