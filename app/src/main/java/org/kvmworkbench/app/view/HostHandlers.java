package org.kvmworkbench.app.view;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

/**
 * What runs at each stage of an exit path on this host. Core's {@link PathStep#handler()} names Linux's VMX
 * code (vmx.c, exit reasons, VMRESUME); on an AMD host the same stage runs SVM code (svm.c: svm_handle_exit and
 * svm_exit_handlers[], #VMEXIT codes, VMRUN), and on PVM there is no VM exit at all: real-mode guest code is run
 * by KVM's instruction emulator (arch/x86/kvm/emulate.c) in the kernel. Names follow the project's KVM exit-path
 * primer; stages whose core text is not VMX-specific keep it.
 */
public final class HostHandlers {
    private HostHandlers() {
    }

    /** The handler text for {@code stage} of {@code path} on this host, or null if the path has no such stage. */
    public static String handler(ExitPath path, Stage stage, BackendInfo info) {
        return handler(path, stage, HostKind.of(info));
    }

    public static String handler(ExitPath path, Stage stage, HostKind host) {
        PathStep step = StageNotes.step(path, stage);
        if (step == null) return null;
        String h = InterruptStageNotes.covers(path) ? InterruptStageNotes.handler(path, stage, host) : switch (host) {
            case VMX -> null;
            case SVM -> svm(path, stage);
            case PVM -> pvm(path, stage);
        };
        return h == null ? step.handler() : h;
    }

    /** The #VMEXIT code an AMD host reports for this kind of exit, e.g. "SVM_EXIT_IOIO (0x07b)", or null. */
    static String svmCode(ExitPath p) {
        return switch (p) {
            case USERSPACE_PIO, KERNEL_IOEVENTFD -> "SVM_EXIT_IOIO (0x07b)";
            case USERSPACE_MMIO, KERNEL_MMIO_IOEVENTFD -> "SVM_EXIT_NPF (0x400)";
            case USERSPACE_HLT, USERSPACE_HLT_FINAL, KERNEL_HLT -> "SVM_EXIT_HLT (0x078)";
            case USERSPACE_SHUTDOWN -> "SVM_EXIT_SHUTDOWN (0x07f)";
            case KERNEL_CPUID -> "SVM_EXIT_CPUID (0x072)";
            case KERNEL_MSR -> "SVM_EXIT_MSR (0x07c)";
            case KERNEL_HYPERCALL -> "SVM_EXIT_VMMCALL (0x081)";
            case KERNEL_RDTSC -> "SVM_EXIT_RDTSC (0x06e)";
            case KERNEL_EXCEPTION -> "SVM_EXIT_EXCP_BASE + vector (0x040 + vector)";
            case KERNEL_PIO_DEVICE -> "SVM_EXIT_IOIO (0x07b)";
            case KERNEL_EXTERNAL_INTERRUPT -> "SVM_EXIT_INTR (0x060)";
            case KERNEL_INTERRUPT_WINDOW -> "SVM_EXIT_VINTR (0x064)";
            default -> null;
        };
    }

    private static String svm(ExitPath p, Stage s) {
        switch (s) {
            case GUEST_INSTRUCTION:
                if (p == ExitPath.KERNEL_HYPERCALL) return "VMMCALL (AMD's VMCALL)";
                if (p == ExitPath.KERNEL_EXCEPTION) return "an exception whose intercept bit is set in the VMCB";
                if (p == ExitPath.HALTED_IN_GUEST) return "HLT with the HLT intercept off: no #VMEXIT, the vCPU sleeps in the guest";
                return null;
            case VM_EXIT:
                switch (p) {
                    case USERSPACE_MMIO:
                        return "#VMEXIT SVM_EXIT_NPF (0x400): nested page fault on an MMIO page";
                    case KERNEL_MMIO_IOEVENTFD:
                        return "#VMEXIT SVM_EXIT_NPF (0x400): nested page fault on the doorbell's MMIO page";
                    case KERNEL_CPUID:
                        return "#VMEXIT SVM_EXIT_CPUID (0x072): KVM intercepts CPUID";
                    case KERNEL_MSR:
                        return "#VMEXIT SVM_EXIT_MSR (0x07c): the MSR permission map intercepts it";
                    case KERNEL_RDTSC:
                        return "#VMEXIT SVM_EXIT_RDTSC (0x06e): RDTSC intercept on";
                    default:
                        String code = svmCode(p);
                        return code == null ? null : "#VMEXIT " + code + ", saved in the VMCB";
                }
            case KVM_HANDLER:
                switch (p) {
                    case USERSPACE_PIO:
                        return "svm_handle_exit → io_interception → kvm_fast_pio (no in-kernel device: KVM_EXIT_IO)";
                    case USERSPACE_MMIO:
                        return "svm_handle_exit → npf_interception → kvm_mmu_page_fault";
                    case USERSPACE_HLT: case USERSPACE_HLT_FINAL:
                        return "svm_handle_exit → kvm_emulate_halt: no in-kernel local APIC → KVM_EXIT_HLT";
                    case KERNEL_HLT:
                        return "svm_handle_exit → kvm_emulate_halt → vcpu_block: the in-kernel APIC wakes the vCPU";
                    case USERSPACE_SHUTDOWN:
                        return "svm_handle_exit → shutdown_interception → KVM_EXIT_SHUTDOWN";
                    case KERNEL_CPUID:
                        return "svm_handle_exit → kvm_emulate_cpuid: answers from the table set by KVM_SET_CPUID2";
                    case KERNEL_MSR:
                        return "svm_handle_exit → msr_interception → kvm_emulate_rdmsr / kvm_emulate_wrmsr";
                    case KERNEL_HYPERCALL:
                        return "svm_handle_exit → kvm_emulate_hypercall: unknown number → RAX = -KVM_ENOSYS";
                    case KERNEL_RDTSC:
                        return "modeled: Linux's KVM does not intercept RDTSC (no handler in svm_exit_handlers[]); "
                                + "the simulator answers the guest TSC";
                    case KERNEL_IOEVENTFD:
                        return "io_interception → kvm_fast_pio → kvm_io_bus_write → ioeventfd_write";
                    case KERNEL_MMIO_IOEVENTFD:
                        return "svm_handle_exit → npf_interception → kvm_mmu_page_fault → emulator → vcpu_mmio_write "
                                + "→ kvm_io_bus_write(KVM_MMIO_BUS) → ioeventfd_write";
                    case KERNEL_EXCEPTION:
                        return "svm_handle_exit → the vector's *_interception handler: re-inject the exception";
                    default:
                        return null;
                }
            case VM_ENTRY:
                return p == ExitPath.KERNEL_EXCEPTION ? "VMRUN with event injection (VMCB EVENTINJ)" : "VMRUN";
            default:
                return null;
        }
    }

    private static String pvm(ExitPath p, Stage s) {
        switch (s) {
            case GUEST_INSTRUCTION:
                switch (p) {
                    case USERSPACE_PIO: return "IN/OUT, run by KVM's instruction emulator (em_in / em_out)";
                    case USERSPACE_MMIO: return "a memory access the emulator finds has no RAM behind it";
                    case KERNEL_IOEVENTFD: return "OUT to the doorbell (the kick), run by KVM's emulator";
                    case KERNEL_MMIO_IOEVENTFD: return "write to QueueNotify (the kick), run by KVM's emulator";
                    case KERNEL_EXCEPTION: return "an exception raised while the emulator runs the guest";
                    case HALTED_IN_GUEST: return "HLT: the vCPU halts, nothing can wake it";
                    case EMULATION_FAILURE: return "an instruction the emulator does not implement";
                    default: return null;
                }
            case VM_EXIT:
                switch (p) {
                    case USERSPACE_PIO: case USERSPACE_MMIO: case USERSPACE_HLT: case USERSPACE_HLT_FINAL:
                    case USERSPACE_SHUTDOWN:
                        return "no VM exit (no VMX/SVM): the emulator leaves its loop";
                    default:
                        return "no VM exit (no VMX/SVM): the emulator handles it and keeps going";
                }
            case KVM_HANDLER:
                switch (p) {
                    case USERSPACE_PIO:
                        return "emulator: em_out / em_in → emulator_pio_in_out → kvm_io_bus_write: no in-kernel device → KVM_EXIT_IO";
                    case USERSPACE_MMIO:
                        return "emulator memory access → emulator_read_write: no memory slot at the address (no EPT, no page-fault exit)";
                    case USERSPACE_HLT: case USERSPACE_HLT_FINAL:
                        return "emulated HLT: no in-kernel local APIC → KVM_EXIT_HLT";
                    case KERNEL_HLT:
                        return "emulated HLT → vcpu_block: the in-kernel APIC wakes the vCPU";
                    case USERSPACE_SHUTDOWN:
                        return "triple fault in the emulator → KVM_REQ_TRIPLE_FAULT → KVM_EXIT_SHUTDOWN";
                    case KERNEL_CPUID:
                        return "emulator: em_cpuid → kvm_cpuid, from the table set by KVM_SET_CPUID2 (no VM exit)";
                    case KERNEL_MSR:
                        return "emulator: em_rdmsr / em_wrmsr → kvm_get_msr_with_filter / kvm_set_msr_with_filter (no VM exit)";
                    case KERNEL_HYPERCALL:
                        return "kvm_emulate_hypercall, reached from the emulator: unknown number → RAX = -KVM_ENOSYS";
                    case KERNEL_RDTSC:
                        return "modeled: KVM's emulator reads the guest TSC itself (em_rdtsc); no VM exit";
                    case KERNEL_IOEVENTFD:
                        return "emulator: em_out → emulator_pio_in_out → kvm_io_bus_write → ioeventfd_write";
                    case KERNEL_MMIO_IOEVENTFD:
                        return "emulator memory write → emulator_read_write → vcpu_mmio_write → "
                                + "kvm_io_bus_write(KVM_MMIO_BUS) → ioeventfd_write (no VM exit)";
                    case KERNEL_EXCEPTION:
                        return "the emulator queues the exception for the guest (no exception bitmap, no VM exit)";
                    default:
                        return null;
                }
            case KVM_EMULATOR:
                return "emulator_read_write → vcpu_mmio_read/write: no in-kernel device → KVM_EXIT_MMIO";
            case KVM_RUN_CALLED:
                if (p == ExitPath.USERSPACE_PIO)
                    return "OUT: already done by the emulator; IN: complete_emulated_pio copies the value in";
                if (p == ExitPath.USERSPACE_HLT) return "ioctl(KVM_RUN): the emulator continues after the HLT";
                return null;
            case VM_ENTRY:
                return p == ExitPath.KERNEL_EXCEPTION
                        ? "no VM entry: the emulator continues in the guest's real-mode handler"
                        : "no VM entry (no VMRESUME/VMRUN): the emulator runs the next guest instruction";
            case VM_STOPS:
                return p == ExitPath.EMULATION_FAILURE ? "the VMM stops the VM (KVM_EXIT_INTERNAL_ERROR)" : null;
            default:
                return null;
        }
    }
}
