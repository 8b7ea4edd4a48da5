package org.kvmworkbench.core.session;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs a VMM loop to completion on the caller's thread (the CLI and tests), within {@link RunLimits}:
 * <ul>
 *   <li>instructions (backends that count them): exact. Each run gets a budget of at most what is left, so the
 *       run stops with exactly the limit retired;</li>
 *   <li>exits: exact. Limits are checked after every exit;</li>
 *   <li>time: the deadline is the host's monotonic clock ({@link System#nanoTime}). It is checked after every exit
 *       and every slice of {@value #SLICE} instructions, and on KVM, where no budget ends a run, a watchdog kicks
 *       the vCPU out of KVM_RUN at the deadline.</li>
 * </ul>
 */
public final class HeadlessRun {
    /**
     * Instructions per run between checks of the clock and of a pause: about 0.6 ms of the simulator on the
     * development host (~165 M instructions/s), so a time limit, a pause or a close takes effect well within 10 ms.
     */
    static final long SLICE = 100_000;
    /** How often the watchdog kicks again after the deadline until the loop has seen it. */
    private static final long REKICK_NANOS = 1_000_000;

    public record Result(RunOutcome outcome, String detail, ExitStats stats, long exits, long instructions) {}

    private HeadlessRun() {
    }

    /**
     * On a backend whose run has no instruction budget (KVM), a guest that never exits would keep its run
     * from returning: at the deadline this kicks the vCPU (and again every millisecond until closed),
     * so the loop sees the timeout.
     */
    private static final class Watchdog implements AutoCloseable {
        private final Thread thread;
        private volatile boolean done;

        Watchdog(VmmLoop loop, boolean timed, long deadline) {
            thread = new Thread(() -> {
                while (!done) {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        LockSupport.parkNanos(left);
                    } else {
                        loop.vcpu().interrupt();
                        LockSupport.parkNanos(REKICK_NANOS);
                    }
                }
            }, "headless-watchdog");
            thread.setDaemon(true);
            if (timed) thread.start();
        }

        @Override public void close() {
            done = true;
            LockSupport.unpark(thread);
            if (!thread.isAlive()) return;
            boolean interrupted = false;
            for (;;) { // no kick may reach a vCPU the caller is about to close
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public static Result run(VmmLoop loop, RunLimits limits) {
        long timeout = timeoutNanos(limits);
        long deadline = System.nanoTime() + timeout; // compared by difference: overflow-safe
        try (Watchdog w = new Watchdog(loop, timeout > 0, deadline)) {
            return runUntilDone(loop, limits, timeout > 0, deadline);
        }
    }

    /** The timeout in nanoseconds, or 0 for none (none given, zero, or too long to count in nanoseconds). */
    private static long timeoutNanos(RunLimits limits) {
        if (limits.timeout() == null || limits.timeout().isNegative()) return 0;
        try {
            return limits.timeout().toNanos() < Long.MAX_VALUE / 2 ? limits.timeout().toNanos() : 0;
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    private static Result runUntilDone(VmmLoop loop, RunLimits limits, boolean timed, long deadline) {
        while (loop.outcome() == null && !limitReached(loop, limits, timed, deadline)) {
            loop.step(budget(loop, limits));
        }
        return new Result(loop.outcome(), loop.outcomeDetail(), loop.stats(), loop.exits(),
                loop.vcpu().instructionsRetired());
    }

    /** The next run's budget: a slice, or what is left of the instruction limit if that is less. */
    static long budget(VmmLoop loop, RunLimits limits) {
        long retired = loop.vcpu().instructionsRetired();
        if (limits.maxInstructions() <= 0 || retired < 0) return SLICE;
        return Math.max(1, Math.min(SLICE, limits.maxInstructions() - retired));
    }

    /** Stops the loop with the limit's outcome if one is reached. */
    private static boolean limitReached(VmmLoop loop, RunLimits limits, boolean timed, long deadline) {
        long retired = loop.vcpu().instructionsRetired();
        if (limits.maxExits() > 0 && loop.exits() >= limits.maxExits()) {
            loop.stop(RunOutcome.EXIT_LIMIT, loop.exits() + " exits");
        } else if (limits.maxInstructions() > 0 && retired >= limits.maxInstructions()) {
            loop.stop(RunOutcome.INSTRUCTION_LIMIT, retired + " instructions");
        } else if (timed && System.nanoTime() - deadline >= 0) {
            loop.stop(RunOutcome.TIME_LIMIT, limits.timeout().toMillis() + " ms");
        } else {
            return false;
        }
        return true;
    }
}
