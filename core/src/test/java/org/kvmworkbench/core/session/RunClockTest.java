package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RunClockTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RunClock clock = new RunClock(now::get);

    @Test
    void addsUpTheRunsAndCountsTheOneInProgressUpToNow() {
        assertEquals(0, clock.elapsedNanos());
        clock.start();
        now.addAndGet(800_000); // a run of 0.8 ms
        assertEquals(800_000, clock.elapsedNanos());
        clock.stop();
        now.addAndGet(5_000_000_000L); // paused: no time runs
        assertEquals(800_000, clock.elapsedNanos());
        clock.start();
        now.addAndGet(300);
        clock.start(); // a second start while running changes nothing
        now.addAndGet(200);
        clock.stop();
        clock.stop();
        assertEquals(800_500, clock.elapsedNanos());
    }

    @Test
    void resetStartsFromNothingEvenMidRun() {
        clock.start();
        now.addAndGet(1_000);
        clock.reset();
        assertEquals(0, clock.elapsedNanos());
        now.addAndGet(1_000);
        assertEquals(0, clock.elapsedNanos());
        clock.stop();
        assertEquals(0, clock.elapsedNanos());
    }
}
