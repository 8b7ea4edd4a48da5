package org.kvmworkbench.kvm;

import com.sun.jna.LastErrorException;

import org.kvmworkbench.kvm.sys.IoEventFd;
import org.kvmworkbench.kvm.sys.IrqFd;
import org.kvmworkbench.kvm.sys.IrqLevel;
import org.kvmworkbench.kvm.sys.IrqchipState;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.LibC;
import org.kvmworkbench.kvm.sys.PitConfig;
import org.kvmworkbench.kvm.sys.PitState2;
import org.kvmworkbench.kvm.sys.UserspaceMemoryRegion;

/** A VM fd: guest memory slots, ioeventfds, the optional in-kernel irqchip, and vCPU creation. */
public final class KvmVm implements AutoCloseable {
    private final Kvm kvm;
    private final int fd;
    private boolean closed;

    KvmVm(Kvm kvm, int fd) {
        this.kvm = kvm;
        this.fd = fd;
    }

    /** Back guest-physical {@code [gpa, gpa + ram.size())} with {@code ram} in memory slot {@code slot}. */
    public void setUserMemoryRegion(int slot, long gpa, NativeGuestMemory ram) {
        try (UserspaceMemoryRegion r = new UserspaceMemoryRegion(slot, gpa, ram.size(), ram.address())) {
            LibC.ioctl(fd, KvmIoctls.KVM_SET_USER_MEMORY_REGION, r.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_SET_USER_MEMORY_REGION", e);
        }
    }

    /** A write of {@code len} bytes equal to {@code datamatch} to guest-physical {@code gpa} will signal
     * {@code eventFd} instead of returning KVM_EXIT_MMIO. */
    public void registerMmioEventFd(long gpa, int len, long datamatch, int eventFd) {
        try (IoEventFd e = IoEventFd.mmio(gpa, len, datamatch, eventFd)) {
            LibC.ioctl(fd, KvmIoctls.KVM_IOEVENTFD, e.pointer());
        } catch (com.sun.jna.LastErrorException e) {
            throw KvmException.of(String.format("KVM_IOEVENTFD MMIO 0x%x", gpa), e);
        }
    }

    /** A write of {@code len} bytes equal to {@code datamatch} to {@code port} will signal {@code eventFd}, not exit. */
    public void registerPioEventFd(int port, int len, long datamatch, int eventFd) {
        try (IoEventFd e = IoEventFd.pio(port, len, datamatch, eventFd)) {
            LibC.ioctl(fd, KvmIoctls.KVM_IOEVENTFD, e.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of(String.format("KVM_IOEVENTFD port 0x%x", port), e);
        }
    }

    /** In-kernel PIC, IOAPIC and local APIC; must precede {@link #createVcpu}. HLT then stays in the kernel. */
    public void createIrqchip() {
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_CREATE_IRQCHIP, 0);
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_CREATE_IRQCHIP", e);
        }
    }

    /** In-kernel 8254 (ports 0x40-0x43, IRQ0), with the dummy speaker at 0x61; needs {@link #createIrqchip} first. */
    public void createPit2() {
        try (PitConfig c = new PitConfig(KvmIoctls.KVM_PIT_SPEAKER_DUMMY)) {
            LibC.ioctl(fd, KvmIoctls.KVM_CREATE_PIT2, c.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_CREATE_PIT2", e);
        }
    }

    /** KVM_IRQ_LINE with {@code level} set to the wanted level; no allocation (callers keep one per line). */
    public void irqLine(IrqLevel level) {
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_IRQ_LINE, level.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_IRQ_LINE", e);
        }
    }

    /** Pair {@code eventFd} with GSI {@code gsi}: each write to it pulses the line inside the kernel. */
    public void assignIrqfd(int eventFd, int gsi) {
        irqfd(eventFd, gsi, false);
    }

    public void deassignIrqfd(int eventFd, int gsi) {
        irqfd(eventFd, gsi, true);
    }

    private void irqfd(int eventFd, int gsi, boolean deassign) {
        try (IrqFd f = new IrqFd(eventFd, gsi, deassign)) {
            LibC.ioctl(fd, KvmIoctls.KVM_IRQFD, f.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_IRQFD gsi " + gsi, e);
        }
    }

    /** KVM_GET_IRQCHIP of {@code chipId} into {@code into}. */
    public void getIrqchip(int chipId, IrqchipState into) {
        into.select(chipId);
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_GET_IRQCHIP, into.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_GET_IRQCHIP", e);
        }
    }

    /** KVM_SET_IRQCHIP: load the chip named in {@code state} (e.g. a power-on state taken by {@link #getIrqchip}). */
    public void setIrqchip(IrqchipState state) {
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_SET_IRQCHIP, state.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_SET_IRQCHIP", e);
        }
    }

    public void setPit2(PitState2 state) {
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_SET_PIT2, state.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_SET_PIT2", e);
        }
    }

    public void getPit2(PitState2 into) {
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_GET_PIT2, into.pointer());
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_GET_PIT2", e);
        }
    }

    public KvmVcpu createVcpu(int id) {
        int vcpuFd;
        try {
            vcpuFd = LibC.ioctl(fd, KvmIoctls.KVM_CREATE_VCPU, id);
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_CREATE_VCPU", e);
        }
        return new KvmVcpu(vcpuFd, kvm.vcpuMmapSize());
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        Fds.close(fd);
    }
}
