package org.kvmworkbench.core.session;

import java.util.function.LongSupplier;

/**
 * How long the vCPU has run since the last reset: the vCPU thread marks each run or step's start and stop, any
 * thread reads the total (the one in progress included). Two clock reads per run or step, nothing per exit, so a
 * run shorter than a frame still has its true length.
 */
final class RunClock {
    private final LongSupplier nanoTime;
    private long ranBefore; // the runs and steps that have stopped since the last reset
    private long startedAt;
    private boolean running;

    RunClock() {
        this(System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    RunClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void start() {
        if (running) return;
        startedAt = nanoTime.getAsLong();
        running = true;
    }

    synchronized void stop() {
        if (!running) return;
        ranBefore += nanoTime.getAsLong() - startedAt;
        running = false;
    }

    /** Nothing has run (a reset). */
    synchronized void reset() {
        ranBefore = 0;
        running = false;
    }

    /** Nanoseconds run since the last reset, the run in progress up to now included. */
    synchronized long elapsedNanos() {
        return running ? ranBefore + nanoTime.getAsLong() - startedAt : ranBefore;
    }
}
