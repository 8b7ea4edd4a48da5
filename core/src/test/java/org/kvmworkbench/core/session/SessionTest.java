package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.vmx.VmxExitReason;

class SessionTest {
    private final StringBuffer console = new StringBuffer();

    private Session open(String sample, int ring) throws Exception {
        SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(SampleRunner.SAMPLES.resolve(sample + ".yaml")),
                (s, b) -> console.append((char) b), "test");
        return new Session(new VmmLoop(vcpu), ring);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(2);
        }
    }

    @Test
    void runToCompletionFromAnotherThread() throws Exception {
        try (Session s = open("hello-serial", 16)) {
            CountDownLatch finished = new CountDownLatch(1);
            s.addStateListener(st -> { if (st == Session.State.FINISHED) finished.countDown(); });
            s.run();
            assertTrue(finished.await(10, TimeUnit.SECONDS));
            assertEquals("Hello from the guest via the 16550 UART!\r\n", console.toString());
            assertEquals(RunOutcome.HALTED, s.loop().outcome());
            List<ExitRecord> recent = s.ring().snapshot();
            assertEquals(16, recent.size(), "ring keeps only the newest exits");
            assertEquals(s.loop().exits(), recent.get(15).seq());
        }
    }

    @Test
    void stepExitTakesExactlyOneExit() throws Exception {
        try (Session s = open("hello-serial", 64)) {
            s.stepExit();
            await(() -> s.ring().totalWritten() == 1 && s.state() == Session.State.PAUSED);
            ExitRecord first = s.ring().snapshot().get(0);
            assertEquals(VmxExitReason.IO_INSTRUCTION, first.reason());
            s.stepExit();
            await(() -> s.ring().totalWritten() == 2 && s.state() == Session.State.PAUSED);
        }
    }

    @Test
    void stepInstructionRetiresOneInstruction() throws Exception {
        try (Session s = open("hello-serial", 64)) {
            s.stepInstruction();
            await(() -> s.loop().vcpu().instructionsRetired() == 1 && s.state() == Session.State.PAUSED);
            s.stepInstruction();
            await(() -> s.loop().vcpu().instructionsRetired() == 2 && s.state() == Session.State.PAUSED);
        }
    }

    @Test
    void runUntilStopsAtTheFirstMatchingExit() throws Exception {
        try (Session s = open("cpuid-msr", 64)) {
            s.runUntil(e -> e.reason() == VmxExitReason.MSR_READ);
            await(() -> s.state() == Session.State.PAUSED && s.ring().totalWritten() > 0);
            List<ExitRecord> seen = s.ring().snapshot();
            assertEquals(VmxExitReason.MSR_READ, seen.get(seen.size() - 1).reason());
            assertNull(s.loop().outcome());
        }
    }

    @Test
    void closeStopsARunningGuest() throws Exception {
        Session s = open("runaway-loop", 16);
        s.run();
        await(() -> s.loop().vcpu().instructionsRetired() > 1_000_000);
        long t0 = System.nanoTime();
        s.close();
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "close returns promptly");
        await(() -> s.state() == Session.State.CLOSED);
        long retired = s.loop().vcpu().instructionsRetired();
        Thread.sleep(50);
        assertEquals(retired, s.loop().vcpu().instructionsRetired(), "the vCPU thread is gone");
    }

    @Test
    void pauseStopsARunawayGuestAndResetStartsOver() throws Exception {
        try (Session s = open("runaway-loop", 64)) {
            s.run();
            await(() -> s.loop().vcpu().instructionsRetired() > 1_000_000);
            s.pause();
            await(() -> s.state() == Session.State.PAUSED);
            long retired = s.loop().vcpu().instructionsRetired();
            Thread.sleep(50);
            assertEquals(retired, s.loop().vcpu().instructionsRetired(), "paused means paused");
            s.reset();
            await(() -> s.loop().vcpu().instructionsRetired() == 0 && s.state() == Session.State.PAUSED);
            assertEquals(0, s.ring().totalWritten());
        }
    }
}
