package org.kvmworkbench.core.kvm;

/**
 * {@code kvm_run->exit_reason} values: what userspace sees when {@code ioctl(KVM_RUN)} returns.
 * Numbers from Linux's include/uapi/linux/kvm.h ({@code KVM_EXIT_*}); meanings from
 * Documentation/virt/kvm/api.rst, section "kvm_run".
 */
public enum KvmExitReason {
    UNKNOWN(0), EXCEPTION(1), IO(2), HYPERCALL(3), DEBUG(4), HLT(5), MMIO(6), IRQ_WINDOW_OPEN(7),
    SHUTDOWN(8), FAIL_ENTRY(9), INTR(10), INTERNAL_ERROR(17), SYSTEM_EVENT(24), X86_RDMSR(29), X86_WRMSR(30);

    private final int number;

    KvmExitReason(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** e.g. "KVM_EXIT_IO" */
    public String constantName() {
        return "KVM_EXIT_" + name();
    }

    public static KvmExitReason of(int number) {
        for (KvmExitReason r : values()) if (r.number == number) return r;
        return null;
    }
}
