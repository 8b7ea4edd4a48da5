package org.kvmworkbench.kvm;

import java.time.Duration;

/**
 * Interrupts a KVM vCPU every {@code period} so that its {@link KvmVcpuBackend#run} returns (null) at least that
 * often even while the guest spins without exits. A caller that checks limits between runs (core's HeadlessRun
 * checks its timeout whenever a run returns) needs this on KVM, where no instruction budget ends a run.
 */
public final class InterruptTimer implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    public InterruptTimer(KvmVcpuBackend vcpu, Duration period) {
        long millis = Math.max(1, period.toMillis());
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                if (!stopped) vcpu.interrupt();
            }
        }, "kvm-interrupt-timer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
