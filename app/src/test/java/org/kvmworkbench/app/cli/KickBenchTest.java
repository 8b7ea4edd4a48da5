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
            Files.write(dir.resolve("kick-mmio.bin"), KickBench.mmioGuest(100));
            KickBench.Row mmio = KickBench.measure(dir, 100, true, false);
            KickBench.Row mmioEventfd = KickBench.measure(dir, 100, true, true);
            assertTrue(mmio.mode().startsWith("MMIO"), mmio.mode());
            assertEquals(1.0, mmio.userspaceExitsPerKick(), 1e-9);
            assertEquals(0.0, mmioEventfd.userspaceExitsPerKick(), 1e-9);
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
        Files.write(dir.resolve("kick-mmio.bin"), KickBench.mmioGuest(2000));
        KickBench.Row mmio = KickBench.measure(dir, 2000, true, false);
        KickBench.Row mmioEventfd = KickBench.measure(dir, 2000, true, true);
        assertEquals(1.0, mmio.userspaceExitsPerKick(), 1e-9);
        assertEquals(0.0, mmioEventfd.userspaceExitsPerKick(), 1e-9);
        assertTrue(mmio.microsPerKick() > 0 && mmioEventfd.microsPerKick() > 0);
    }
}
