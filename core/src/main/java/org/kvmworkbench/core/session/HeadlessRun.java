package org.kvmworkbench.core.session;

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

    public record Result(RunOutcome outcome, String detail, ExitStats stats, long exits, long instructions) {}

    private HeadlessRun() {
    }

    public static Result run(VmmLoop loop, RunLimits limits) {
        RunBudget budget = new RunBudget(loop, limits);
        try (Watchdog w = new Watchdog(loop, budget)) {
            while (loop.outcome() == null) {
                RunOutcome crossed = budget.crossed();
                if (crossed != null) {
                    loop.stop(crossed, budget.detail(crossed));
                    break;
                }
                loop.step(budget.next());
            }
        }
        return new Result(loop.outcome(), loop.outcomeDetail(), loop.stats(), loop.exits(),
                loop.vcpu().instructionsRetired());
    }
}
