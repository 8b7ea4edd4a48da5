package org.kvmworkbench.core.bench;

import java.lang.management.ManagementFactory;

/** What the zero-allocation tests measure: the bytes the calling thread allocates while it runs one round of work. */
public final class LeastAllocation {
    private LeastAllocation() {
    }

    /**
     * The least the calling thread allocated over up to three runs of {@code round}, stopping at a run that allocated
     * nothing. A JIT deoptimisation can materialise a few objects once (tens to hundreds of bytes); an allocation per
     * exit shows in every run.
     */
    public static long ofThreeRounds(Runnable round) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3 && least != 0; i++) {
            long before = threads.getThreadAllocatedBytes(thread);
            round.run();
            least = Math.min(least, threads.getThreadAllocatedBytes(thread) - before);
        }
        return least;
    }
}
