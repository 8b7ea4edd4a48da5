package org.kvmworkbench.core.session;

import java.util.concurrent.locks.LockSupport;

/**
 * On a backend whose run has no instruction budget (KVM), a guest that never exits would keep its run from
 * returning: at the deadline this kicks the vCPU (and again every millisecond until closed), so the loop sees
 * the timeout. Not started when the run has no time limit.
 */
final class Watchdog implements AutoCloseable {
    /** How often the watchdog kicks again after the deadline until the loop has seen it. */
    private static final long REKICK_NANOS = 1_000_000;

    private final Thread thread;
    private volatile boolean done;

    Watchdog(VmmLoop loop, RunBudget budget) {
        long deadline = budget.deadline();
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
        }, "run-watchdog");
        thread.setDaemon(true);
        if (budget.timed()) thread.start();
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
