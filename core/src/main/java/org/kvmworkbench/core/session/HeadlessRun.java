package org.kvmworkbench.core.session;

/** Runs a VMM loop to completion in bounded slices, on the caller's thread (the CLI and tests). */
public final class HeadlessRun {
    /** Instructions per slice between limit checks: small enough to notice a timeout within milliseconds. */
    static final long SLICE = 1_000_000;

    public record Result(RunOutcome outcome, String detail, ExitStats stats, long exits, long instructions) {}

    private HeadlessRun() {
    }

    /**
     * On a backend whose run has no instruction budget (KVM), a guest that never exits would keep its run
     * from returning: once the deadline passes, this kicks the vCPU (every 50 ms) so the loop sees the timeout.
     */
    private static final class Watchdog implements AutoCloseable {
        private final Thread thread;
        private volatile boolean done;

        Watchdog(VmmLoop loop, long deadline) {
            thread = new Thread(() -> {
                try {
                    while (!done) {
                        long wait = Math.max(50, (deadline - System.nanoTime()) / 1_000_000);
                        Thread.sleep(Math.min(wait, 1000));
                        if (!done && System.nanoTime() > deadline) loop.vcpu().interrupt();
                    }
                } catch (InterruptedException e) {
                    // closed
                }
            }, "headless-watchdog");
            thread.setDaemon(true);
            if (deadline != Long.MAX_VALUE) thread.start();
        }

        @Override public void close() {
            done = true;
            thread.interrupt();
        }
    }

    public static Result run(VmmLoop loop, RunLimits limits) {
        long deadline = limits.timeout() == null || limits.timeout().isZero() ? Long.MAX_VALUE
                : System.nanoTime() + limits.timeout().toNanos();
        try (Watchdog w = new Watchdog(loop, deadline)) {
            return runUntilDone(loop, limits, deadline);
        }
    }

    private static Result runUntilDone(VmmLoop loop, RunLimits limits, long deadline) {
        while (loop.outcome() == null) {
            VmmLoop.Step s = loop.step(SLICE);
            long retired = loop.vcpu().instructionsRetired();
            if (s == VmmLoop.Step.FINISHED) break;
            if (limits.maxExits() > 0 && loop.exits() >= limits.maxExits()) {
                loop.stop(RunOutcome.EXIT_LIMIT, loop.exits() + " exits");
            } else if (limits.maxInstructions() > 0 && retired >= limits.maxInstructions()) {
                loop.stop(RunOutcome.INSTRUCTION_LIMIT, retired + " instructions");
            } else if (System.nanoTime() > deadline) {
                loop.stop(RunOutcome.TIME_LIMIT, limits.timeout().toMillis() + " ms");
            }
        }
        return new Result(loop.outcome(), loop.outcomeDetail(), loop.stats().snapshot(), loop.exits(),
                loop.vcpu().instructionsRetired());
    }
}
