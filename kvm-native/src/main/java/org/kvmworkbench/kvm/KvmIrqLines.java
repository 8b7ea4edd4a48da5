package org.kvmworkbench.kvm;

import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import org.kvmworkbench.core.device.IrqLine;
import org.kvmworkbench.core.device.IrqLines;
import org.kvmworkbench.kvm.sys.IrqLevel;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * The device models' IRQ lines wired to KVM's in-kernel irqchip (KVM_CREATE_IRQCHIP): IRQ n is GSI n, which KVM's
 * default routing sends to PIC pin n and IOAPIC pin n (irq_comm.c default_routing). Two ways to drive a line, so they
 * can be compared:
 * <ul>
 * <li>{@link Path#IRQ_LINE}: each level change is one ioctl(vm_fd, KVM_IRQ_LINE) from the calling thread, so an edge
 * (raise, then lower, as KVM's own PIT and irqfd code do) costs two system calls;</li>
 * <li>{@link Path#IRQFD}: each line has an eventfd registered with KVM_IRQFD; a rising edge is one write(2) of 8 bytes,
 * and the kernel does the raise and lower itself (irqfd_inject, via a workqueue for a PIC pin). The falling edge costs
 * nothing. That is equivalent for the 8259's edge-triggered pins (ELCR 0, as a real-mode BIOS leaves them); a
 * level-triggered line would need a resample eventfd, which is not modelled.</li>
 * </ul>
 * Lines are created on first use and cached; {@link #systemCalls()} counts the ioctls and writes they have issued.
 * One lock per line (the VMM thread and device threads may drive the same line).
 */
public final class KvmIrqLines implements IrqLines, AutoCloseable {
    /** GSIs 0-15: the PIC pins a real-mode guest can use (16-23 go to the IOAPIC only). */
    public static final int LINES = 16;

    public enum Path { IRQ_LINE, IRQFD }

    private final KvmVm vm;
    private final Path path;
    private final Line[] lines = new Line[LINES];
    private final AtomicLong ioctls = new AtomicLong(), writes = new AtomicLong();
    private boolean closed;

    public KvmIrqLines(KvmVm vm, Path path) {
        this.vm = vm;
        this.path = path;
    }

    public Path path() {
        return path;
    }

    @Override public synchronized IrqLine line(int irq) {
        if (irq < 0 || irq >= LINES) throw new IllegalArgumentException("IRQ " + irq + " is not a PIC pin (0-15)");
        if (closed) throw new IllegalStateException("irq lines closed");
        if (lines[irq] == null) lines[irq] = new Line(irq);
        return lines[irq];
    }

    /** KVM_IRQ_LINE ioctls issued so far. */
    public long irqLineIoctls() {
        return ioctls.get();
    }

    /** eventfd writes to irqfds issued so far. */
    public long eventfdWrites() {
        return writes.get();
    }

    public long systemCalls() {
        return ioctls.get() + writes.get();
    }

    /** Deassigns the irqfds and closes their eventfds (KVM_IRQ_LINE lines hold only their struct). */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Line l : lines) if (l != null) l.close();
    }

    private final class Line implements IrqLine {
        private final int gsi;
        private final IrqLevel level;
        private final int eventFd;
        private final Memory one;
        private boolean high;

        Line(int gsi) {
            this.gsi = gsi;
            if (path == Path.IRQ_LINE) {
                level = new IrqLevel(gsi);
                eventFd = -1;
                one = null;
            } else {
                level = null;
                try {
                    eventFd = LibC.eventfd(0, LibC.EFD_CLOEXEC);
                } catch (LastErrorException e) {
                    throw KvmException.of("eventfd", e);
                }
                try {
                    vm.assignIrqfd(eventFd, gsi);
                } catch (RuntimeException e) {
                    Fds.close(eventFd);
                    throw e;
                }
                one = new Memory(8);
                one.setLong(0, 1);
            }
        }

        @Override public synchronized void set(boolean on) {
            if (on == high) return; // a wire: only changes cost anything
            high = on;
            if (level != null) {
                level.level(on);
                vm.irqLine(level);
                ioctls.incrementAndGet();
            } else if (on) {
                try {
                    LibC.write(eventFd, one, 8);
                } catch (LastErrorException e) {
                    throw KvmException.of("write irqfd " + gsi, e);
                }
                writes.incrementAndGet();
            }
        }

        synchronized void close() {
            if (level != null) {
                level.close();
                return;
            }
            try {
                vm.deassignIrqfd(eventFd, gsi);
            } catch (KvmException ignored) {
                // the VM is closing anyway; KVM drops its irqfds with it
            }
            Fds.close(eventFd);
            one.close();
        }
    }
}
