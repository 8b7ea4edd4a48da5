package org.kvmworkbench.kvm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.kvm.sys.Cpuid2;
import org.kvmworkbench.kvm.sys.GuestDebug;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.KvmRegs;
import org.kvmworkbench.kvm.sys.KvmRun;
import org.kvmworkbench.kvm.sys.KvmSregs;
import org.kvmworkbench.kvm.sys.LibC;
import org.kvmworkbench.kvm.sys.LinkerIoctl;

/** A vCPU fd and its mmap'ed kvm_run: registers, CPUID, guest debug, and KVM_RUN itself. */
public final class KvmVcpu implements AutoCloseable {
    private final int fd;
    private final long runAddress;
    private final int runSize;
    private final KvmRun run;
    /** KVM_RUN goes through the JDK's foreign linker; benchmarks turn it off to compare with JNA. */
    private boolean viaLinker = LinkerIoctl.AVAILABLE;
    private boolean closed;

    KvmVcpu(int fd, int mmapSize) {
        this.fd = fd;
        try {
            this.runAddress = LibC.mmap(0, mmapSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        } catch (LastErrorException e) {
            Fds.close(fd);
            throw KvmException.of("mmap kvm_run", e);
        }
        this.runSize = mmapSize;
        this.run = new KvmRun(new Pointer(runAddress), mmapSize);
    }

    public KvmRun kvmRun() {
        return run;
    }

    /**
     * One KVM_RUN. Returns 0 when the vCPU exited (see {@link KvmRun#exitReason()}), or {@link LibC#EINTR} /
     * {@link LibC#EAGAIN} when it was interrupted before or during the run; other errors throw. Through the JDK's
     * foreign linker when the JVM allows it ({@link LinkerIoctl}), else, and to learn errno after a failure, JNA.
     */
    public int runOnce() {
        if (viaLinker && LinkerIoctl.ioctl(fd, KvmIoctls.KVM_RUN, 0) == 0) return 0;
        try {
            LibC.ioctl(fd, KvmIoctls.KVM_RUN, 0);
            return 0;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LibC.EINTR || errno == LibC.EAGAIN) return errno;
            throw KvmException.of("KVM_RUN", e);
        }
    }

    /** From now on KVM_RUN goes through JNA even where the foreign linker is usable (for benchmarks). */
    void runThroughJna() {
        viaLinker = false;
    }

    public void getRegs(KvmRegs into) {
        ioctl("KVM_GET_REGS", KvmIoctls.KVM_GET_REGS, into.pointer());
    }

    public void setRegs(KvmRegs regs) {
        ioctl("KVM_SET_REGS", KvmIoctls.KVM_SET_REGS, regs.pointer());
    }

    public void getSregs(KvmSregs into) {
        ioctl("KVM_GET_SREGS", KvmIoctls.KVM_GET_SREGS, into.pointer());
    }

    public void setSregs(KvmSregs sregs) {
        ioctl("KVM_SET_SREGS", KvmIoctls.KVM_SET_SREGS, sregs.pointer());
    }

    /** Install the CPUID answers kvm_emulate_cpuid will give (subleaf 0 of each leaf). */
    public void setCpuid(CpuidTable table) {
        try (Cpuid2 c = new Cpuid2(table.entries().size())) {
            int i = 0;
            for (var leaf : table.entries().entrySet()) {
                CpuidTable.Entry e = leaf.getValue();
                c.setEntry(i++, (int) (long) leaf.getKey(), 0, e.eax(), e.ebx(), e.ecx(), e.edx());
            }
            ioctl("KVM_SET_CPUID2", KvmIoctls.KVM_SET_CPUID2, c.pointer());
        }
    }

    /** KVM_SET_GUEST_DEBUG with {@code control} (KVM_GUESTDBG_*; 0 turns debugging off). */
    public void setGuestDebug(int control) {
        try (GuestDebug d = new GuestDebug(control)) {
            ioctl("KVM_SET_GUEST_DEBUG", KvmIoctls.KVM_SET_GUEST_DEBUG, d.pointer());
        }
    }

    /** KVM_SET_MP_STATE (struct kvm_mp_state: one u32). */
    public void setMpState(int state) {
        try (com.sun.jna.Memory m = new com.sun.jna.Memory(4)) {
            m.setInt(0, state);
            ioctl("KVM_SET_MP_STATE", KvmIoctls.KVM_SET_MP_STATE, m);
        }
    }

    /** KVM_GET_MP_STATE: e.g. {@link KvmIoctls#KVM_MP_STATE_HALTED} while the vCPU sleeps in HLT. */
    public int mpState() {
        try (com.sun.jna.Memory m = new com.sun.jna.Memory(4)) {
            ioctl("KVM_GET_MP_STATE", KvmIoctls.KVM_GET_MP_STATE, m);
            return m.getInt(0);
        }
    }

    private void ioctl(String name, long request, Pointer arg) {
        try {
            LibC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw KvmException.of(name, e);
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            Fds.munmap(runAddress, runSize);
        } finally {
            Fds.close(fd);
        }
    }
}
