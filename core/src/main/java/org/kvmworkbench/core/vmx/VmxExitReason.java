package org.kvmworkbench.core.vmx;

/**
 * VMX basic exit reasons: the numbers and names of the Intel SDM Vol. 3D, Appendix C, Table C-1
 * "Basic Exit Reasons" (numbers cross-checked against Linux's uapi asm/vmx.h EXIT_REASON_*).
 * Only reasons this app can produce or show are listed; {@link #of(int)} covers the rest by number.
 */
public enum VmxExitReason {
    EXCEPTION_NMI(0, "Exception or non-maskable interrupt (NMI)"),
    EXTERNAL_INTERRUPT(1, "External interrupt"),
    TRIPLE_FAULT(2, "Triple fault"),
    INTERRUPT_WINDOW(7, "Interrupt window"),
    CPUID(10, "CPUID"),
    HLT(12, "HLT"),
    RDTSC(16, "RDTSC"),
    VMCALL(18, "VMCALL"),
    CR_ACCESS(28, "Control-register accesses"),
    DR_ACCESS(29, "MOV DR"),
    IO_INSTRUCTION(30, "I/O instruction"),
    MSR_READ(31, "RDMSR"),
    MSR_WRITE(32, "WRMSR"),
    INVALID_GUEST_STATE(33, "VM-entry failure due to invalid guest state"),
    EPT_VIOLATION(48, "EPT violation"),
    EPT_MISCONFIG(49, "EPT misconfiguration"),
    PREEMPTION_TIMER(52, "VMX-preemption timer expired");

    private final int number;
    private final String sdmName;

    VmxExitReason(int number, String sdmName) {
        this.number = number;
        this.sdmName = sdmName;
    }

    public int number() {
        return number;
    }

    /** The name as the SDM's table prints it. */
    public String sdmName() {
        return sdmName;
    }

    /** Linux's name, as {@code EXIT_REASON_*} in asm/vmx.h and the kvm_exit tracepoint print it. */
    public String linuxName() {
        return name().equals("INVALID_GUEST_STATE") ? "INVALID_STATE" : name();
    }

    public static VmxExitReason of(int number) {
        for (VmxExitReason r : values()) if (r.number == number) return r;
        return null;
    }
}
