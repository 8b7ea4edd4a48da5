package org.kvmworkbench.core.session;

import java.time.Duration;

/** Bounds on a headless run, so a runaway guest never hangs the caller. 0 = no limit. */
public record RunLimits(long maxExits, long maxInstructions, Duration timeout) {
    public static final RunLimits DEFAULT = new RunLimits(0, 2_000_000_000L, Duration.ofSeconds(20));
}
