package org.kvmworkbench.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.i18n.Texts;

class RunWatchTest {
    private final RunWatch watch = new RunWatch();

    @AfterEach
    void english() {
        Texts.setLocale(Locale.ENGLISH);
    }

    @Test
    void aRunShorterThanAFrameShowsItsTrueTimeAndRates() {
        watch.sample(0, false, 0, 0);
        assertFalse(watch.hasRun());
        assertEquals("0 s", watch.elapsedText());
        assertEquals(0, watch.instructionsPerSecond());
        // the run started and finished between two frames: the window never saw it RUNNING
        watch.sample(800_000, false, 1_200, 31);
        assertTrue(watch.hasRun());
        assertEquals("800 µs", watch.elapsedText());
        assertEquals(1_500_000, watch.instructionsPerSecond(), 1e-6);
        assertEquals(38_750, watch.exitsPerSecond(), 1e-6);
    }

    @Test
    void nothingRunMeansNoRateAndNoDivisionByZero() {
        watch.sample(0, true, 0, 0); // RUNNING, but the vCPU has not run a nanosecond yet
        assertEquals(0, watch.instructionsPerSecond());
        assertEquals(0, watch.exitsPerSecond());
        watch.sample(0, false, 5, 1); // a count without time (cannot happen, but must not become Infinity)
        assertEquals(0, watch.instructionsPerSecond());
        assertEquals(0, watch.exitsPerSecond());
        watch.sample(1_000, false, -1, 1); // a backend that cannot count instructions
        assertEquals(-1, watch.instructionsPerSecond());
    }

    @Test
    void whileRunningTheRatesAreTheLastHalfSecondsAndAtRestTheWholeRunsAverage() {
        watch.sample(0, true, 0, 0);
        watch.sample(100_000_000, true, 1_000_000, 10); // the first 0.1 s: its rates so far
        assertEquals(10_000_000, watch.instructionsPerSecond(), 1e-6);
        watch.sample(500_000_000, true, 5_000_000, 50); // a whole window
        assertEquals(10_000_000, watch.instructionsPerSecond(), 1e-6);
        watch.sample(700_000_000, true, 5_100_000, 51); // within the next window: the last whole window's rate stays
        assertEquals(10_000_000, watch.instructionsPerSecond(), 1e-6);
        watch.sample(1_000_000_000, true, 6_000_000, 60);
        assertEquals(2_000_000, watch.instructionsPerSecond(), 1e-6);
        watch.sample(1_000_000_000, false, 6_000_000, 60); // paused: over the whole second run
        assertEquals(6_000_000, watch.instructionsPerSecond(), 1e-6);
        assertEquals(60, watch.exitsPerSecond(), 1e-6);
        assertEquals("1.00 s", watch.elapsedText());
    }

    @Test
    void resetForgetsTheTimeAndTheRates() {
        watch.sample(2_000_000, false, 100, 2);
        watch.reset();
        assertFalse(watch.hasRun());
        assertEquals(0, watch.elapsedNanos());
        assertEquals(0, watch.instructionsPerSecond());
        assertEquals("0 s", watch.elapsedText());
    }

    @Test
    void theTimeIsShownInTheUnitThatFitsIt() {
        assertEquals("640 ns", RunWatch.elapsedText(640));
        assertEquals("1.50 µs", RunWatch.elapsedText(1_500));
        assertEquals("812 µs", RunWatch.elapsedText(812_000));
        assertEquals("8.12 ms", RunWatch.elapsedText(8_120_000));
        assertEquals("81.2 ms", RunWatch.elapsedText(81_200_000));
        assertEquals("1.25 s", RunWatch.elapsedText(1_250_000_000));
        assertEquals("42.3 s", RunWatch.elapsedText(42_300_000_000L));
        Texts.setLocale(Texts.ZH_CN);
        assertEquals("812 微秒", RunWatch.elapsedText(812_000));
        assertEquals("8.12 毫秒", RunWatch.elapsedText(8_120_000));
    }
}
