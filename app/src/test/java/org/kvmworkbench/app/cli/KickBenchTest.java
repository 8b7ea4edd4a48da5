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
@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
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

    /** The return-path table on KVM: eleven rows, and the passthrough rows show no userspace exit. */
    @Test
    void returnPathTableOnKvm() {
        Assumptions.assumeTrue(KvmProbe.probe().available(), KvmProbe.probe().describe());
        String why = org.kvmworkbench.kvm.ReturnPathBench.unsupportedReason();
        Assumptions.assumeTrue(why == null, "return path needs: " + why);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        KickBench.returnPath(50, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String table = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(table.contains("measured on this host: KVM"), table);
        long passthrough = table.lines().filter(l -> l.startsWith("passthrough page")).count();
        assertEquals(3, passthrough, table);
        table.lines().filter(l -> l.startsWith("passthrough page")).forEach(l ->
                assertTrue(l.substring(84).trim().startsWith("0.00"), "no userspace exit: " + l));
        assertEquals(11, KickBench.returnPathModes().size());
    }

    @Test
    void withoutKvmTheReturnPathSaysWhyItIsNotMeasured() {
        System.setProperty("kvmwb.kvm.device", "/nonexistent/kvm");
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            KickBench.returnPath(50, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains("not measured: "));
        } finally {
            System.clearProperty("kvmwb.kvm.device");
        }
    }
}
