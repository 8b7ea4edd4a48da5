package org.kvmworkbench.core.session;

/**
 * One run's {@link RunLimits}, counted from where the run started: the budget to give the next slice (so an
 * instruction limit is met exactly) and the limit the run has crossed. Used on the thread that runs the vCPU,
 * by {@link HeadlessRun} (the CLI) and by {@link Session} (the GUI), so both enforce the same limits the same way.
 */
final class RunBudget {
    private final VmmLoop loop;
    private final RunLimits limits;
    private final long startInstructions;
    private final long startExits;
    private final long timeoutNanos;
    private final long deadline;

    RunBudget(VmmLoop loop, RunLimits limits) {
        this.loop = loop;
        this.limits = limits;
        this.startInstructions = Math.max(0, loop.vcpu().instructionsRetired());
        this.startExits = loop.exits();
        this.timeoutNanos = timeoutNanos(limits);
        this.deadline = System.nanoTime() + timeoutNanos; // compared by difference: overflow-safe
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

    boolean timed() {
        return timeoutNanos > 0;
    }

    long deadline() {
        return deadline;
    }

    /** The next run's budget: a slice, or what is left of the instruction limit if that is less. */
    long next() {
        long retired = loop.vcpu().instructionsRetired();
        if (limits.maxInstructions() <= 0 || retired < 0) return HeadlessRun.SLICE;
        return Math.max(1, Math.min(HeadlessRun.SLICE, limits.maxInstructions() - (retired - startInstructions)));
    }

    /** The limit this run has reached, or null. Exits and instructions exactly; time by the monotonic clock. */
    RunOutcome crossed() {
        long retired = loop.vcpu().instructionsRetired();
        if (limits.maxExits() > 0 && loop.exits() - startExits >= limits.maxExits()) return RunOutcome.EXIT_LIMIT;
        if (limits.maxInstructions() > 0 && retired >= 0 && retired - startInstructions >= limits.maxInstructions()) {
            return RunOutcome.INSTRUCTION_LIMIT;
        }
        if (timed() && System.nanoTime() - deadline >= 0) return RunOutcome.TIME_LIMIT;
        return null;
    }

    /** The crossed limit in the CLI's words: "1000 exits", "2000000000 instructions", "20 s", "1500 ms". */
    String detail(RunOutcome o) {
        return switch (o) {
            case EXIT_LIMIT -> (loop.exits() - startExits) + " exits";
            case INSTRUCTION_LIMIT -> (loop.vcpu().instructionsRetired() - startInstructions) + " instructions";
            case TIME_LIMIT -> limits.timeout().toMillis() % 1000 == 0 ? limits.timeout().toSeconds() + " s"
                    : limits.timeout().toMillis() + " ms";
            default -> o.description();
        };
    }
}
