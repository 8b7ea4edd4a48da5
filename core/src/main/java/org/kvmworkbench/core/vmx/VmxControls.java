package org.kvmworkbench.core.vmx;

/**
 * Bits of the VM-execution control fields this app sets (Intel SDM Vol. 3C §25.6.1-25.6.2, tables
 * "Definitions of Pin-Based VM-Execution Controls", "... Primary Processor-Based ...", "... Secondary ...";
 * values as Linux's asm/vmx.h names them).
 */
public final class VmxControls {
    public static final int PIN_BASED_EXT_INTR_MASK = 0x0000_0001;
    public static final int PIN_BASED_NMI_EXITING = 0x0000_0008;

    /** Interrupt-window exiting: exit (reason 7) once the guest can take an interrupt; KVM sets it in vmx_enable_irq_window. */
    public static final int CPU_BASED_INTR_WINDOW_EXITING = 0x0000_0004;
    public static final int CPU_BASED_HLT_EXITING = 0x0000_0080;
    public static final int CPU_BASED_RDTSC_EXITING = 0x0000_1000;
    /** Bit 23 (SDM Vol. 3C Table 25-6; Linux asm/vmxfeatures.h VMX_FEATURE_MOV_DR_EXITING = 0*32 + 23). */
    public static final int CPU_BASED_MOV_DR_EXITING = 0x0080_0000;
    public static final int CPU_BASED_UNCOND_IO_EXITING = 0x0100_0000;
    public static final int CPU_BASED_USE_IO_BITMAPS = 0x0200_0000;
    public static final int CPU_BASED_USE_MSR_BITMAPS = 0x1000_0000;
    public static final int CPU_BASED_ACTIVATE_SECONDARY_CONTROLS = 0x8000_0000;

    public static final int SECONDARY_EXEC_ENABLE_EPT = 0x0000_0002;
    public static final int SECONDARY_EXEC_UNRESTRICTED_GUEST = 0x0000_0080;

    /** VM-exit interruption information (SDM Vol. 3C §25.9.2): bits 7:0 vector, 10:8 type, 11 error code valid, 31 valid. */
    public static final int INTR_INFO_VALID = 0x8000_0000;
    public static final int INTR_TYPE_HARD_EXCEPTION = 3 << 8;
    public static final int INTR_TYPE_SOFT_EXCEPTION = 6 << 8;
    public static final int INTR_INFO_DELIVER_CODE = 1 << 11;
    /**
     * Type 0, external interrupt. The VM-entry interruption-information field (encoding 0x4016, SDM Vol. 3C §24.8.3)
     * has the same layout (bits 7:0 vector, 10:8 type, 31 valid); KVM's vmx_inject_irq writes vector | this | valid.
     */
    public static final int INTR_TYPE_EXT_INTR = 0;

    private VmxControls() {
    }
}
