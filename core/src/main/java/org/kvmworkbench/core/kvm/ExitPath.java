package org.kvmworkbench.core.kvm;

import static org.kvmworkbench.core.kvm.Stage.DEVICE_THREAD;
import static org.kvmworkbench.core.kvm.Stage.EVENTFD_SIGNAL;
import static org.kvmworkbench.core.kvm.Stage.GUEST_INSTRUCTION;
import static org.kvmworkbench.core.kvm.Stage.KVM_EMULATOR;
import static org.kvmworkbench.core.kvm.Stage.KVM_HANDLER;
import static org.kvmworkbench.core.kvm.Stage.KVM_RUN_CALLED;
import static org.kvmworkbench.core.kvm.Stage.KVM_RUN_RETURNS;
import static org.kvmworkbench.core.kvm.Stage.USERSPACE_DEVICE;
import static org.kvmworkbench.core.kvm.Stage.VM_ENTRY;
import static org.kvmworkbench.core.kvm.Stage.VM_EXIT;
import static org.kvmworkbench.core.kvm.Stage.VM_STOPS;

import java.util.List;

/**
 * The road an exit takes, as Linux's KVM routes it (handler names from arch/x86/kvm/vmx/vmx.c,
 * x86.c, cpuid.c and virt/kvm/eventfd.c; see the project's KVM exit-path primer). Constant per kind
 * of exit, so recording an exit's path allocates nothing.
 */
public enum ExitPath {
    USERSPACE_PIO(true, List.of(
            PathStep.of(GUEST_INSTRUCTION, "IN/OUT/INS/OUTS"),
            PathStep.of(VM_EXIT, "exit reason 30 (I/O instruction)"),
            PathStep.of(KVM_HANDLER, "vmx_handle_exit → handle_io → kvm_fast_pio (no in-kernel device: KVM_EXIT_IO)"),
            PathStep.of(KVM_RUN_RETURNS, "kvm_run->exit_reason = KVM_EXIT_IO (2)"),
            PathStep.costed(USERSPACE_DEVICE, "the port's device model",
                    CostModel.USERSPACE_PIO_ROUND_TRIP_NS, "whole round trip, exit to re-entry"),
            PathStep.of(KVM_RUN_CALLED, "complete_fast_pio_out / complete_fast_pio_in, then skip the instruction"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    USERSPACE_MMIO(true, List.of(
            PathStep.of(GUEST_INSTRUCTION, "memory access to an address with no RAM"),
            PathStep.of(VM_EXIT, "exit reason 48 (EPT violation) first, 49 (EPT misconfiguration) after"),
            PathStep.of(KVM_HANDLER, "handle_ept_violation / handle_ept_misconfig → kvm_mmu_page_fault"),
            PathStep.of(KVM_EMULATOR, "x86_emulate_instruction → vcpu_mmio_read/write: no in-kernel device"),
            PathStep.of(KVM_RUN_RETURNS, "kvm_run->exit_reason = KVM_EXIT_MMIO (6)"),
            PathStep.of(USERSPACE_DEVICE, "the MMIO window's device model"),
            PathStep.of(KVM_RUN_CALLED, "complete_emulated_mmio"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    USERSPACE_HLT(true, List.of(
            PathStep.of(GUEST_INSTRUCTION, "HLT"),
            PathStep.of(VM_EXIT, "exit reason 12 (HLT)"),
            PathStep.of(KVM_HANDLER, "kvm_emulate_halt: no in-kernel local APIC → KVM_EXIT_HLT"),
            PathStep.of(KVM_RUN_RETURNS, "kvm_run->exit_reason = KVM_EXIT_HLT (5)"),
            PathStep.of(USERSPACE_DEVICE, "IF=1: the VMM resumes the guest at once (standing in for the timer interrupt a real machine would deliver)"),
            PathStep.of(KVM_RUN_CALLED, "ioctl(KVM_RUN)"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    USERSPACE_HLT_FINAL(true, List.of(
            PathStep.of(GUEST_INSTRUCTION, "HLT with interrupts disabled (IF=0)"),
            PathStep.of(VM_EXIT, "exit reason 12 (HLT)"),
            PathStep.of(KVM_HANDLER, "kvm_emulate_halt: no in-kernel local APIC → KVM_EXIT_HLT"),
            PathStep.of(KVM_RUN_RETURNS, "kvm_run->exit_reason = KVM_EXIT_HLT (5)"),
            PathStep.of(VM_STOPS, "nothing can wake the vCPU: the guest is done"))),
    USERSPACE_SHUTDOWN(true, List.of(
            PathStep.of(GUEST_INSTRUCTION, "a fault while delivering #DF"),
            PathStep.of(VM_EXIT, "exit reason 2 (triple fault)"),
            PathStep.of(KVM_HANDLER, "handle_triple_fault → KVM_EXIT_SHUTDOWN"),
            PathStep.of(KVM_RUN_RETURNS, "kvm_run->exit_reason = KVM_EXIT_SHUTDOWN (8)"),
            PathStep.of(VM_STOPS, "the guest cannot continue"))),
    KERNEL_CPUID(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "CPUID"),
            PathStep.of(VM_EXIT, "exit reason 10 (CPUID): always exits in VMX non-root"),
            PathStep.of(KVM_HANDLER, "kvm_emulate_cpuid: answers from the table set by KVM_SET_CPUID2"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    KERNEL_MSR(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "RDMSR/WRMSR"),
            PathStep.of(VM_EXIT, "exit reason 31 (RDMSR) or 32 (WRMSR): the MSR bitmap intercepts it"),
            PathStep.of(KVM_HANDLER, "kvm_emulate_rdmsr / kvm_emulate_wrmsr (#GP for an unknown MSR)"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    /**
     * MOV to CR0/CR4 or LMSW that changes a bit KVM owns in the CR0/CR4 guest/host mask (VMX basic exit reason 28,
     * EXIT_REASON_CR_ACCESS in uapi asm/vmx.h; qualification SDM Vol. 3C §28.2.1; SVM: SVM_EXIT_WRITE_CR0 0x010 + n,
     * asm/svm.h). handle_cr (vmx.c) or cr_interception (svm.c) finishes it in the kernel.
     */
    KERNEL_CR_ACCESS(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "MOV to CR0/CR4 or LMSW that changes a bit KVM owns"),
            PathStep.of(VM_EXIT, "exit reason 28 (control-register access): the CR0/CR4 guest/host mask intercepts it"),
            PathStep.of(KVM_HANDLER, "handle_cr → kvm_set_cr0 / kvm_set_cr4 / kvm_lmsw, then skip the instruction (#GP if the value is refused)"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    /**
     * The first MOV to/from DRn after a VM exit (VMX 29, EXIT_REASON_DR_ACCESS; SVM_EXIT_READ_DR0 0x020 + n,
     * SVM_EXIT_WRITE_DR0 0x030 + n). handle_dr / dr_interception turn the intercept off and re-enter on the same
     * instruction (KVM_DEBUGREG_WONT_EXIT); the next VM exit of any kind turns it on again.
     */
    KERNEL_DR_ACCESS(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "MOV to/from DRn, the first since the last VM exit"),
            PathStep.of(VM_EXIT, "exit reason 29 (MOV DR): MOV-DR exiting is on"),
            PathStep.of(KVM_HANDLER, "handle_dr: MOV-DR exiting off (KVM_DEBUGREG_WONT_EXIT); the guest owns the debug registers until the next VM exit"),
            PathStep.of(VM_ENTRY, "VMRESUME on the same instruction, which now runs in the guest without exiting"))),
    KERNEL_HLT(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "HLT"),
            PathStep.of(VM_EXIT, "exit reason 12 (HLT)"),
            PathStep.of(KVM_HANDLER, "kvm_emulate_halt → vcpu_block: the vCPU sleeps in KVM_RUN until an interrupt wakes it (no return to userspace)"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    KERNEL_HYPERCALL(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "VMCALL"),
            PathStep.of(VM_EXIT, "exit reason 18 (VMCALL): always exits in VMX non-root"),
            PathStep.of(KVM_HANDLER, "kvm_emulate_hypercall: unknown number → RAX = -KVM_ENOSYS"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    KERNEL_RDTSC(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "RDTSC"),
            PathStep.of(VM_EXIT, "exit reason 16 (RDTSC): RDTSC exiting is on"),
            PathStep.of(KVM_HANDLER, "modeled: Linux's KVM never turns RDTSC exiting on; the simulator answers the guest TSC"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    KERNEL_IOEVENTFD(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "OUT to the doorbell (the kick)"),
            PathStep.of(VM_EXIT, "exit reason 30 (I/O instruction)"),
            PathStep.of(KVM_HANDLER, "handle_io → kvm_fast_pio → kvm_io_bus_write → ioeventfd_write"),
            PathStep.costed(EVENTFD_SIGNAL, "eventfd_signal; no KVM_EXIT_IO, the instruction is skipped",
                    CostModel.IOEVENTFD_DOORBELL_NS, "whole doorbell round trip"),
            PathStep.of(DEVICE_THREAD, "device thread reads the eventfd and processes the queue"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    /**
     * An MMIO doorbell (virtio-mmio QueueNotify) registered with KVM_IOEVENTFD without the PIO flag. On VMX,
     * handle_ept_misconfig first tries KVM_FAST_MMIO_BUS (a zero-length ioeventfd: skip the instruction, no
     * decode), else kvm_mmu_page_fault → emulator → vcpu_mmio_write → KVM_MMIO_BUS; the page's first touch is
     * an EPT violation. Costed with its own measurement, {@link CostModel#MMIO_IOEVENTFD_DOORBELL_NS}.
     */
    KERNEL_MMIO_IOEVENTFD(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "write to QueueNotify (the kick)"),
            PathStep.of(VM_EXIT, "exit reason 49 (EPT misconfiguration), 48 on the page's first touch"),
            PathStep.of(KVM_HANDLER, "handle_ept_misconfig → kvm_io_bus_write(KVM_FAST_MMIO_BUS / KVM_MMIO_BUS) → ioeventfd_write"),
            PathStep.costed(EVENTFD_SIGNAL, "eventfd_signal; no KVM_EXIT_MMIO, the store is skipped",
                    CostModel.MMIO_IOEVENTFD_DOORBELL_NS, "whole doorbell round trip"),
            PathStep.of(DEVICE_THREAD, "device thread reads the eventfd and processes the queue"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    KERNEL_EXCEPTION(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "an exception in the exception bitmap"),
            PathStep.of(VM_EXIT, "exit reason 0 (exception or NMI)"),
            PathStep.of(KVM_HANDLER, "handle_exception_nmi: re-inject the exception into the guest"),
            PathStep.of(VM_ENTRY, "VMRESUME with VM-entry event injection"))),
    /**
     * A port of the in-kernel 8259A pair or 8254 (KVM_CREATE_IRQCHIP / KVM_CREATE_PIT2 registered them on the kernel's
     * PIO bus, arch/x86/kvm/i8259.c and i8254.c): the EOI a guest ISR writes is finished without leaving the kernel.
     */
    KERNEL_PIO_DEVICE(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "IN/OUT to the in-kernel 8259A or 8254 (e.g. the EOI: OUT 0x20 with AL=0x20)"),
            PathStep.of(VM_EXIT, "exit reason 30 (I/O instruction)"),
            PathStep.of(KVM_HANDLER, "handle_io → kvm_fast_pio → kvm_io_bus_write/read → pic_ioport_write / pit_ioport_write (no KVM_EXIT_IO)"),
            PathStep.of(VM_ENTRY, "VMRESUME"))),
    /**
     * A device raised an interrupt while the guest ran: kvm_vcpu_kick's IPI (or the host timer behind the in-kernel
     * PIT) is a host interrupt, and with PIN_BASED_EXT_INTR_MASK the CPU leaves the guest (VMX 1, SVM_EXIT_INTR 0x060;
     * uapi asm/vmx.h, asm/svm.h). KVM only counts it; the pending KVM_REQ_EVENT injects at the next entry.
     */
    KERNEL_EXTERNAL_INTERRUPT(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "guest running; a device raises its line (KVM_IRQ_LINE, an irqfd, the in-kernel PIT) and kvm_vcpu_kick sends an IPI"),
            PathStep.of(VM_EXIT, "exit reason 1 (external interrupt): the host interrupt is acknowledged on exit"),
            PathStep.of(KVM_HANDLER, "handle_external_interrupt_irqoff runs the host handler; handle_external_interrupt counts irq_exits"),
            PathStep.of(VM_ENTRY, "vcpu_enter_guest sees KVM_REQ_EVENT: inject (IF=1) or open an interrupt window (IF=0)"))),
    /** An interrupt was pending with IF=0 (or in an STI shadow): KVM set interrupt-window exiting (VMX 7, SVM_EXIT_VINTR 0x064). */
    KERNEL_INTERRUPT_WINDOW(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "STI, POPF or IRET set IF=1 (an STI holds interrupts off for one more instruction)"),
            PathStep.of(VM_EXIT, "exit reason 7 (interrupt window): CPU_BASED_INTR_WINDOW_EXITING was on"),
            PathStep.of(KVM_HANDLER, "handle_interrupt_window: clears the control, KVM_REQ_EVENT"),
            PathStep.of(VM_ENTRY, "VMRESUME with the interrupt injected (the next step)"))),
    /**
     * Not a VM exit: the VM entry that injects an external interrupt, shown as its own step. KVM writes the VM-entry
     * interruption-information field (encoding 0x4016, SDM Vol. 3C §24.8.3: vector 7:0, type 10:8 = 0, valid bit 31;
     * SVM: VMCB EVENTINJ, same layout) in vmx_inject_irq; the CPU delivers the vector as it enters the guest.
     */
    EVENT_INJECTION(false, List.of(
            PathStep.of(KVM_HANDLER, "kvm_check_and_inject_events → kvm_cpu_get_interrupt → kvm_pic_read_irq (INTA: ISR bit set, vector = ICW2 base + pin)"),
            PathStep.of(VM_ENTRY, "vmx_inject_irq: VM-entry interruption information (0x4016) = valid | type 0 | vector; VMRESUME"),
            PathStep.of(GUEST_INSTRUCTION, "the CPU delivers the vector through the guest's IVT: its ISR runs"))),
    /**
     * The same injection when the request came from a device model in userspace (the UART, the virtio console): the
     * way back starts in the VMM, which raises the line with ioctl(vm_fd, KVM_IRQ_LINE 0x4008AE61) (uapi linux/kvm.h)
     * for each level change, or with one write(2) to an irqfd. Not a VM exit.
     */
    EVENT_INJECTION_IRQ_LINE(false, List.of(
            PathStep.of(USERSPACE_DEVICE, "the device model raises its line: ioctl(vm_fd, KVM_IRQ_LINE, {irq, 1}) (or write(2) to an irqfd)"),
            PathStep.of(KVM_HANDLER, "kvm_vm_ioctl_irq_line → kvm_set_irq → kvm_pic_set_irq (IRR); kvm_vcpu_kick; then kvm_pic_read_irq (INTA)"),
            PathStep.of(VM_ENTRY, "vmx_inject_irq: VM-entry interruption information (0x4016) = valid | type 0 | vector; VMRESUME"),
            PathStep.of(GUEST_INSTRUCTION, "the CPU delivers the vector through the guest's IVT: its ISR runs"))),
    HALTED_IN_GUEST(false, List.of(
            PathStep.of(GUEST_INSTRUCTION, "HLT with HLT exiting off: no VM exit, the vCPU sleeps in the guest"),
            PathStep.of(VM_STOPS, "nothing in this machine can wake it"))),
    EMULATION_FAILURE(true, List.of(
            PathStep.of(GUEST_INSTRUCTION, "an instruction the simulator does not implement"),
            PathStep.of(KVM_RUN_RETURNS, "analogue of KVM_EXIT_INTERNAL_ERROR (emulation failure)"),
            PathStep.of(VM_STOPS, "the VMM stops the VM")));

    private final boolean userspace;
    private final List<PathStep> steps;

    ExitPath(boolean userspace, List<PathStep> steps) {
        this.userspace = userspace;
        this.steps = steps;
    }

    /** False for the steps that are not a VM exit but a VM entry: the injection of an interrupt. */
    public boolean isVmExit() {
        return this != EVENT_INJECTION && this != EVENT_INJECTION_IRQ_LINE;
    }

    /** True if the exit returns to userspace as the return of ioctl(KVM_RUN). */
    public boolean reachesUserspace() {
        return userspace;
    }

    public List<PathStep> steps() {
        return steps;
    }

    /** Sum of the modeled legs, or -1 when no leg of this path was measured. */
    public long modeledNanos() {
        long sum = 0;
        boolean any = false;
        for (PathStep s : steps) {
            if (s.modeledNanos() >= 0) {
                sum += s.modeledNanos();
                any = true;
            }
        }
        return any ? sum : -1;
    }
}
