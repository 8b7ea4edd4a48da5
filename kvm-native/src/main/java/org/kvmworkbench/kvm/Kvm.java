package org.kvmworkbench.kvm;

import com.sun.jna.LastErrorException;

import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.kvm.sys.Cpuid2;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.LibC;

/** The open /dev/kvm: API version, capabilities, the host's supported CPUID and technology, and VM creation. */
public final class Kvm implements AutoCloseable {
    public static final String DEVICE = "/dev/kvm";
    /** KVM_GET_SUPPORTED_CPUID fails with E2BIG when the buffer is smaller than the host's table. */
    private static final int CPUID_CAPACITY = 256;

    private final int fd;
    private final int vcpuMmapSize;
    private boolean closed;

    private Kvm(int fd) {
        this.fd = fd;
        try {
            int version = ioctl("KVM_GET_API_VERSION", KvmIoctls.KVM_GET_API_VERSION, 0);
            if (version != KvmIoctls.KVM_API_VERSION) {
                throw new KvmException("KVM_GET_API_VERSION", "API version " + version + ", expected "
                        + KvmIoctls.KVM_API_VERSION);
            }
            vcpuMmapSize = ioctl("KVM_GET_VCPU_MMAP_SIZE", KvmIoctls.KVM_GET_VCPU_MMAP_SIZE, 0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static Kvm open() {
        return open(DEVICE);
    }

    /** Opens the KVM device at {@code path} and checks that it speaks API version 12. */
    public static Kvm open(String path) {
        try {
            return new Kvm(LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw KvmException.of("open " + path, e);
        }
    }

    public int apiVersion() {
        return ioctl("KVM_GET_API_VERSION", KvmIoctls.KVM_GET_API_VERSION, 0);
    }

    /** 0 if the capability is missing, else a positive (sometimes meaningful) value. */
    public int checkExtension(int capability) {
        return ioctl("KVM_CHECK_EXTENSION", KvmIoctls.KVM_CHECK_EXTENSION, capability);
    }

    /** Bytes to mmap from a vCPU fd: kvm_run, the PIO data page and whatever else this kernel puts there. */
    public int vcpuMmapSize() {
        return vcpuMmapSize;
    }

    /** The CPUID leaves (subleaf 0) this host's KVM can offer a guest. */
    public CpuidTable supportedCpuid() {
        try (Cpuid2 c = new Cpuid2(CPUID_CAPACITY)) {
            LibC.ioctl(fd, KvmIoctls.KVM_GET_SUPPORTED_CPUID, c.pointer());
            CpuidTable t = new CpuidTable();
            for (int i = 0; i < c.count(); i++) {
                if (c.entry(i, Cpuid2.INDEX) != 0) continue;
                t.put(c.entry(i, Cpuid2.FUNCTION) & 0xFFFF_FFFFL, new CpuidTable.Entry(c.entry(i, Cpuid2.EAX),
                        c.entry(i, Cpuid2.EBX), c.entry(i, Cpuid2.ECX), c.entry(i, Cpuid2.EDX)));
            }
            return t;
        } catch (LastErrorException e) {
            throw KvmException.of("KVM_GET_SUPPORTED_CPUID", e);
        }
    }

    /** The vendor technology behind this KVM, from the loaded vendor module. */
    public HostVirtualization host() {
        return HostVirtualization.detect();
    }

    public KvmVm createVm() {
        return new KvmVm(this, ioctl("KVM_CREATE_VM", KvmIoctls.KVM_CREATE_VM, 0));
    }

    private int ioctl(String name, long request, long arg) {
        try {
            return LibC.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw KvmException.of(name, e);
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        Fds.close(fd);
    }
}
