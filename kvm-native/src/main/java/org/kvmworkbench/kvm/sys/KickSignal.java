package org.kvmworkbench.kvm.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The signal that kicks a vCPU thread out of KVM_RUN. KVM_RUN returns EINTR when a signal is pending for its
 * thread, so another thread sets kvm_run.immediate_exit and sends this signal with pthread_kill.
 *
 * <p>The signal must have a handler (an ignored signal is discarded and never interrupts KVM_RUN), installed
 * without SA_RESTART (or glibc would retry the ioctl), and the handler must be safe at any point of the JVM: so it
 * is not Java code but one x86 {@code RET} instruction on its own executable page. glibc's sigaction supplies
 * the sa_restorer the RET returns to. The signal is the first real-time signal from SIGRTMIN up whose disposition
 * is still SIG_DFL (glibc keeps 32 and 33 below SIGRTMIN; HotSpot catches SIGUSR2, and the project's JDK 17 also
 * signal 62). Installed once per
 * process; the page is never unmapped.
 */
public final class KickSignal {
    private static final byte X86_RET = (byte) 0xC3;
    private static final long PAGE = 4096;
    private static int number = -1;

    private KickSignal() {
    }

    /** The signal number, installing the handler on first use. */
    public static synchronized int number() {
        if (number < 0) number = install();
        return number;
    }

    /** Send the signal to a thread recorded with {@link LibC#pthread_self()}; returns 0 or an error number. */
    public static int send(long pthread) {
        return LibC.pthread_kill(pthread, number());
    }

    private static int install() {
        long page = LibC.mmap(0, PAGE, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        new Pointer(page).setByte(0, X86_RET);
        LibC.mprotect(page, PAGE, LibC.PROT_READ | LibC.PROT_EXEC);
        try (Memory old = new Memory(LibC.SIGACTION_SIZE); Memory act = new Memory(LibC.SIGACTION_SIZE)) {
            act.clear();
            act.setLong(LibC.SIGACTION_HANDLER, page); // sa_mask empty, sa_flags 0: no SA_RESTART
            for (int sig = LibC.__libc_current_sigrtmin(); sig <= LibC.__libc_current_sigrtmax(); sig++) {
                LibC.sigaction(sig, null, old);
                if (old.getLong(LibC.SIGACTION_HANDLER) != 0) continue; // taken (0 = SIG_DFL)
                LibC.sigaction(sig, act, null);
                return sig;
            }
        }
        throw new IllegalStateException("no free real-time signal to interrupt KVM_RUN");
    }
}
