package org.kvmworkbench.kvm;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.kvmworkbench.core.device.PassthroughDevice;

/**
 * The device side of the passthrough-style devices on KVM: one host thread that looks at each register page (guest
 * RAM, shared with KVM's memory slot) as the device's own logic would, serves a rung doorbell, and raises the
 * completion interrupt through the machine's IRQ lines (irqfd or KVM_IRQ_LINE). The guest's doorbell store never
 * leaves the guest. Between looks it sleeps {@link #POLL_NANOS}, so an idle VM costs a few thousand wake-ups a second
 * instead of a whole host core; the return-path bench measures the spinning variant.
 */
final class PassthroughThread implements AutoCloseable {
    static final long POLL_NANOS = 100_000;

    private final List<PassthroughDevice> devices;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    PassthroughThread(List<PassthroughDevice> devices) {
        this.devices = List.copyOf(devices);
        thread = new Thread(this::loop, "passthrough-device");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!stopping) {
                boolean served = false;
                for (PassthroughDevice d : devices) served |= d.service();
                if (!served) LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    Throwable failure() {
        return failure;
    }

    /** Stops and joins the thread (before the RAM it reads is unmapped). */
    @Override public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
