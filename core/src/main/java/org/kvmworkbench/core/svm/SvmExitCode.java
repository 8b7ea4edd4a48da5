package org.kvmworkbench.core.svm;

/**
 * AMD SVM #VMEXIT codes written to the VMCB's EXITCODE field: AMD APM Vol. 2, Appendix C
 * "SVM Intercept Exit Codes" (values cross-checked against Linux's uapi asm/svm.h SVM_EXIT_*).
 * Used to show what the same guest event is called on an AMD host.
 */
public enum SvmExitCode {
    EXCP_BASE(0x040, "exception (0x40 + vector)"),
    INTR(0x060, "physical INTR"),
    /** The virtual-interrupt intercept KVM arms as its interrupt window (svm_set_vintr). */
    VINTR(0x064, "virtual INTR (interrupt window)"),
    RDTSC(0x06E, "RDTSC"),
    CPUID(0x072, "CPUID"),
    HLT(0x078, "HLT"),
    IOIO(0x07B, "IN/OUT/INS/OUTS"),
    MSR(0x07C, "RDMSR/WRMSR"),
    SHUTDOWN(0x07F, "shutdown (triple fault)"),
    VMMCALL(0x081, "VMMCALL"),
    NPF(0x400, "nested page fault"),
    ERR(-1, "invalid guest state");

    private final int code;
    private final String meaning;
    private final String label;

    SvmExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
        this.label = String.format("SVM_EXIT_%s (0x%03x)", name(), code);
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** e.g. "SVM_EXIT_IOIO (0x07b)"; for exceptions the vector is added: SVM_EXIT_EXCP_BASE + 6 = 0x046. */
    public String label(int vector) {
        if (this == EXCP_BASE) return String.format("SVM_EXIT_EXCP_BASE+%d (0x%03x)", vector, code + vector);
        return label;
    }
}
