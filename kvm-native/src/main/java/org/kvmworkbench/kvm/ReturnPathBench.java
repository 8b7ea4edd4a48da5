package org.kvmworkbench.kvm;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.kvm.sys.KickSignal;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.KvmRun;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * The return-path bench: complete request/response round trips on real KVM, counted per request. The guest
 * (return-path.asm) rings a doorbell, then waits for the completion (HLT with IF=1 until IRQ 5, or polling the
 * passthrough page) and repeats. The VMM side here is minimal and counts every system call it makes: KVM_RUN returns
 * (each one a userspace exit), KVM_IRQ_LINE ioctls, eventfd reads (ioeventfd) and writes (irqfd).
 *
 * <p>Needs KVM_CAP_IRQCHIP and KVM_CAP_IRQFD ({@link #unsupportedReason}); every mode uses the in-kernel irqchip,
 * so the guest's PIC programming and EOIs are finished in the kernel and HLT sleeps inside KVM_RUN.
 */
public final class ReturnPathBench {
    public static final int PIO_DOORBELL = 0xC010;
    public static final long MMIO_DOORBELL = 0xD0050, PAGE_GPA = 0xE0000;
    public static final int IRQ = 5, FINISHED_PORT = 0xF4, MAX_REQUESTS = 0xFFFF;
    private static final int RAM = 64 * 1024, LOAD = 0x1000, PARAMS = 0x500;
    private static final int RAM_SLOT = 0, PAGE_SLOT = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How the guest reaches the device. */
    public enum Doorbell {
        PIO("PIO (OUT 0xC010)"), MMIO("MMIO (store to 0xD0050)"), PASSTHROUGH("passthrough page (store to 0xE0000)");

        final String label;

        Doorbell(String label) {
            this.label = label;
        }
    }

    /** How the device reaches the guest. */
    public enum Completion {
        IRQ_LINE("IRQ 5 by KVM_IRQ_LINE"), IRQFD("IRQ 5 by irqfd"), GUEST_POLLS("guest polls the page");

        final String label;

        Completion(String label) {
            this.label = label;
        }
    }

    /**
     * @param ioeventfd the PIO/MMIO doorbell is registered with KVM_IOEVENTFD (a device thread reads the eventfd);
     *                  meaningless for the passthrough page, whose device thread polls the page
     */
    public record Mode(Doorbell doorbell, boolean ioeventfd, Completion completion) {
        public Mode {
            if (doorbell == Doorbell.PASSTHROUGH && ioeventfd) throw new IllegalArgumentException("no ioeventfd on RAM");
            if (completion == Completion.GUEST_POLLS && doorbell != Doorbell.PASSTHROUGH) {
                throw new IllegalArgumentException("only the passthrough device writes a completion word");
            }
        }

        public String doorbellLabel() {
            if (doorbell == Doorbell.PASSTHROUGH) return doorbell.label + ", device thread polls";
            return doorbell.label + (ioeventfd ? " + ioeventfd" : ", userspace exit");
        }

        public String completionLabel() {
            return completion.label;
        }
    }

    /** Counts for the whole run; the per-request figures leave out the final exit that ends it. */
    public record Result(Mode mode, int requests, long kvmRunReturns, long irqLineIoctls, long eventfdReads,
            long eventfdWrites, long nanos) {
        /** Userspace exits per request: every KVM_RUN return but the last (the guest's "finished" OUT). */
        public double exitsPerRequest() {
            return (kvmRunReturns - 1) / (double) requests;
        }

        public long systemCalls() {
            return kvmRunReturns - 1 + irqLineIoctls + eventfdReads + eventfdWrites;
        }

        public double systemCallsPerRequest() {
            return systemCalls() / (double) requests;
        }

        public double microsPerRequest() {
            return nanos / 1000.0 / requests;
        }
    }

    private ReturnPathBench() {
    }

    /** Null if this host's KVM can run the bench, else why not. */
    public static String unsupportedReason() {
        return unsupportedReason(Kvm.DEVICE);
    }

    /** Null if the KVM device at {@code devicePath} can run the bench, else why not. */
    public static String unsupportedReason(String devicePath) {
        try (Kvm kvm = Kvm.open(devicePath)) {
            if (kvm.checkExtension(KvmIoctls.KVM_CAP_IRQCHIP) <= 0) return "KVM_CAP_IRQCHIP missing";
            if (kvm.checkExtension(KvmIoctls.KVM_CAP_IRQFD) <= 0) return "KVM_CAP_IRQFD missing";
            if (kvm.checkExtension(KvmIoctls.KVM_CAP_IOEVENTFD) <= 0) return "KVM_CAP_IOEVENTFD missing";
            return null;
        } catch (KvmException e) {
            return e.getMessage();
        }
    }

    /** Runs {@code requests} round trips in {@code mode} on a fresh VM. */
    public static Result run(Mode mode, int requests) {
        return run(mode, requests, Kvm.DEVICE);
    }

    public static Result run(Mode mode, int requests, String devicePath) {
        if (requests < 1 || requests > MAX_REQUESTS) throw new IllegalArgumentException("requests: 1 to 65535");
        try (Rig rig = new Rig(mode, requests, devicePath)) {
            return rig.run();
        }
    }

    static byte[] guestImage() {
        try (InputStream in = ReturnPathBench.class.getResourceAsStream("return-path.bin")) {
            if (in == null) throw new IllegalStateException("return-path.bin missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One VM, its vCPU, the page, the lines and the device thread; closed in reverse order. */
    private static final class Rig implements AutoCloseable {
        private final Mode mode;
        private final int requests;
        private final NativeGuestMemory ram;
        private final Kvm kvm;
        private final KvmVm vm;
        private final PassthroughPage page;
        private final KvmIrqLines lines;
        private final KvmVcpu vcpu;
        private final KvmRun run;
        private final int doorbellFd;
        private final Memory counter = new Memory(8);
        /** Everything to release, newest first: the reverse of creation. */
        private final Deque<AutoCloseable> owned = new ArrayDeque<>();
        private Thread device;
        private volatile boolean stopping;
        private volatile Throwable deviceFailure;
        private long deviceReads;
        private int served;

        Rig(Mode mode, int requests, String devicePath) {
            this.mode = mode;
            this.requests = requests;
            try {
                ram = own(NativeGuestMemory.allocate(RAM));
                kvm = own(Kvm.open(devicePath));
                vm = own(kvm.createVm());
                vm.setUserMemoryRegion(RAM_SLOT, 0, ram);
                page = own(new PassthroughPage());
                page.map(vm, PAGE_SLOT, PAGE_GPA);
                vm.createIrqchip();
                lines = own(new KvmIrqLines(vm, mode.completion() == Completion.IRQFD ? KvmIrqLines.Path.IRQFD
                        : KvmIrqLines.Path.IRQ_LINE));
                lines.line(IRQ); // an irqfd is assigned here, outside the measured loop
                vcpu = own(vm.createVcpu(0));
                run = vcpu.kvmRun();
                new GuestState(vcpu, false).resetTo(new Entry(0, LOAD));
                byte[] image = guestImage();
                ram.write(LOAD, image, 0, image.length);
                ram.write16(PARAMS, mode.doorbell().ordinal());
                ram.write16(PARAMS + 2, mode.completion() == Completion.GUEST_POLLS ? 1 : 0);
                ram.write16(PARAMS + 4, requests);
                doorbellFd = mode.ioeventfd() ? eventfd() : -1;
                owned.push(() -> Fds.close(doorbellFd));
                if (mode.doorbell() == Doorbell.PIO && mode.ioeventfd()) {
                    vm.registerPioEventFd(PIO_DOORBELL, 2, 1, doorbellFd);
                } else if (mode.doorbell() == Doorbell.MMIO && mode.ioeventfd()) {
                    vm.registerMmioEventFd(MMIO_DOORBELL, 4, 1, doorbellFd);
                }
            } catch (RuntimeException e) {
                closeOwned();
                throw e;
            }
        }

        private <T extends AutoCloseable> T own(T resource) {
            owned.push(resource);
            return resource;
        }

        private static int eventfd() {
            try {
                return LibC.eventfd(0, LibC.EFD_CLOEXEC);
            } catch (LastErrorException e) {
                throw KvmException.of("eventfd", e);
            }
        }

        Result run() {
            if (mode.ioeventfd()) device = startDevice(this::ioeventfdDevice, "return-path ioeventfd device");
            else if (mode.doorbell() == Doorbell.PASSTHROUGH) device = startDevice(this::pageDevice, "passthrough device");
            long vcpuThread = LibC.pthread_self();
            Thread watchdog = startDevice(() -> watchdog(vcpuThread), "return-path watchdog");
            long runs = 0;
            long start = System.nanoTime();
            try {
                for (;;) {
                    int errno = vcpu.runOnce();
                    runs++;
                    if (errno != 0) throw new IllegalStateException("KVM_RUN interrupted: the guest did not finish in "
                            + TIMEOUT.toSeconds() + " s (" + served + " of " + requests + " requests served)");
                    if (!serve()) break;
                }
            } finally {
                watchdog.interrupt();
            }
            long nanos = System.nanoTime() - start;
            stopDevice();
            if (deviceFailure != null) throw new IllegalStateException("device thread failed", deviceFailure);
            return new Result(mode, requests, runs, lines.irqLineIoctls(), deviceReads, lines.eventfdWrites(), nanos);
        }

        /** One userspace exit: a doorbell served here (true), or the guest's "finished" OUT (false). */
        private boolean serve() {
            int reason = run.exitReason();
            if (reason == KvmIoctls.KVM_EXIT_IO && run.ioIsOut() && run.ioPort() == FINISHED_PORT) {
                if (served != requests && device == null) throw new IllegalStateException("finished early: " + served);
                return false;
            }
            boolean doorbell = reason == KvmIoctls.KVM_EXIT_IO && run.ioIsOut() && run.ioPort() == PIO_DOORBELL
                    || reason == KvmIoctls.KVM_EXIT_MMIO && run.mmioIsWrite() && run.mmioAddress() == MMIO_DOORBELL;
            if (!doorbell) throw new IllegalStateException("unexpected exit " + reason + " in " + mode);
            served++;
            raise();
            return true;
        }

        private void raise() {
            var line = lines.line(IRQ);
            line.set(true);
            line.set(false);
        }

        private Thread startDevice(Runnable body, String name) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    deviceFailure = e;
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Blocks in read(2) on the doorbell's eventfd; each return is (at least) one kick. */
        private void ioeventfdDevice() {
            while (!stopping) {
                try {
                    LibC.read(doorbellFd, counter, 8);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.EINTR) continue;
                    throw e;
                }
                if (stopping) return; // the stop wake-up, not a kick
                deviceReads++;
                raise();
            }
        }

        /** Spins on the page's doorbell word, like a device's own logic watching its register (costs a host core). */
        private void pageDevice() {
            int seen = 0;
            while (!stopping) {
                int d = page.doorbell();
                if (d == seen) {
                    Thread.onSpinWait();
                    continue;
                }
                seen = d;
                if (mode.completion() == Completion.GUEST_POLLS) page.complete(d);
                else raise();
            }
        }

        /** Kicks the vCPU out of KVM_RUN (immediate_exit and the kick signal) if the guest has not finished in time. */
        private void watchdog(long vcpuThread) {
            try {
                Thread.sleep(TIMEOUT.toMillis());
            } catch (InterruptedException finished) {
                return;
            }
            run.setImmediateExit(true);
            while (!Thread.currentThread().isInterrupted()) {
                KickSignal.send(vcpuThread);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException finished) {
                    return;
                }
            }
        }

        private void stopDevice() {
            stopping = true;
            if (device == null) return;
            if (doorbellFd >= 0) {
                try (Memory one = new Memory(8)) {
                    one.setLong(0, 1);
                    LibC.write(doorbellFd, one, 8);
                }
            }
            boolean interrupted = false;
            while (device.isAlive()) {
                try {
                    device.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        @Override public void close() {
            stopDevice();
            closeOwned();
        }

        private void closeOwned() {
            RuntimeException first = null;
            while (!owned.isEmpty()) {
                try {
                    owned.pop().close();
                } catch (Exception e) {
                    if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
            counter.close();
            if (first != null) throw first;
        }
    }
}
