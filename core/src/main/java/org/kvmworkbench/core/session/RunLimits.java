package org.kvmworkbench.core.session;

import java.time.Duration;

/**
 * Bounds on a headless run, so a runaway guest never hangs the caller. 0 (or a null timeout) = no limit.
 * Exits count every exit the loop sees (each return of KVM_RUN to userspace, and the in-kernel exits a kernel trace
 * shows): unlike instructions, which KVM cannot count, and time, which an emulated host's clock may stretch, the
 * exit count bounds a guest that storms the VMM on every backend.
 */
public record RunLimits(long maxExits, long maxInstructions, Duration timeout) {
    /** 10⁷ exits, 2·10⁹ instructions (simulator), 20 s of the host's monotonic clock. */
    public static final RunLimits DEFAULT = new RunLimits(10_000_000L, 2_000_000_000L, Duration.ofSeconds(20));
}
