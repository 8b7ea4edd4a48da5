package org.kvmworkbench.kvm.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls the KVM backend needs, bound with JNA direct mapping (no reflection per call, no
 * allocation for primitive arguments). Methods that set errno declare {@link LastErrorException}: JNA
 * clears errno before the call and throws with the errno if the call set it.
 * The constants are x86-64 Linux/glibc values (<fcntl.h>, <sys/mman.h>, <sys/eventfd.h>, <poll.h>, <signal.h>,
 * <errno.h>), checked against the headers by KvmIoctlsMatchHeadersTest; KVM's numbers are in {@link KvmIoctls}.
 */
public final class LibC {
    public static final int O_RDONLY = 0, O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final short POLLIN = 1;
    public static final int SA_RESTART = 0x1000_0000;

    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, ENXIO = 6, EAGAIN = 11, EACCES = 13, ENODEV = 19,
            EINVAL = 22;

    /** struct sigaction (glibc, x86-64): handler at 0, sa_mask (128 bytes) at 8, sa_flags at 136, 152 bytes. */
    public static final int SIGACTION_SIZE = 152, SIGACTION_HANDLER = 0, SIGACTION_MASK = 8, SIGACTION_FLAGS = 136;

    /** struct pollfd: fd at 0, events at 4, revents at 6, 8 bytes. */
    public static final int POLLFD_SIZE = 8, POLLFD_FD = 0, POLLFD_EVENTS = 4, POLLFD_REVENTS = 6;

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    /** ioctl with an integer argument (or none: pass 0). */
    public static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    /** ioctl with a pointer to a struct. */
    public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    /** Returns the mapping's address (MAP_FAILED is reported as an exception). */
    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    public static native int munmap(long addr, long length) throws LastErrorException;

    public static native int mprotect(long addr, long length, int prot) throws LastErrorException;

    public static native int eventfd(int initval, int flags) throws LastErrorException;

    public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    public static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    public static native int sigaction(int signum, Pointer act, Pointer oldact) throws LastErrorException;

    /** pthread_t is an unsigned long on Linux/glibc. */
    public static native long pthread_self();

    /** Returns 0 or an error number; does not set errno. */
    public static native int pthread_kill(long thread, int sig);

    /** glibc's SIGRTMIN is this function: the first real-time signal glibc leaves to applications. */
    public static native int __libc_current_sigrtmin();

    public static native int __libc_current_sigrtmax();

    public static native String strerror(int errnum);

    public static native int geteuid();

    /** mount(2); {@code data} may be null. */
    public static native int mount(String source, String target, String fstype, long flags, Pointer data)
            throws LastErrorException;

    public static native int umount2(String target, int flags) throws LastErrorException;

    /**
     * "EACCES (Permission denied)"-style text for an errno, in English: the name and glibc's words from core's
     * {@link org.kvmworkbench.core.i18n.Errno} table; a number it does not name as "errno N (strerror's text)".
     */
    public static String describe(int errno) {
        org.kvmworkbench.core.i18n.Errno e = org.kvmworkbench.core.i18n.Errno.of(errno);
        return e != null ? e.phrase().english() : "errno " + errno + " (" + LibC.strerror(errno) + ")";
    }
}
