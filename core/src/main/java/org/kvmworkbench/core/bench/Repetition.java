package org.kvmworkbench.core.bench;

/**
 * One timed run of a workload: how much work the guest did ({@code count}, in the workload's unit) in
 * {@code wallSeconds} of elapsed time and {@code cpuSeconds} of the benchmark thread's CPU time.
 * The CPU-time rate is the steadier one on a machine that other work shares.
 */
public record Repetition(long count, double wallSeconds, double cpuSeconds) {
    public double wallRate() {
        return count / wallSeconds;
    }

    public double cpuRate() {
        return count / cpuSeconds;
    }
}
