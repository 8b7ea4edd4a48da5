package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.session.VmmLoop;

/** The GUI's controls on real KVM: step one instruction, pause a guest spinning inside KVM_RUN, reset. */
class SessionOnKvmTest {
    private final StringBuffer console = new StringBuffer();

    @BeforeEach
    void kvm() {
        Assumptions.assumeTrue(KvmProbe.probe().available(), KvmProbe.probe().describe());
    }

    private Session open(String sample) throws Exception {
        var config = ConfigLoader.load(Path.of("..", "samples", sample + ".yaml"));
        return new Session(new VmmLoop(new KvmVcpuBackend(config, (s, b) -> console.append((char) b), "test")), 64);
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        // generous: a nested KVM host in an emulator is 30-50x slower than hardware (a step took over 10 s in Bochs)
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(2);
        }
    }

    @Test
    void stepInstructionRunsExactlyOneInstruction() throws Exception {
        try (Session s = open("hello-serial")) {
            long rip0 = s.loop().vcpu().registers().rip();
            s.stepInstruction();
            await(() -> s.state() == Session.State.PAUSED && s.loop().vcpu().registers().rip() != rip0);
            long rip1 = s.loop().vcpu().registers().rip();
            // hello-serial starts with mov ax, cs (2 bytes) or similar: one instruction, not a run to the next exit
            int length = org.kvmworkbench.core.cpu.Disassembler.decode(s.loop().vcpu().machine().memory(), rip0, (int) rip0).length();
            assertEquals(rip0 + length, rip1);
            assertEquals(0, s.ring().totalWritten(), "no exit was taken");
        }
    }

    @Test
    void pauseStopsAGuestSpinningInsideKvmRunAndResetStartsOver() throws Exception {
        try (Session s = open("runaway-loop")) {
            s.run();
            await(() -> console.toString().contains("spinning forever"));
            Thread.sleep(100);
            long t0 = System.nanoTime();
            s.pause();
            await(() -> s.state() == Session.State.PAUSED);
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "pause takes effect promptly");
            s.reset();
            await(() -> s.state() == Session.State.PAUSED && s.ring().totalWritten() == 0);
            assertEquals(0x1000, s.loop().vcpu().registers().rip());
        }
    }

    @Test
    void aPauseGivenWhileIdleDoesNotSwallowTheNextStep() throws Exception {
        try (Session s = open("hello-serial")) {
            s.pause(); // nothing runs: the kick stays pending in kvm_run.immediate_exit
            long rip0 = s.loop().vcpu().registers().rip();
            s.stepInstruction();
            await(() -> s.state() == Session.State.PAUSED && s.loop().vcpu().registers().rip() != rip0);
        }
    }

    @Test
    void closeKicksAGuestSpinningInsideKvmRunAndReturnsOnlyAfterTheVcpuIsClosed() throws Exception {
        Session s = open("runaway-loop");
        s.run();
        await(() -> console.toString().contains("spinning forever"));
        await(() -> s.state() == Session.State.RUNNING);
        s.close();
        assertEquals(Session.State.CLOSED, s.state(), "close returned before the vCPU thread ended");
        assertThrows(IllegalStateException.class, () -> s.loop().vcpu().registers(), "the vCPU is closed");
    }

    @Test
    void resetMakesAFreshVmOnKvm() throws Exception {
        try (Session s = open("hello-serial")) {
            s.run();
            await(() -> s.state() == Session.State.FINISHED);
            long exits = s.loop().exits();
            s.reset();
            s.run();
            await(() -> s.epoch() == 1 && s.state() == Session.State.FINISHED && s.loop().outcome() != null);
            assertEquals(exits, s.loop().exits());
            assertEquals(exits, s.loop().stats().total());
            assertEquals(exits, s.loop().lastRecord().seq());
        }
    }

    @Test
    void aTimeLimitEndsAGuestSpinningInsideKvmRunWithoutAnInterruptTimer() throws Exception {
        var config = ConfigLoader.load(Path.of("..", "samples", "runaway-loop.yaml"));
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (src, b) -> console.append((char) b), "test")) {
            HeadlessRun.Result r = HeadlessRun.run(new VmmLoop(vcpu), new RunLimits(0, 0, Duration.ofMillis(200)));
            assertEquals(RunOutcome.TIME_LIMIT, r.outcome());
            assertEquals(SampleRun.expected("runaway-loop"), console.toString());
        }
    }
}
