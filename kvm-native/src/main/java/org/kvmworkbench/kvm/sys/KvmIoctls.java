package org.kvmworkbench.kvm.sys;

/**
 * KVM's ioctl numbers and flags, grouped by the file descriptor they are issued on, as in rust-vmm's
 * kvm_ioctls.rs. Every value is from include/uapi/linux/kvm.h (ioctls are _IO/_IOR/_IOW/_IOWR(KVMIO = 0xAE,
 * nr, struct)) or arch/x86/include/uapi/asm/kvm.h, and KvmIoctlsMatchHeadersTest compares each one with what
 * gcc computes from the installed headers. Struct layouts are in the view classes of this package.
 */
public final class KvmIoctls {
    /** include/uapi/linux/kvm.h: #define KVMIO 0xAE */
    public static final int KVMIO = 0xAE;
    /** include/uapi/linux/kvm.h: KVM_API_VERSION 12; anything else is not the stable API. */
    public static final int KVM_API_VERSION = 12;

    // ---- /dev/kvm (system) ioctls: include/uapi/linux/kvm.h "ioctls for /dev/kvm fds"
    /** _IO(KVMIO, 0x00) */
    public static final long KVM_GET_API_VERSION = 0xAE00L;
    /** _IO(KVMIO, 0x01); the argument is the machine type (0) */
    public static final long KVM_CREATE_VM = 0xAE01L;
    /** _IO(KVMIO, 0x03); the argument is a KVM_CAP_* number */
    public static final long KVM_CHECK_EXTENSION = 0xAE03L;
    /** _IO(KVMIO, 0x04): bytes to mmap from a vCPU fd (kvm_run plus the PIO data page and more) */
    public static final long KVM_GET_VCPU_MMAP_SIZE = 0xAE04L;
    /** _IOWR(KVMIO, 0x05, struct kvm_cpuid2) */
    public static final long KVM_GET_SUPPORTED_CPUID = 0xC008AE05L;

    // ---- VM ioctls: "ioctls for VM fds"
    /** _IOW(KVMIO, 0x46, struct kvm_userspace_memory_region) */
    public static final long KVM_SET_USER_MEMORY_REGION = 0x4020AE46L;
    /** _IO(KVMIO, 0x41); the argument is the vCPU id */
    public static final long KVM_CREATE_VCPU = 0xAE41L;
    /** _IOW(KVMIO, 0x79, struct kvm_ioeventfd) */
    public static final long KVM_IOEVENTFD = 0x4040AE79L;
    /** _IO(KVMIO, 0x60): in-kernel PIC, IOAPIC and local APICs; must come before KVM_CREATE_VCPU */
    public static final long KVM_CREATE_IRQCHIP = 0xAE60L;
    /** _IOW(KVMIO, 0x76, struct kvm_irqfd) */
    public static final long KVM_IRQFD = 0x4020AE76L;
    /** _IOW(KVMIO, 0x61, struct kvm_irq_level): set GSI irq to level (in-kernel irqchip only, else ENXIO) */
    public static final long KVM_IRQ_LINE = 0x4008AE61L;
    /** _IOWR(KVMIO, 0x62, struct kvm_irqchip) */
    public static final long KVM_GET_IRQCHIP = 0xC208AE62L;
    /** _IOW(KVMIO, 0x77, struct kvm_pit_config): in-kernel 8254 at ports 0x40-0x43; needs the irqchip (ENOENT) */
    public static final long KVM_CREATE_PIT2 = 0x4040AE77L;
    /** _IOR(KVMIO, 0x63, struct kvm_irqchip): declared _IOR although it writes the chip (a historical quirk) */
    public static final long KVM_SET_IRQCHIP = 0x8208AE63L;
    /** _IOR(KVMIO, 0x9f, struct kvm_pit_state2) */
    public static final long KVM_GET_PIT2 = 0x8070AE9FL;
    /** _IOW(KVMIO, 0xa0, struct kvm_pit_state2) */
    public static final long KVM_SET_PIT2 = 0x4070AEA0L;

    // ---- vCPU ioctls: "ioctls for vcpu fds"
    /** _IO(KVMIO, 0x80): enter the guest until the next exit userspace must see */
    public static final long KVM_RUN = 0xAE80L;
    /** _IOR(KVMIO, 0x81, struct kvm_regs) */
    public static final long KVM_GET_REGS = 0x8090AE81L;
    /** _IOW(KVMIO, 0x82, struct kvm_regs) */
    public static final long KVM_SET_REGS = 0x4090AE82L;
    /** _IOR(KVMIO, 0x83, struct kvm_sregs) */
    public static final long KVM_GET_SREGS = 0x8138AE83L;
    /** _IOW(KVMIO, 0x84, struct kvm_sregs) */
    public static final long KVM_SET_SREGS = 0x4138AE84L;
    /** _IOW(KVMIO, 0x90, struct kvm_cpuid2) */
    public static final long KVM_SET_CPUID2 = 0x4008AE90L;
    /** _IOR(KVMIO, 0x98, struct kvm_mp_state) */
    public static final long KVM_GET_MP_STATE = 0x8004AE98L;
    /** _IOW(KVMIO, 0x99, struct kvm_mp_state): struct kvm_mp_state is one u32 */
    public static final long KVM_SET_MP_STATE = 0x4004AE99L;
    /** _IOW(KVMIO, 0x9b, struct kvm_guest_debug) */
    public static final long KVM_SET_GUEST_DEBUG = 0x4048AE9BL;

    // ---- capabilities (KVM_CHECK_EXTENSION arguments)
    public static final int KVM_CAP_IRQCHIP = 0, KVM_CAP_USER_MEMORY = 3, KVM_CAP_EXT_CPUID = 7,
            KVM_CAP_SET_GUEST_DEBUG = 23, KVM_CAP_IOEVENTFD = 36, KVM_CAP_SYNC_REGS = 74, KVM_CAP_IMMEDIATE_EXIT = 136,
            KVM_CAP_PIT2 = 33, KVM_CAP_IRQFD = 32, KVM_CAP_PIT_STATE2 = 35;

    // ---- flags
    /** struct kvm_ioeventfd flags: 1 << kvm_ioeventfd_flag_nr_datamatch / _pio / _deassign */
    public static final int KVM_IOEVENTFD_FLAG_DATAMATCH = 1, KVM_IOEVENTFD_FLAG_PIO = 2,
            KVM_IOEVENTFD_FLAG_DEASSIGN = 4;
    /** kvm_mp_state values: KVM_MP_STATE_RUNNABLE 0, KVM_MP_STATE_HALTED 3 (asleep in HLT with the in-kernel LAPIC) */
    public static final int KVM_MP_STATE_RUNNABLE = 0, KVM_MP_STATE_HALTED = 3;
    /** struct kvm_irqfd flags: KVM_IRQFD_FLAG_DEASSIGN (1 << 0) */
    public static final int KVM_IRQFD_FLAG_DEASSIGN = 1;
    /** struct kvm_pit_config flags: KVM_PIT_SPEAKER_DUMMY 1 (port 0x61 answered by a dummy speaker) */
    public static final int KVM_PIT_SPEAKER_DUMMY = 1;
    /** struct kvm_guest_debug control */
    public static final int KVM_GUESTDBG_ENABLE = 1, KVM_GUESTDBG_SINGLESTEP = 2;
    /** kvm_run->kvm_valid_regs bits (asm/kvm.h): KVM copies these register sets into kvm_run at every exit */
    public static final long KVM_SYNC_X86_REGS = 1, KVM_SYNC_X86_SREGS = 2;

    // ---- kvm_run->exit_reason (the core enum KvmExitReason names them; these are for the switch)
    public static final int KVM_EXIT_UNKNOWN = 0, KVM_EXIT_IO = 2, KVM_EXIT_DEBUG = 4, KVM_EXIT_HLT = 5,
            KVM_EXIT_MMIO = 6, KVM_EXIT_SHUTDOWN = 8, KVM_EXIT_FAIL_ENTRY = 9, KVM_EXIT_INTR = 10,
            KVM_EXIT_INTERNAL_ERROR = 17;
    /** kvm_run->io.direction */
    public static final int KVM_EXIT_IO_IN = 0, KVM_EXIT_IO_OUT = 1;
    /** kvm_run->internal.suberror: the instruction emulator could not emulate the instruction */
    public static final int KVM_INTERNAL_ERROR_EMULATION = 1;
    /** kvm_run->emulation_failure.flags: insn_size and insn_bytes are valid */
    public static final long KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES = 1;
    /** asm/kvm.h: the page of the vCPU mapping that holds PIO data */
    public static final int KVM_PIO_PAGE_OFFSET = 1;

    private KvmIoctls() {
    }
}
