package org.kvmworkbench.kvm;

import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * The device thread behind ioeventfd doorbells. Each doorbell gets an eventfd registered with KVM_IOEVENTFD
 * (PIO or MMIO, datamatch), so the guest's kick is finished in the kernel (ioeventfd_write → eventfd_signal) without a
 * userspace exit; this thread polls the eventfds, reads the counter and calls the device's notify. One extra
 * eventfd wakes it up to stop.
 */
final class DoorbellThread implements AutoCloseable {
    private final List<Doorbell> doorbells;
    private final int[] fds;
    private final int stopFd;
    private final Memory pollFds;
    private final Memory counter = new Memory(8);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    DoorbellThread(KvmVm vm, List<Doorbell> doorbells) {
        this.doorbells = List.copyOf(doorbells);
        this.fds = new int[doorbells.size()];
        java.util.Arrays.fill(fds, -1);
        this.pollFds = new Memory((long) (fds.length + 1) * LibC.POLLFD_SIZE);
        int stop = -1;
        try {
            for (int i = 0; i < fds.length; i++) {
                Doorbell d = doorbells.get(i);
                fds[i] = eventfd();
                if (d.mmio()) vm.registerMmioEventFd(d.address(), d.size(), d.datamatch(), fds[i]);
                else vm.registerPioEventFd(d.port(), d.size(), d.datamatch(), fds[i]);
            }
            stop = eventfd();
        } catch (RuntimeException e) {
            for (int fd : fds) Fds.close(fd);
            pollFds.close();
            counter.close();
            throw e;
        }
        this.stopFd = stop;
        for (int i = 0; i <= fds.length; i++) {
            pollFds.setInt((long) i * LibC.POLLFD_SIZE + LibC.POLLFD_FD, i < fds.length ? fds[i] : stopFd);
            pollFds.setShort((long) i * LibC.POLLFD_SIZE + LibC.POLLFD_EVENTS, LibC.POLLIN);
        }
        thread = new Thread(this::loop, "ioeventfd-device");
        thread.setDaemon(true);
        thread.start();
    }

    private static int eventfd() {
        try {
            return LibC.eventfd(0, LibC.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw KvmException.of("eventfd", e);
        }
    }

    private void loop() {
        try {
            while (!stopping) {
                try {
                    LibC.poll(pollFds, fds.length + 1, -1);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.EINTR) continue;
                    throw e;
                }
                for (int i = 0; i < fds.length && !stopping; i++) {
                    if ((pollFds.getShort((long) i * LibC.POLLFD_SIZE + LibC.POLLFD_REVENTS) & LibC.POLLIN) == 0) continue;
                    LibC.read(fds[i], counter, 8); // the number of kicks since the last read; one notify drains all
                    Doorbell d = doorbells.get(i);
                    d.device().notify(d.datamatch());
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Why the device thread stopped early, or null. */
    Throwable failure() {
        return failure;
    }

    /** Stops and joins the thread, then closes the eventfds (KVM holds its own reference until the VM closes). */
    @Override public void close() {
        stopping = true;
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            LibC.write(stopFd, one, 8);
        }
        boolean interrupted = false;
        while (thread.isAlive()) { // the fds and buffers below must outlive the thread
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        for (int fd : fds) Fds.close(fd);
        Fds.close(stopFd);
        pollFds.close();
        counter.close();
    }
}
