package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private SimulatedVcpu simulated(String sample) throws Exception {
        return new SimulatedVcpu(ConfigLoader.load(SampleRunner.SAMPLES.resolve(sample + ".yaml")),
                (s, b) -> console.append((char) b), "test");
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
    void theVcpuThreadTimesEveryRunAndStepAndResetStartsTheTimeOver() throws Exception {
        try (Session s = open("hello-serial", 64)) {
            assertEquals(0, s.runNanos());
            long before = System.nanoTime();
            s.stepInstruction();
            await(() -> s.loop().vcpu().instructionsRetired() == 1 && s.state() == Session.State.PAUSED);
            long step = s.runNanos();
            assertTrue(step > 0 && step <= System.nanoTime() - before, "one instruction took " + step + " ns");
            Thread.sleep(20);
            assertEquals(step, s.runNanos(), "no time runs while paused");
            s.stepExit();
            await(() -> s.ring().totalWritten() == 1 && s.state() == Session.State.PAUSED);
            long exit = s.runNanos();
            assertTrue(exit > step, exit + " after " + step);
            s.run();
            await(() -> s.state() == Session.State.FINISHED);
            long run = s.runNanos();
            assertTrue(run > exit && run <= System.nanoTime() - before, run + " ns");
            s.reset();
            await(() -> s.epoch() == 1 && s.state() == Session.State.PAUSED);
            assertEquals(0, s.runNanos());
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

    @Test
    void resetFollowedAtOnceByRunFromAnotherThreadIsNeverLost() throws Exception {
        try (Session s = open("hello-serial", 4096)) {
            s.run();
            await(() -> s.state() == Session.State.FINISHED);
            long exitsPerRun = s.loop().exits();
            ExecutorService resetter = Executors.newSingleThreadExecutor();
            try {
                for (int i = 1; i <= 200; i++) {
                    resetter.submit(s::reset).get(); // Reset on one thread, returned ...
                    s.run();                           // ... then Run at once on another
                    long epoch = i;
                    await(() -> s.epoch() == epoch && s.loop().outcome() == RunOutcome.HALTED
                            && s.state() == Session.State.FINISHED);
                    assertEquals(exitsPerRun, s.loop().exits(), "iteration " + i + ": a fresh VM ran to its end once");
                }
            } finally {
                resetter.shutdownNow();
            }
        }
    }

    @Test
    void stepsFromManyThreadsAreAllExecuted() throws Exception {
        int threads = 8, perThread = 300;
        try (Session s = open("runaway-loop", 64)) {
            runConcurrently(threads, () -> {
                for (int i = 0; i < perThread; i++) s.stepInstruction();
            });
            // the step over runaway-loop's one `mov ss, ax` also runs the next instruction (SDM Vol. 3A 6.8.3 shadow)
            long expected = threads * perThread + 1;
            await(() -> s.loop().vcpu().instructionsRetired() == expected && s.state() == Session.State.PAUSED);
        }
    }

    @Test
    void resetsFromManyThreadsAreAllExecutedAndRunsGivenAfterThemToo() throws Exception {
        int threads = 8, perThread = 50;
        try (Session s = open("hello-serial", 64)) {
            runConcurrently(threads, () -> {
                for (int i = 0; i < perThread; i++) {
                    s.reset();
                    s.stepExit();
                }
            });
            await(() -> s.epoch() == threads * perThread);
            s.run(); // after every reset: it runs the fresh VM to its end
            await(() -> s.state() == Session.State.FINISHED && s.loop().outcome() == RunOutcome.HALTED);
        }
    }

    private static void runConcurrently(int threads, Runnable work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> all = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                work.run();
            });
            th.start();
            all.add(th);
        }
        for (Thread th : all) th.join();
    }

    @Test
    void pauseCancelsRunsGivenBeforeItButNotAfterIt() throws Exception {
        try (Session s = open("runaway-loop", 64)) {
            s.run();
            s.pause();
            s.run();
            await(() -> s.state() == Session.State.RUNNING && s.loop().vcpu().instructionsRetired() > 3 * HeadlessRun.SLICE);
            s.pause();
            await(() -> s.state() == Session.State.PAUSED);
            long retired = s.loop().vcpu().instructionsRetired();
            Thread.sleep(50);
            assertEquals(retired, s.loop().vcpu().instructionsRetired(), "paused means paused");
        }
    }

    @Test
    void resetMakesAFreshVmWhoseCountsStartAtZero() throws Exception {
        try (Session s = open("hello-serial", 4096)) {
            s.run();
            await(() -> s.state() == Session.State.FINISHED);
            long exits = s.loop().exits();
            long instructions = s.loop().vcpu().instructionsRetired();
            s.reset();
            s.run();
            await(() -> s.epoch() == 1 && s.state() == Session.State.FINISHED && s.loop().outcome() == RunOutcome.HALTED);
            assertEquals(exits, s.loop().exits());
            assertEquals(exits, s.loop().stats().total());
            assertEquals(exits, s.loop().lastRecord().seq());
            assertEquals(exits, s.ring().totalWritten());
            List<ExitRecord> ring = s.ring().snapshot();
            assertEquals(1, ring.get(0).seq());
            assertEquals(exits, ring.get(ring.size() - 1).seq());
            assertEquals(instructions, s.loop().vcpu().instructionsRetired());
        }
    }

    @Test
    void resetListenersSeeTheNewEpochWithEverythingAlreadyFresh() throws Exception {
        try (Session s = open("hello-serial", 64)) {
            List<String> seen = new CopyOnWriteArrayList<>();
            s.addResetListener(epoch -> seen.add(epoch + " " + s.loop().exits() + " " + s.ring().totalWritten() + " "
                    + s.loop().stats().total() + " " + s.loop().vcpu().instructionsRetired() + " " + s.loop().lastRecord()));
            s.run();
            await(() -> s.state() == Session.State.FINISHED);
            s.reset();
            await(() -> s.epoch() == 1 && s.state() == Session.State.PAUSED);
            assertEquals(List.of("1 0 0 0 0 null"), seen);
        }
    }

    @Test
    void closeWaitsForAVcpuThatCannotStopAndNeverClosesItUnderARun() throws Exception {
        SpinningVcpu vcpu = new SpinningVcpu(simulated("runaway-loop"));
        Session s = new Session(new VmmLoop(vcpu), 16);
        s.run();
        await(() -> vcpu.inRun);
        vcpu.ignoreKicks = true;
        Thread closer = new Thread(s::close, "closer");
        closer.start();
        // well past the 2 s the old close waited before closing the vCPU anyway (close kicks every ~10 ms)
        await(() -> vcpu.kicks.get() >= 250 || vcpu.closedOn != null);
        assertNull(vcpu.closedOn, "the vCPU was closed under a run in progress");
        assertTrue(closer.isAlive(), "close returned while the vCPU thread could still touch the vCPU");
        vcpu.ignoreKicks = false;
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertEquals("vcpu-0", vcpu.closedOn.getName(), "the vCPU thread closes the vCPU on its way out");
        assertFalse(vcpu.closedDuringRun);
        assertEquals(Session.State.CLOSED, s.state());
    }

    @Test
    void closeKicksAGuestSpinningInsideItsRunAndReturnsAfterTheThreadEnded() throws Exception {
        SpinningVcpu vcpu = new SpinningVcpu(simulated("runaway-loop"));
        Session s = new Session(new VmmLoop(vcpu), 16);
        s.run();
        await(() -> vcpu.inRun);
        s.close();
        assertEquals(Session.State.CLOSED, s.state());
        assertFalse(vcpu.closedDuringRun);
        assertEquals("vcpu-0", vcpu.closedOn.getName());
    }

    @Test
    void pauseStopsAGuestSpinningInsideItsRun() throws Exception {
        SpinningVcpu vcpu = new SpinningVcpu(simulated("runaway-loop"));
        try (Session s = new Session(new VmmLoop(vcpu), 16)) {
            s.run();
            await(() -> vcpu.inRun);
            s.pause();
            await(() -> s.state() == Session.State.PAUSED);
            assertFalse(vcpu.inRun);
        }
    }

    @Test
    void closeFromAListenerOnTheVcpuThreadEndsTheSession() throws Exception {
        Session s = open("hello-serial", 64);
        s.addExitListener(r -> s.close());
        s.run();
        await(() -> s.state() == Session.State.CLOSED);
        assertEquals(1, s.loop().exits());
    }

    @Test
    void aRunPausesAtItsInstructionLimitExactlyAndTheNextRunGetsAFreshOne() throws Exception {
        try (Session s = open("runaway-loop", 16)) {
            assertEquals(RunLimits.DEFAULT, s.limits(), "the GUI starts with the CLI's limits");
            s.setLimits(new RunLimits(0, 250_001, Duration.ZERO));
            s.run();
            await(() -> s.limitPauses() == 1 && s.state() == Session.State.PAUSED);
            assertEquals(250_001, s.loop().vcpu().instructionsRetired(), "exact, not rounded to a slice");
            assertEquals("250001 instructions", s.limitReached());
            assertNull(s.loop().outcome(), "a limit pauses the GUI's run; the VM can go on");
            s.run();
            await(() -> s.limitPauses() == 2 && s.state() == Session.State.PAUSED);
            assertEquals(500_002, s.loop().vcpu().instructionsRetired(), "counted per run");
        }
    }

    @Test
    void aRunPausesAtItsExitLimit() throws Exception {
        try (Session s = open("hello-serial", 16)) {
            s.setLimits(new RunLimits(5, 0, Duration.ZERO));
            s.run();
            await(() -> s.limitPauses() == 1 && s.state() == Session.State.PAUSED);
            assertEquals(5, s.loop().exits());
            assertEquals("5 exits", s.limitReached());
        }
    }

    @Test
    void aRunPausesAtItsTimeLimitAndTheNoteClearsWhenTheNextRunStarts() throws Exception {
        try (Session s = open("runaway-loop", 16)) {
            s.setLimits(new RunLimits(0, 0, Duration.ofMillis(50)));
            s.run();
            await(() -> s.limitPauses() == 1 && s.state() == Session.State.PAUSED);
            assertEquals("50 ms", s.limitReached());
            s.setLimits(new RunLimits(0, 0, Duration.ZERO));
            s.run();
            await(() -> s.state() == Session.State.RUNNING);
            assertNull(s.limitReached());
            s.pause();
            await(() -> s.state() == Session.State.PAUSED);
            assertEquals(1, s.limitPauses(), "a pause by the user is not a limit");
        }
    }
}
