package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.device.ConsoleSink;

/** Limits are exact: the run stops with exactly the limit's count, not at the end of a slice. */
class HeadlessRunTest {
    @Test void tenInstructionsRetireExactlyTen() throws Exception {
        SampleRunner r = new SampleRunner("runaway-loop", new RunLimits(0, 10, null));
        assertEquals(RunOutcome.INSTRUCTION_LIMIT, r.result.outcome());
        assertEquals(10, r.result.instructions());
        assertEquals(10, r.loop.vcpu().instructionsRetired());
    }

    @Test void anInstructionLimitThatIsNotAMultipleOfTheSliceIsExact() throws Exception {
        long limit = 3 * HeadlessRun.SLICE + 12_345;
        SampleRunner r = new SampleRunner("runaway-loop", new RunLimits(0, limit, null));
        assertEquals(RunOutcome.INSTRUCTION_LIMIT, r.result.outcome());
        assertEquals(limit, r.result.instructions());
    }

    @Test void anInstructionLimitThatFallsBetweenExitsIsExact() throws Exception {
        // runaway-loop prints through debugcon first: exits at every OUT, then spins
        for (long limit = 1; limit <= 40; limit++) {
            SampleRunner r = new SampleRunner("runaway-loop", new RunLimits(0, limit, null));
            assertEquals(limit, r.result.instructions(), "limit " + limit);
        }
    }

    @Test void anExitLimitStopsAtExactlyThatExit() throws Exception {
        SampleRunner r = new SampleRunner("hello-serial", new RunLimits(7, 0, null));
        assertEquals(RunOutcome.EXIT_LIMIT, r.result.outcome());
        assertEquals(7, r.result.exits());
        assertEquals(7, r.exits.size());
        assertEquals(7, r.result.stats().total());
    }

    @Test void theDefaultLimitsBoundExitsToo() {
        assertTrue(RunLimits.DEFAULT.maxExits() > 0, "a guest that storms the VMM with exits is bounded by count");
        assertTrue(RunLimits.DEFAULT.maxInstructions() > 0);
        assertTrue(RunLimits.DEFAULT.timeout().toSeconds() > 0);
    }

    @Test void aTimeoutTooLongForNanosecondsMeansNoTimeout() throws Exception {
        SampleRunner r = new SampleRunner("runaway-loop", new RunLimits(0, 1000, Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(RunOutcome.INSTRUCTION_LIMIT, r.result.outcome());
    }

    /** A console whose reader never drains: the UART holds the guest in its LSR poll, and the limits still fire. */
    private static HeadlessRun.Result helloSerialIntoAFullConsole(RunLimits limits, StringBuilder console) throws Exception {
        ConsoleSink full = new ConsoleSink() {
            @Override public void write(String source, int b) {
                console.append((char) b);
            }

            @Override public int room() {
                return console.length() < 5 ? 1 : 0; // takes "Hello", then nothing more
            }
        };
        var config = ConfigLoader.load(SampleRunner.SAMPLES.resolve("hello-serial.yaml"));
        return HeadlessRun.run(new VmmLoop(new SimulatedVcpu(config, full, "test")), limits);
    }

    @Test void aTimeoutFiresWhileTheGuestPollsLsrOfAFullConsole() throws Exception {
        StringBuilder console = new StringBuilder();
        HeadlessRun.Result r = helloSerialIntoAFullConsole(new RunLimits(0, 0, Duration.ofMillis(200)), console);
        assertEquals(RunOutcome.TIME_LIMIT, r.outcome());
        assertEquals("Hello", console.toString(), "held back, not lost and not written past the room");
        assertTrue(r.exits() > 100, "the guest kept polling LSR: " + r.exits());
    }

    @Test void anExitLimitFiresWhileTheGuestPollsLsrOfAFullConsole() throws Exception {
        StringBuilder console = new StringBuilder();
        HeadlessRun.Result r = helloSerialIntoAFullConsole(new RunLimits(10_000, 0, null), console);
        assertEquals(RunOutcome.EXIT_LIMIT, r.outcome());
        assertEquals(10_000, r.exits());
        assertEquals("Hello", console.toString());
    }
}
