package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Teaching text for each stage of each exit path: two to four plain sentences on what the CPU, KVM and the
 * VMM do at that stage and why, plus references (Intel SDM, Linux's KVM API document, the Linux handler).
 * Pure text, no JavaFX. Handler names and numbers follow the project's KVM exit-path primer.
 * <p>The wording follows the host ({@link HostKind}): Intel VMX (and the simulator, which models VMX) speaks of
 * VMX non-root, the VMCS and VMRESUME; AMD SVM of guest mode, the VMCB, #VMEXIT codes and VMRUN; PVM has no
 * VMX/SVM and no VMCS at all: real-mode guest code is run by KVM's instruction emulator in the kernel.
 */
public final class StageNotes {
    /** The one idea every stage comes back to. */
    public static final String KEY_MESSAGE = "A VM exit is not a system call: the CPU itself switches from the guest "
            + "to the host and records the reason in the VMCS. Only exits KVM cannot finish come back to userspace, "
            + "as the return of ioctl(KVM_RUN), and each of those costs one system call (the next KVM_RUN).";
    static final String KEY_MESSAGE_SVM = "A #VMEXIT is not a system call: the CPU itself switches from the guest "
            + "to the host and records the reason in the VMCB. Only exits KVM cannot finish come back to userspace, "
            + "as the return of ioctl(KVM_RUN), and each of those costs one system call (the next KVM_RUN).";
    static final String KEY_MESSAGE_PVM = "An exit is not a system call, and on PVM there is not even a VM exit: "
            + "there is no VMX, SVM or VMCS, and KVM's emulator runs the guest's real-mode code inside the kernel. "
            + "Only exits KVM cannot finish come back to userspace, as the return of ioctl(KVM_RUN), and each of "
            + "those costs one system call (the next KVM_RUN).";

    /** The key idea in this host's words (null: simulated VMX). */
    public static String keyMessage(BackendInfo info) {
        return switch (HostKind.of(info)) {
            case VMX -> KEY_MESSAGE;
            case SVM -> KEY_MESSAGE_SVM;
            case PVM -> KEY_MESSAGE_PVM;
        };
    }

    /**
     * @param title      a short heading for the stage
     * @param text       two to four sentences for students
     * @param handler    what runs at this stage on this path ({@link PathStep#handler()})
     * @param references where to read more: SDM sections, Documentation/virt/kvm/api.rst, Linux source
     */
    public record Note(String title, String text, String handler, List<String> references) {
        public Note {
            references = List.copyOf(references);
        }
    }

    // ---- references
    static final String SDM_UNCONDITIONAL = "Intel SDM Vol. 3C §26.1.2, Instructions That Cause VM Exits Unconditionally";
    static final String SDM_CONDITIONAL = "Intel SDM Vol. 3C §26.1.3, Instructions That Cause VM Exits Conditionally";
    static final String SDM_CONTROLS = "Intel SDM Vol. 3C §25.6, VM-Execution Control Fields";
    static final String SDM_EXIT = "Intel SDM Vol. 3C ch. 28, VM Exits (§28.2 Recording VM-Exit Information, "
            + "§28.3 Saving Guest State)";
    static final String SDM_ENTRY = "Intel SDM Vol. 3C ch. 27, VM Entries (§27.3 Checking and Loading Guest State)";
    static final String SDM_INJECTION = "Intel SDM Vol. 3C ch. 27, VM Entries: Event Injection";
    static final String SDM_EPT = "Intel SDM Vol. 3C, VMX Support for Address Translation: EPT violations and "
            + "EPT misconfigurations";
    static final String SDM_DOUBLE_FAULT = "Intel SDM Vol. 3A ch. 6, Interrupt 8: Double Fault Exception (#DF)";
    static final String API_RUN = "Documentation/virt/kvm/api.rst: \"KVM_RUN\"";
    static final String API_KVM_RUN = "Documentation/virt/kvm/api.rst: \"The kvm_run structure\"";
    static final String API_IOEVENTFD = "Documentation/virt/kvm/api.rst: \"KVM_IOEVENTFD\"";
    static final String API_CPUID2 = "Documentation/virt/kvm/api.rst: \"KVM_SET_CPUID2\"";
    static final String API_USER_MSR = "Documentation/virt/kvm/api.rst: \"KVM_CAP_X86_USER_SPACE_MSR\"";
    static final String API_IRQCHIP = "Documentation/virt/kvm/api.rst: \"KVM_CREATE_IRQCHIP\"";
    static final String HYPERCALLS = "Documentation/virt/kvm/x86/hypercalls.rst";
    static final String LINUX_VMENTER = "Linux arch/x86/kvm/vmx/vmenter.S: __vmx_vcpu_run (VMLAUNCH/VMRESUME, vmx_vmexit)";
    static final String LINUX_RUN = "Linux arch/x86/kvm/x86.c: kvm_arch_vcpu_ioctl_run → vcpu_run → vcpu_enter_guest";
    static final String APM_SVM = "AMD64 APM Vol. 2 ch. 15, Secure Virtual Machine (VMRUN, #VMEXIT, the VMCB)";
    static final String APM_EXITCODES = "AMD64 APM Vol. 2 App. C, SVM Intercept Exit Codes";
    static final String LINUX_SVM = "Linux arch/x86/kvm/svm/svm.c: svm_handle_exit → svm_invoke_exit_handler → "
            + "svm_exit_handlers[]";
    static final String LINUX_SVM_VMENTER = "Linux arch/x86/kvm/svm/vmenter.S: __svm_vcpu_run (VMRUN)";
    static final String PVM = "PVM (module kvm_pvm, \"KVM: x86/PVM\" patch series, not in mainline Linux): no VMX/SVM, "
            + "no VMCS";
    static final String LINUX_EMULATOR = "Linux arch/x86/kvm/emulate.c: x86_emulate_insn (KVM's x86 instruction emulator)";
    static final String LINUX_EMULATE = "Linux arch/x86/kvm/x86.c: x86_emulate_instruction";
    static final String WORKBENCH_DISPATCH = "KVM Workbench core/backend/ExitDispatcher.java → the device models in core/device";

    private StageNotes() {
    }

    /** The note for {@code stage} of {@code path}, in general terms; null if the path has no such stage. */
    public static Note of(ExitPath path, Stage stage) {
        return note(path, stage, null, HostKind.VMX);
    }

    /** The note for {@code stage} of {@code path} in this host's words (null info: simulated VMX); null if none. */
    public static Note of(ExitPath path, Stage stage, BackendInfo info) {
        return note(path, stage, null, HostKind.of(info));
    }

    /** The note for {@code stage} of this exit's path, naming its instruction, port or address; null if none. */
    public static Note of(ExitRecord r, Stage stage) {
        return note(r.path(), stage, r, HostKind.VMX);
    }

    /** As {@link #of(ExitRecord, Stage)}, in this host's words (null info: simulated VMX). */
    public static Note of(ExitRecord r, Stage stage, BackendInfo info) {
        return note(r.path(), stage, r, HostKind.of(info));
    }

    /** The path step for {@code stage}, or null. */
    public static PathStep step(ExitPath path, Stage stage) {
        for (PathStep s : path.steps()) if (s.stage() == stage) return s;
        return null;
    }

    /** 1-based position of {@code stage} in the path, or 0. */
    public static int position(ExitPath path, Stage stage) {
        List<PathStep> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).stage() == stage) return i + 1;
        return 0;
    }

    /** What this kind of exit costs in system calls, in one sentence. */
    public static String syscallSummary(ExitPath path) {
        switch (path) {
            case USERSPACE_PIO: case USERSPACE_MMIO: case USERSPACE_HLT:
                return "This exit came back to userspace: it costs one system call, the next ioctl(KVM_RUN).";
            case USERSPACE_HLT_FINAL: case USERSPACE_SHUTDOWN:
                return "This exit came back to userspace, and the VMM does not call KVM_RUN again: the VM is over.";
            case EMULATION_FAILURE:
                return "Not a VM exit: the run ends with an error returned from ioctl(KVM_RUN).";
            case HALTED_IN_GUEST:
                return "No VM exit at all: the CPU halted inside the guest and nobody was told.";
            case KERNEL_IOEVENTFD: case KERNEL_MMIO_IOEVENTFD:
                return "This exit was finished inside KVM: 0 system calls on the vCPU thread; the VMM's device thread "
                        + "is woken through the eventfd.";
            case EVENT_INJECTION:
                return "Not a VM exit but an entry: an in-kernel device's interrupt, injected by KVM with 0 system calls.";
            case EVENT_INJECTION_IRQ_LINE:
                return "Not a VM exit but an entry: the VMM paid one ioctl(KVM_IRQ_LINE) per level change of the line "
                        + "(or one write(2) to an irqfd); the vCPU thread made no system call.";
            default:
                return "This exit was finished inside KVM: 0 system calls, the VMM never saw it.";
        }
    }

    /** Names from the record where there is one, general words otherwise. */
    private static final class Ctx {
        final String insn, port, address, reason, vector, svm;

        Ctx(ExitRecord r, ExitPath p) {
            String code = r == null || r.svm() == null || r.svm().isBlank() ? null : r.svm().trim();
            String general = HostHandlers.svmCode(p);
            svm = code != null ? code : general != null ? general : "its SVM exit code";
            String i = r == null || r.instruction() == null || r.instruction().isBlank() ? null : r.instruction().trim();
            insn = i == null ? "the instruction" : "\"" + i + "\"";
            Access a = r == null ? null : r.access();
            port = a != null && a.kind() == Access.Kind.PIO ? "port " + QualificationLayout.hex(a.address(), 0) : "the port";
            address = a != null && a.kind() == Access.Kind.MMIO ? QualificationLayout.hex(a.address(), 0)
                    : r != null && r.guestPhysical() >= 0 ? QualificationLayout.hex(r.guestPhysical(), 0) : "an address";
            reason = r == null || r.reason() == null ? null : r.reason().number() + " (" + r.reason().sdmName() + ")";
            vector = r != null && r.reason() == VmxExitReason.EXCEPTION_NMI
                    ? QualificationLayout.vectorName(r.interruptionInfo() & 0xFF) : "an intercepted vector";
        }
    }

    private static Note note(ExitPath path, Stage stage, ExitRecord r, HostKind host) {
        PathStep step = step(path, stage);
        if (step == null) return null;
        Ctx c = new Ctx(r, path);
        List<String> refs = new ArrayList<>();
        String text = InterruptStageNotes.covers(path) ? InterruptStageNotes.text(path, stage, host, refs)
                : switch (host) {
            case VMX -> text(path, stage, c, refs);
            case SVM -> svmText(path, stage, c, refs);
            case PVM -> pvmText(path, stage, c, refs);
        };
        if (text == null) return null;
        String handler = HostHandlers.handler(path, stage, host);
        refs.add("On this path: " + handler);
        return new Note(title(stage, host), text, handler, refs);
    }

    static String title(Stage stage, HostKind host) {
        if (host == HostKind.SVM) {
            if (stage == Stage.VM_EXIT) return "#VMEXIT: the CPU switches to KVM";
            if (stage == Stage.VM_ENTRY) return "VMRUN: back into the guest";
        } else if (host == HostKind.PVM) {
            switch (stage) {
                case GUEST_INSTRUCTION: return "KVM's emulator runs a guest instruction";
                case VM_EXIT: return "No VM exit: the emulator leaves its loop";
                case KVM_HANDLER: return "KVM handles it in the kernel";
                case KVM_EMULATOR: return "KVM's emulator completes the access";
                case VM_ENTRY: return "Back to the guest: the emulator continues";
                default: break;
            }
        }
        return title(stage);
    }

    static String title(Stage stage) {
        switch (stage) {
            case GUEST_INSTRUCTION: return "The guest runs an instruction";
            case VM_EXIT: return "VM exit: the CPU switches to KVM";
            case KVM_HANDLER: return "KVM's exit handler";
            case KVM_EMULATOR: return "KVM's instruction emulator";
            case EVENTFD_SIGNAL: return "ioeventfd: KVM signals an eventfd";
            case DEVICE_THREAD: return "The VMM's device thread";
            case KVM_RUN_RETURNS: return "ioctl(KVM_RUN) returns to the VMM";
            case USERSPACE_DEVICE: return "The VMM's device model";
            case KVM_RUN_CALLED: return "The VMM calls KVM_RUN again";
            case VM_ENTRY: return "VM entry: back into the guest";
            case VM_STOPS: return "The VM stops";
            default: return stage.description();
        }
    }

    private static void add(List<String> refs, String... r) {
        refs.addAll(List.of(r));
    }

    private static String text(ExitPath p, Stage s, Ctx c, List<String> refs) {
        switch (s) {
            case GUEST_INSTRUCTION: return guestInstruction(p, c, refs);
            case VM_EXIT: return vmExit(p, c, refs);
            case KVM_HANDLER: return handler(p, c, refs);
            case KVM_EMULATOR:
                add(refs, "Linux arch/x86/kvm/x86.c: x86_emulate_instruction, vcpu_mmio_read / vcpu_mmio_write",
                        API_KVM_RUN + ", KVM_EXIT_MMIO");
                return "An MMIO access can come from almost any instruction that touches memory, so KVM decodes the "
                        + "guest's instruction with its own x86 emulator to learn the size, direction and data. It offers "
                        + "the access to devices emulated in the kernel first. None claims " + c.address
                        + ", so KVM fills kvm_run with KVM_EXIT_MMIO: phys_addr, len, is_write and the data.";
            case EVENTFD_SIGNAL:
                add(refs, API_IOEVENTFD, "Linux virt/kvm/eventfd.c: ioeventfd_write → eventfd_signal");
                if (p == ExitPath.KERNEL_MMIO_IOEVENTFD)
                    return "The ioeventfd matches, so ioeventfd_write calls eventfd_signal: it adds one to a counter in "
                            + "a kernel eventfd object and wakes whoever waits on it, the VMM's device thread. For the "
                            + "guest the store to QueueNotify is now complete, so KVM skips the instruction. There is no "
                            + "KVM_EXIT_MMIO and no return from KVM_RUN.";
                return "The ioeventfd matches, so ioeventfd_write calls eventfd_signal: it adds one to a counter in a "
                        + "kernel eventfd object and wakes whoever waits on it, the VMM's device thread. For the guest the "
                        + "OUT is now complete, so KVM skips the instruction. There is no KVM_EXIT_IO and no return from "
                        + "KVM_RUN.";
            case DEVICE_THREAD:
                add(refs, API_IOEVENTFD, "eventfd(2) man page", WORKBENCH_DISPATCH);
                return "On another host thread, the VMM's device thread wakes up from waiting on the eventfd and "
                        + "processes the virtqueue in guest memory, in parallel with the guest. The vCPU thread never left "
                        + "KVM_RUN. That is why ioeventfd makes doorbells cheap: the kick costs a VM exit, but no trip "
                        + "to userspace on the vCPU.";
            case KVM_RUN_RETURNS: return runReturns(p, c, refs);
            case USERSPACE_DEVICE: return device(p, c, refs);
            case KVM_RUN_CALLED: return runCalled(p, c, refs);
            case VM_ENTRY: return vmEntry(p, c, refs);
            case VM_STOPS: return stops(p, c, refs);
            default: return null;
        }
    }

    private static String guestInstruction(ExitPath p, Ctx c, List<String> refs) {
        switch (p) {
            case USERSPACE_PIO:
                add(refs, SDM_CONDITIONAL, SDM_CONTROLS);
                return "The guest runs directly on the CPU in VMX non-root mode, at full speed, until it executes "
                        + c.insn + " on " + c.port + ". The VM-execution controls (unconditional I/O exiting or the I/O "
                        + "bitmaps) tell the CPU to intercept this port. So the instruction does not complete inside "
                        + "the guest: the CPU stops it right here.";
            case USERSPACE_MMIO:
                add(refs, SDM_EPT);
                return "The guest executes " + c.insn + ", a memory access to guest-physical address " + c.address
                        + ". The VMM put no RAM there: it is a device's register window (memory-mapped I/O). The CPU "
                        + "translates the address through the EPT, the host's page tables for guest memory, and finds "
                        + "no usable entry.";
            case USERSPACE_HLT: case KERNEL_HLT:
                add(refs, SDM_CONDITIONAL, SDM_CONTROLS);
                return "The guest executes HLT: it has nothing to do and wants to sleep until the next interrupt. "
                        + "HLT exiting is on in the VM-execution controls, so instead of halting the physical core "
                        + "the CPU leaves the guest.";
            case USERSPACE_HLT_FINAL:
                add(refs, SDM_CONDITIONAL);
                return "The guest executes HLT with interrupts disabled (IF=0), which is how the sample programs say "
                        + "they are done. HLT exiting is on, so the CPU leaves the guest instead of halting the "
                        + "physical core.";
            case USERSPACE_SHUTDOWN:
                add(refs, SDM_DOUBLE_FAULT);
                return "The guest faulted while the CPU was already delivering a double fault (#DF). On bare metal "
                        + "that is a triple fault: the processor shuts down and the board resets. In a VM the CPU "
                        + "exits to the hypervisor instead.";
            case KERNEL_CPUID:
                add(refs, SDM_UNCONDITIONAL);
                return "The guest executes CPUID to ask what processor it is running on. CPUID always causes a VM "
                        + "exit in VMX non-root mode, so the hypervisor decides what the guest sees.";
            case KERNEL_MSR:
                add(refs, SDM_CONDITIONAL, SDM_CONTROLS);
                return "The guest executes " + c.insn + " to read or write a model-specific register (MSR). The MSR "
                        + "bitmap in the VMCS lists which MSRs are intercepted, and this one is. The instruction stops "
                        + "before it touches the real register.";
            case KERNEL_HYPERCALL:
                add(refs, SDM_UNCONDITIONAL, HYPERCALLS);
                return "The guest executes VMCALL, the instruction a guest uses to call its hypervisor on purpose, "
                        + "much like a program's system call into its kernel. VMCALL always causes a VM exit in VMX "
                        + "non-root mode.";
            case KERNEL_RDTSC:
                add(refs, SDM_CONDITIONAL, SDM_CONTROLS);
                return "The guest reads the time-stamp counter with RDTSC. The RDTSC-exiting control is on in this "
                        + "VM, so the CPU intercepts the read. Real KVM leaves that control off and lets the CPU add "
                        + "TSC_OFFSET in hardware.";
            case KERNEL_IOEVENTFD:
                add(refs, SDM_CONDITIONAL, API_IOEVENTFD);
                return "The guest writes to its virtio device's doorbell, " + c.port + ", to kick it: new requests "
                        + "wait in the virtqueue in guest memory. The OUT carries almost no information; it only means "
                        + "\"look at the queue\". Like any intercepted OUT, it causes a VM exit.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, SDM_EPT, API_IOEVENTFD);
                return "The guest stores to " + c.address + ", the QueueNotify register of its virtio-mmio device, to "
                        + "kick it: new requests wait in the virtqueue in guest memory. The store carries almost no "
                        + "information; it only means \"look at the queue\". No RAM is behind the address, so the CPU "
                        + "finds no usable EPT entry and the store causes a VM exit, like any MMIO access.";
            case KERNEL_EXCEPTION:
                add(refs, SDM_CONTROLS);
                return "The guest raised exception " + c.vector + ". The exception bitmap in the VMCS says this "
                        + "vector causes a VM exit, so the CPU stops before calling the guest's own handler. "
                        + "Hypervisors use this to watch or fix up faults.";
            case HALTED_IN_GUEST:
                add(refs, SDM_CONDITIONAL);
                return "The guest executes HLT, but HLT exiting is off in this VM. The CPU really halts inside the "
                        + "guest, so there is no VM exit and neither KVM nor the VMM is told anything.";
            case EMULATION_FAILURE:
                add(refs, API_KVM_RUN + ", KVM_EXIT_INTERNAL_ERROR");
                return "The guest reached " + c.insn + ", an instruction the simulator does not implement. A real CPU "
                        + "would simply run it. Nothing was intercepted, so this is not a VM exit.";
            default:
                return null;
        }
    }

    private static String vmExit(ExitPath p, Ctx c, List<String> refs) {
        add(refs, SDM_EXIT);
        String lead = "The CPU itself performs the VM exit: no software asked for it, so it is not a system call. ";
        switch (p) {
            case USERSPACE_PIO:
                add(refs, QualificationLayout.REF_IO, LINUX_VMENTER);
                return lead + "It saves the guest's state in the VMCS, writes exit reason 30 (I/O instruction) and an "
                        + "exit qualification holding the port, size and direction, then loads KVM's host state and "
                        + "continues at HOST_RIP.";
            case KERNEL_IOEVENTFD:
                add(refs, QualificationLayout.REF_IO, LINUX_VMENTER);
                return lead + "To the hardware this is an ordinary I/O exit: reason 30, with the port in the exit "
                        + "qualification. The CPU knows nothing about ioeventfd; that is KVM's business.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, QualificationLayout.REF_EPT, SDM_EPT, LINUX_VMENTER);
                return lead + "To the hardware this is an ordinary MMIO access: exit reason 48 (EPT violation) on the "
                        + "page's first touch, 49 (EPT misconfiguration) once KVM has marked the page as MMIO, with "
                        + "the guest-physical address in the VMCS"
                        + (c.reason == null ? "." : "; this time the reason was " + c.reason + ".")
                        + " The CPU knows nothing about ioeventfd; that is KVM's business.";
            case USERSPACE_MMIO:
                add(refs, QualificationLayout.REF_EPT, SDM_EPT);
                return lead + "The first access to the page is exit reason 48 (EPT violation); once KVM has marked "
                        + "the page as MMIO, later accesses are reason 49 (EPT misconfiguration). Either way the CPU "
                        + "saves the guest-physical address in the VMCS"
                        + (c.reason == null ? "." : ", and this time the reason was " + c.reason + ".");
            case USERSPACE_HLT: case USERSPACE_HLT_FINAL: case KERNEL_HLT:
                add(refs, LINUX_VMENTER);
                return lead + "It saves the guest's state in the VMCS with exit reason 12 (HLT) and switches to KVM. "
                        + "HLT has no exit qualification, and RIP still points at the HLT.";
            case USERSPACE_SHUTDOWN:
                add(refs, LINUX_VMENTER);
                return lead + "It records exit reason 2 (triple fault) in the VMCS and switches to KVM. The guest's "
                        + "state is saved as it was at the fault.";
            case KERNEL_CPUID:
                add(refs, LINUX_VMENTER);
                return lead + "It records exit reason 10 (CPUID) in the VMCS, saves the guest's registers and switches "
                        + "to KVM. The VMM's vCPU thread is still inside ioctl(KVM_RUN), where it has been all along.";
            case KERNEL_MSR:
                add(refs, LINUX_VMENTER);
                return lead + "It records exit reason 31 (RDMSR) or 32 (WRMSR) in the VMCS and switches to KVM. The "
                        + "MSR number is in the guest's ECX, and the value to write in EDX:EAX.";
            case KERNEL_HYPERCALL:
                add(refs, LINUX_VMENTER);
                return lead + "It records exit reason 18 (VMCALL) in the VMCS and switches to KVM. The hypercall number "
                        + "and its arguments stay in the guest's registers.";
            case KERNEL_RDTSC:
                add(refs, LINUX_VMENTER);
                return lead + "It records exit reason 16 (RDTSC) in the VMCS and switches to KVM, with RIP still at the "
                        + "RDTSC.";
            case KERNEL_EXCEPTION:
                add(refs, QualificationLayout.REF_INTR, LINUX_VMENTER);
                return lead + "It records exit reason 0 (exception or NMI) and puts the vector and type in the VM-exit "
                        + "interruption-information field of the VMCS, then switches to KVM.";
            default:
                return null;
        }
    }

    private static String handler(ExitPath p, Ctx c, List<String> refs) {
        switch (p) {
            case USERSPACE_PIO:
                add(refs, "Linux arch/x86/kvm/vmx/vmx.c: vmx_handle_exit → handle_io",
                        "Linux arch/x86/kvm/x86.c: kvm_fast_pio → emulator_pio_in_out → kvm_io_bus_write");
                return "KVM's vmx_handle_exit reads the exit reason from the VMCS and calls handle_io, which decodes "
                        + "the exit qualification and tries kvm_fast_pio. It asks the in-kernel I/O bus whether a "
                        + "device lives at " + c.port + "; none does. So KVM fills in kvm_run (exit_reason = "
                        + "KVM_EXIT_IO, port, size, direction, data) and returns to userspace.";
            case USERSPACE_MMIO:
                add(refs, "Linux arch/x86/kvm/vmx/vmx.c: handle_ept_violation, handle_ept_misconfig",
                        "Linux arch/x86/kvm/mmu/mmu.c: kvm_mmu_page_fault");
                return "KVM's handle_ept_violation (or handle_ept_misconfig) passes the guest-physical address to "
                        + "kvm_mmu_page_fault. No memory slot covers " + c.address + ", so it must be MMIO. On the first "
                        + "touch KVM installs a special MMIO entry in the EPT, so that later accesses exit as the "
                        + "cheaper EPT misconfiguration.";
            case USERSPACE_HLT: case USERSPACE_HLT_FINAL:
                add(refs, "Linux arch/x86/kvm/x86.c: kvm_emulate_halt → __kvm_emulate_halt", API_IRQCHIP);
                return "kvm_emulate_halt skips past the HLT. This VMM did not ask KVM to emulate the interrupt "
                        + "controller (no in-kernel local APIC), so KVM cannot know when an interrupt would wake the "
                        + "vCPU. It sets exit_reason = KVM_EXIT_HLT and lets the VMM decide.";
            case USERSPACE_SHUTDOWN:
                add(refs, "Linux arch/x86/kvm/vmx/vmx.c: handle_triple_fault");
                return "handle_triple_fault: KVM cannot repair a guest that triple-faulted. It sets exit_reason = "
                        + "KVM_EXIT_SHUTDOWN and returns to userspace, where the VMM decides whether to reset or stop.";
            case KERNEL_CPUID:
                add(refs, "Linux arch/x86/kvm/cpuid.c: kvm_emulate_cpuid → kvm_cpuid", API_CPUID2);
                return "kvm_emulate_cpuid looks the leaf up in the table the VMM installed earlier with KVM_SET_CPUID2, "
                        + "writes EAX to EDX, and skips the instruction. All of it happens in the kernel: the VMM is not "
                        + "involved, and the guest resumes within microseconds.";
            case KERNEL_MSR:
                add(refs, "Linux arch/x86/kvm/x86.c: kvm_emulate_rdmsr / kvm_emulate_wrmsr", API_USER_MSR);
                return "kvm_emulate_rdmsr or kvm_emulate_wrmsr reads or stores the value KVM keeps for this vCPU's MSR, "
                        + "then skips the instruction; an MSR KVM does not know gets a #GP injected into the guest. "
                        + "The VMM is only asked if it opted in with KVM_CAP_X86_USER_SPACE_MSR.";
            case KERNEL_HLT:
                add(refs, "Linux arch/x86/kvm/x86.c: kvm_emulate_halt, vcpu_block",
                        "Linux virt/kvm/kvm_main.c: kvm_vcpu_halt (halt polling)", API_IRQCHIP);
                return "kvm_emulate_halt skips the HLT. The local APIC is emulated in the kernel, so KVM itself knows "
                        + "when the next interrupt will arrive: it marks the vCPU halted and puts its thread to sleep "
                        + "(vcpu_block, after a short busy-poll) until an interrupt is pending. No exit to the VMM.";
            case KERNEL_HYPERCALL:
                add(refs, "Linux arch/x86/kvm/x86.c: kvm_emulate_hypercall", HYPERCALLS);
                return "kvm_emulate_hypercall reads the hypercall number from RAX and the arguments from RBX, RCX, RDX "
                        + "and RSI. Known numbers (such as KVM_HC_KICK_CPU) are handled here; an unknown one gets "
                        + "-KVM_ENOSYS (-1000) in RAX. KVM skips the VMCALL and the guest continues.";
            case KERNEL_RDTSC:
                add(refs, SDM_CONTROLS, "Linux: no RDTSC handler in kvm_vmx_exit_handlers (KVM never turns RDTSC exiting on)");
                return "This stage is modeled: Linux's KVM never turns RDTSC exiting on, it lets the CPU add "
                        + "TSC_OFFSET in hardware instead. The simulator answers with the guest's TSC in EDX:EAX and "
                        + "skips the instruction.";
            case KERNEL_IOEVENTFD:
                add(refs, "Linux arch/x86/kvm/vmx/vmx.c: handle_io; x86.c: kvm_fast_pio",
                        "Linux virt/kvm/kvm_main.c: kvm_io_bus_write", API_IOEVENTFD);
                return "handle_io calls kvm_fast_pio, which offers the write to the in-kernel I/O bus with "
                        + "kvm_io_bus_write. This time a device is registered at " + c.port + ": the ioeventfd the VMM "
                        + "set up with KVM_IOEVENTFD. Its ioeventfd_write checks the address (and the value, if the VMM "
                        + "asked for a data match) and claims the write.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, "Linux arch/x86/kvm/vmx/vmx.c: handle_ept_misconfig, handle_ept_violation",
                        "Linux virt/kvm/kvm_main.c: kvm_io_bus_write (KVM_FAST_MMIO_BUS, KVM_MMIO_BUS)",
                        "Linux arch/x86/kvm/x86.c: x86_emulate_instruction → vcpu_mmio_write", API_IOEVENTFD);
                return "handle_ept_misconfig first offers the address to KVM_FAST_MMIO_BUS with kvm_io_bus_write: an "
                        + "ioeventfd registered with length 0 matches any store there, and KVM skips the instruction "
                        + "without decoding it. Otherwise kvm_mmu_page_fault hands the instruction to KVM's emulator, "
                        + "whose vcpu_mmio_write offers the store to KVM_MMIO_BUS (on the page's first touch, "
                        + "handle_ept_violation takes this road too). There the ioeventfd the VMM set up at " + c.address
                        + " with KVM_IOEVENTFD (4 bytes, with a data match) claims the write in ioeventfd_write.";
            case KERNEL_EXCEPTION:
                add(refs, "Linux arch/x86/kvm/vmx/vmx.c: handle_exception_nmi", QualificationLayout.REF_INTR);
                return "handle_exception_nmi reads the VM-exit interruption information: vector " + c.vector + ", a "
                        + "hardware exception. Here KVM only wanted to see it, so it queues the same exception to be "
                        + "injected back into the guest, whose own handler will run.";
            default:
                return null;
        }
    }

    private static String runReturns(ExitPath p, Ctx c, List<String> refs) {
        add(refs, API_RUN, API_KVM_RUN, LINUX_RUN);
        String lead = "KVM stops looping, and the VMM's vCPU thread returns from ioctl(KVM_RUN) with the value 0. ";
        switch (p) {
            case USERSPACE_PIO:
                return lead + "In the shared kvm_run page (mmap'ed from the vCPU file descriptor) exit_reason says "
                        + "KVM_EXIT_IO (2), and io.port, io.size, io.direction, io.count and the data at io.data_offset "
                        + "describe the access. This is the only moment an exit is visible to userspace.";
            case USERSPACE_MMIO:
                return lead + "In the shared kvm_run page exit_reason says KVM_EXIT_MMIO (6), with mmio.phys_addr, "
                        + "mmio.len, mmio.is_write and mmio.data describing the access. The VMM now plays the device.";
            case USERSPACE_HLT:
                return lead + "In kvm_run, exit_reason says KVM_EXIT_HLT (5); there is no other payload. The VMM "
                        + "decides what a halted vCPU should do.";
            case USERSPACE_HLT_FINAL:
                return lead + "In kvm_run, exit_reason says KVM_EXIT_HLT (5). The VMM sees that interrupts are "
                        + "disabled (IF=0), so nothing can ever wake this vCPU.";
            case USERSPACE_SHUTDOWN:
                return lead + "In kvm_run, exit_reason says KVM_EXIT_SHUTDOWN (8): the guest triple-faulted. There "
                        + "is nothing to emulate.";
            case EMULATION_FAILURE:
                return "The run ends as ioctl(KVM_RUN) would end with KVM_EXIT_INTERNAL_ERROR (17), suberror "
                        + "emulation failure. On a real host that happens when KVM must emulate an instruction it does "
                        + "not understand.";
            default:
                return null;
        }
    }

    private static String device(ExitPath p, Ctx c, List<String> refs) {
        add(refs, WORKBENCH_DISPATCH, API_KVM_RUN);
        switch (p) {
            case USERSPACE_PIO:
                return "The VMM's device model for " + c.port + " does what real hardware would: an OUT to the UART's "
                        + "transmit register prints a character, an IN from its line-status register answers "
                        + "\"ready\". For an IN, the VMM writes the answer into the kvm_run data area so that KVM can "
                        + "hand it to the guest.";
            case USERSPACE_MMIO:
                return "The device model that owns " + c.address + " performs the read or write, just as the real "
                        + "chip would. For a read it stores the value in kvm_run->mmio.data, where KVM will pick it up.";
            case USERSPACE_HLT:
                return "The VMM decides what HLT means. Interrupts are enabled (IF=1), so this VMM resumes the guest at "
                        + "once, standing in for the timer interrupt a real machine would deliver. A full VMM would "
                        + "wait until one of its devices raises an interrupt.";
            default:
                return null;
        }
    }

    private static String runCalled(ExitPath p, Ctx c, List<String> refs) {
        add(refs, API_RUN, LINUX_RUN);
        switch (p) {
            case USERSPACE_PIO:
                add(refs, "Linux arch/x86/kvm/x86.c: complete_fast_pio_out, complete_fast_pio_in");
                return "The VMM calls ioctl(KVM_RUN) again: that is the one system call this exit costs. Before "
                        + "re-entering, KVM finishes the pending I/O: complete_fast_pio_out, or complete_fast_pio_in, "
                        + "which copies the value read into RAX. Then it advances RIP past the instruction.";
            case USERSPACE_MMIO:
                add(refs, "Linux arch/x86/kvm/x86.c: complete_emulated_mmio");
                return "The VMM calls ioctl(KVM_RUN) again, the one system call this exit costs. complete_emulated_mmio "
                        + "copies read data into the emulated instruction and finishes it; a wide access may need "
                        + "another exit for its next piece.";
            case USERSPACE_HLT:
                return "The VMM calls ioctl(KVM_RUN) again, the one system call this exit costs. KVM already skipped "
                        + "the HLT, so the guest will continue with the next instruction.";
            default:
                return null;
        }
    }

    private static String vmEntry(ExitPath p, Ctx c, List<String> refs) {
        add(refs, SDM_ENTRY, LINUX_VMENTER);
        String resume = "VMRESUME: the CPU loads the guest's state from the VMCS, with RIP now past the instruction, "
                + "and the guest continues as if the instruction had simply run. ";
        switch (p) {
            case USERSPACE_PIO: case USERSPACE_MMIO:
                return resume + "The round trip cost two switches between guest and host plus a full trip to "
                        + "userspace and back, which is why device emulation in userspace is slow.";
            case USERSPACE_HLT:
                return "VMRESUME: the CPU loads the guest's state from the VMCS and the guest continues after its HLT. "
                        + "The round trip went all the way to userspace and back: one system call.";
            case KERNEL_CPUID: case KERNEL_MSR: case KERNEL_HYPERCALL: case KERNEL_RDTSC:
                return resume + "The whole exit was handled inside KVM: 0 system calls, and the VMM never noticed.";
            case KERNEL_IOEVENTFD: case KERNEL_MMIO_IOEVENTFD:
                return resume + "The kick is done, the device thread works in parallel, and the VMM's vCPU thread "
                        + "never left KVM_RUN: 0 system calls on the vCPU.";
            case KERNEL_HLT:
                return "When an interrupt becomes pending, KVM wakes the vCPU thread and re-enters the guest with "
                        + "VMRESUME, delivering the interrupt. The VMM never saw the HLT: 0 system calls. (Without an "
                        + "i8259 in the machine nothing can raise one, so the simulator stops here.)";
            case KERNEL_EXCEPTION:
                add(refs, SDM_INJECTION);
                return "VMRESUME with event injection: KVM wrote the exception into the VM-entry interruption-"
                        + "information field, so the CPU delivers it through the guest's own interrupt table as it "
                        + "enters. The guest's handler runs as if no hypervisor had looked: 0 system calls.";
            default:
                return null;
        }
    }

    private static String stops(ExitPath p, Ctx c, List<String> refs) {
        add(refs, API_KVM_RUN);
        switch (p) {
            case USERSPACE_HLT_FINAL:
                return "HLT with interrupts disabled can never be woken, so the VMM treats it as the end of the "
                        + "program and stops calling KVM_RUN. A general-purpose VMM would leave the vCPU asleep instead.";
            case USERSPACE_SHUTDOWN:
                return "A VM cannot continue after a triple fault. A VMM such as QEMU would reset the VM, as a real "
                        + "machine resets; this one stops it so the class can look at the final state.";
            case HALTED_IN_GUEST:
                add(refs, SDM_CONDITIONAL);
                return "Nothing in this machine can raise an interrupt, so the halted vCPU would sleep forever. The "
                        + "simulator notices and stops the run.";
            case EMULATION_FAILURE:
                return "The VMM stops the VM and reports where: the instruction's address and bytes are in the exit's "
                        + "note. On hardware KVM the CPU would have run this instruction itself.";
            default:
                return null;
        }
    }

    // ---- AMD SVM: guest mode, the VMCB, #VMEXIT codes, svm_handle_exit, VMRUN

    private static String svmText(ExitPath p, Stage s, Ctx c, List<String> refs) {
        switch (s) {
            case GUEST_INSTRUCTION: return svmGuestInstruction(p, c, refs);
            case VM_EXIT: return svmExit(p, c, refs);
            case KVM_HANDLER: return svmHandler(p, c, refs);
            case DEVICE_THREAD:
                add(refs, API_IOEVENTFD, "eventfd(2) man page", WORKBENCH_DISPATCH);
                return "On another host thread, the VMM's device thread wakes up from waiting on the eventfd and "
                        + "processes the virtqueue in guest memory, in parallel with the guest. The vCPU thread never left "
                        + "KVM_RUN. That is why ioeventfd makes doorbells cheap: the kick costs a #VMEXIT, but no trip "
                        + "to userspace on the vCPU.";
            case VM_ENTRY: return enter(p, refs, "VMRUN: the CPU loads the guest's state from the VMCB", "VMRUN",
                    "VMRUN with event injection: KVM wrote the exception into the VMCB's EVENTINJ field, so the CPU "
                            + "delivers it through the guest's own interrupt table as it enters.", APM_SVM, LINUX_SVM_VMENTER);
            case VM_STOPS:
                if (p == ExitPath.HALTED_IN_GUEST) {
                    add(refs, API_KVM_RUN, APM_SVM);
                    return "Nothing in this machine can raise an interrupt, so the halted vCPU would sleep forever. The "
                            + "simulator notices and stops the run.";
                }
                return text(p, s, c, refs);
            default:
                return text(p, s, c, refs); // no VMX words in the remaining stages
        }
    }

    private static String svmGuestInstruction(ExitPath p, Ctx c, List<String> refs) {
        add(refs, APM_SVM);
        String runs = "The guest runs directly on the CPU in SVM guest mode, at full speed, until it executes ";
        switch (p) {
            case USERSPACE_PIO:
                return runs + c.insn + " on " + c.port + ". KVM set the IOIO intercept in the VMCB, and the I/O "
                        + "permission map marks this port. So the instruction does not complete inside the guest: the "
                        + "CPU stops it right here.";
            case USERSPACE_MMIO:
                return runs + c.insn + ", a memory access to guest-physical address " + c.address + ". The VMM put no "
                        + "RAM there: it is a device's register window (memory-mapped I/O). The CPU translates the "
                        + "address through the nested page tables (NPT), the host's page tables for guest memory, and "
                        + "finds no usable entry.";
            case USERSPACE_HLT: case KERNEL_HLT:
                return "The guest executes HLT in SVM guest mode: it has nothing to do and wants to sleep until the "
                        + "next interrupt. The HLT intercept is set in the VMCB, so instead of halting the physical core "
                        + "the CPU leaves the guest.";
            case USERSPACE_HLT_FINAL:
                return "The guest executes HLT with interrupts disabled (IF=0), which is how the sample programs say "
                        + "they are done. The HLT intercept is set in the VMCB, so the CPU leaves the guest instead of "
                        + "halting the physical core.";
            case USERSPACE_SHUTDOWN:
                add(refs, SDM_DOUBLE_FAULT);
                return "The guest faulted while the CPU was already delivering a double fault (#DF). On bare metal "
                        + "that is a triple fault: the processor shuts down and the board resets. In a VM with the "
                        + "shutdown intercept set, the CPU exits to the hypervisor instead.";
            case KERNEL_CPUID:
                return "The guest executes CPUID to ask what processor it is running on. On AMD, CPUID leaves the "
                        + "guest only because KVM always sets the CPUID intercept in the VMCB, so the hypervisor decides "
                        + "what the guest sees.";
            case KERNEL_MSR:
                return "The guest executes " + c.insn + " to read or write a model-specific register (MSR). The MSR "
                        + "permission map that the VMCB points to lists which MSRs are intercepted, and this one is. "
                        + "The instruction stops before it touches the real register.";
            case KERNEL_HYPERCALL:
                add(refs, HYPERCALLS);
                return "The guest calls its hypervisor on purpose with VMMCALL, AMD's counterpart of Intel's VMCALL, "
                        + "much like a program's system call into its kernel. KVM sets the VMMCALL intercept in the "
                        + "VMCB. (A VMCALL written for Intel raises #UD on AMD; KVM catches it and patches the "
                        + "instruction to VMMCALL.)";
            case KERNEL_RDTSC:
                return "The guest reads the time-stamp counter with RDTSC. The RDTSC intercept is set in this VM's "
                        + "VMCB, so the CPU intercepts the read. Real KVM leaves it off and lets the CPU add the VMCB's "
                        + "TSC offset in hardware.";
            case KERNEL_IOEVENTFD:
                add(refs, API_IOEVENTFD);
                return "The guest writes to its virtio device's doorbell, " + c.port + ", to kick it: new requests "
                        + "wait in the virtqueue in guest memory. The OUT carries almost no information; it only means "
                        + "\"look at the queue\". Like any intercepted OUT, it causes a #VMEXIT.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, API_IOEVENTFD);
                return "The guest stores to " + c.address + ", the QueueNotify register of its virtio-mmio device, to "
                        + "kick it: new requests wait in the virtqueue in guest memory. The store carries almost no "
                        + "information; it only means \"look at the queue\". No RAM is behind the address, so the "
                        + "nested page tables (NPT) have no usable entry and the store causes a #VMEXIT.";
            case KERNEL_EXCEPTION:
                return "The guest raised exception " + c.vector + ". The exception intercept bits in the VMCB say this "
                        + "vector causes a #VMEXIT, so the CPU stops before calling the guest's own handler. "
                        + "Hypervisors use this to watch or fix up faults.";
            case HALTED_IN_GUEST:
                return "The guest executes HLT, but the HLT intercept is off in this VM. The CPU really halts inside "
                        + "the guest, so there is no #VMEXIT and neither KVM nor the VMM is told anything.";
            case EMULATION_FAILURE:
                add(refs, API_KVM_RUN + ", KVM_EXIT_INTERNAL_ERROR");
                return "The guest reached " + c.insn + ", an instruction the simulator does not implement. A real CPU "
                        + "would simply run it. Nothing was intercepted, so this is not a #VMEXIT.";
            default:
                return null;
        }
    }

    private static String svmExit(ExitPath p, Ctx c, List<String> refs) {
        add(refs, APM_SVM, APM_EXITCODES, LINUX_SVM_VMENTER);
        String lead = "The CPU itself performs the #VMEXIT: no software asked for it, so it is not a system call. ";
        String saves = "It saves the guest's state in the VMCB, writes EXITCODE " + c.svm;
        switch (p) {
            case USERSPACE_PIO:
                return lead + saves + " and EXITINFO1 with the port, size and direction (EXITINFO2 holds the next "
                        + "RIP), then returns to KVM right after its VMRUN instruction.";
            case KERNEL_IOEVENTFD:
                return lead + "To the hardware this is an ordinary IOIO intercept: EXITCODE " + c.svm + ", with the "
                        + "port in EXITINFO1. The CPU knows nothing about ioeventfd; that is KVM's business.";
            case KERNEL_MMIO_IOEVENTFD:
                return lead + "To the hardware this is an ordinary nested page fault: SVM_EXIT_NPF (0x400), with the "
                        + "error code in EXITINFO1 and the guest-physical address " + c.address + " in EXITINFO2, on "
                        + "the first store and on every later one (KVM marks MMIO pages with a reserved bit). The CPU "
                        + "knows nothing about ioeventfd; that is KVM's business.";
            case USERSPACE_MMIO:
                return lead + "The nested page tables have no usable entry, so the exit is SVM_EXIT_NPF (0x400), with "
                        + "the error code in EXITINFO1 and the guest-physical address " + c.address + " in EXITINFO2. "
                        + "KVM marks MMIO pages with a reserved bit, so later accesses arrive as nested page faults too.";
            case USERSPACE_HLT: case USERSPACE_HLT_FINAL: case KERNEL_HLT:
                return lead + saves + " and returns to KVM after its VMRUN. HLT has no exit information, and RIP "
                        + "still points at the HLT.";
            case USERSPACE_SHUTDOWN:
                return lead + "It writes EXITCODE " + c.svm + " in the VMCB and returns to KVM. After a shutdown "
                        + "intercept the guest state in the VMCB is undefined, so KVM must reinitialize it.";
            case KERNEL_CPUID:
                return lead + saves + " and returns to KVM after its VMRUN. The VMM's vCPU thread is still inside "
                        + "ioctl(KVM_RUN), where it has been all along.";
            case KERNEL_MSR:
                return lead + saves + " for both RDMSR and WRMSR, with EXITINFO1 = 0 for a read and 1 for a write. "
                        + "The MSR number is in the guest's ECX, and the value to write in EDX:EAX.";
            case KERNEL_HYPERCALL:
                return lead + saves + " and returns to KVM. The hypercall number and its arguments stay in the "
                        + "guest's registers.";
            case KERNEL_RDTSC:
                return lead + saves + " and returns to KVM, with RIP still at the RDTSC.";
            case KERNEL_EXCEPTION:
                return lead + saves + ", the exception base 0x040 plus the vector; EXITINFO1 holds the error code for "
                        + "exceptions that push one. Then it returns to KVM.";
            default:
                return null;
        }
    }

    private static String svmHandler(ExitPath p, Ctx c, List<String> refs) {
        add(refs, LINUX_SVM);
        String dispatch = "svm_handle_exit reads EXITCODE from the VMCB and looks it up in svm_exit_handlers[]. ";
        switch (p) {
            case USERSPACE_PIO:
                add(refs, "Linux arch/x86/kvm/svm/svm.c: io_interception",
                        "Linux arch/x86/kvm/x86.c: kvm_fast_pio → emulator_pio_in_out → kvm_io_bus_write");
                return dispatch + "io_interception decodes EXITINFO1 and calls kvm_fast_pio, which asks the in-kernel "
                        + "I/O bus whether a device lives at " + c.port + "; none does. So KVM fills in kvm_run "
                        + "(exit_reason = KVM_EXIT_IO, port, size, direction, data) and returns to userspace.";
            case USERSPACE_MMIO:
                add(refs, "Linux arch/x86/kvm/svm/svm.c: npf_interception", "Linux arch/x86/kvm/mmu/mmu.c: kvm_mmu_page_fault");
                return dispatch + "npf_interception passes the guest-physical address to kvm_mmu_page_fault. No memory "
                        + "slot covers " + c.address + ", so it must be MMIO, and KVM installs a special MMIO entry "
                        + "(a reserved bit) in the nested page tables for later accesses.";
            case USERSPACE_SHUTDOWN:
                add(refs, "Linux arch/x86/kvm/svm/svm.c: shutdown_interception");
                return dispatch + "shutdown_interception: KVM cannot repair a guest that triple-faulted. It sets "
                        + "exit_reason = KVM_EXIT_SHUTDOWN and returns to userspace, where the VMM decides whether to "
                        + "reset or stop.";
            case KERNEL_MSR:
                add(refs, "Linux arch/x86/kvm/svm/svm.c: msr_interception",
                        "Linux arch/x86/kvm/x86.c: kvm_emulate_rdmsr / kvm_emulate_wrmsr", API_USER_MSR);
                return dispatch + "msr_interception picks kvm_emulate_rdmsr or kvm_emulate_wrmsr by EXITINFO1; they "
                        + "read or store the value KVM keeps for this vCPU's MSR, then skip the instruction. The VMM is "
                        + "only asked if it opted in with KVM_CAP_X86_USER_SPACE_MSR.";
            case KERNEL_HYPERCALL:
                add(refs, "Linux arch/x86/kvm/x86.c: kvm_emulate_hypercall", HYPERCALLS);
                return dispatch + "kvm_emulate_hypercall reads the hypercall number from RAX and the arguments from "
                        + "RBX, RCX, RDX and RSI; an unknown number gets -KVM_ENOSYS (-1000) in RAX. KVM skips the "
                        + "VMMCALL and the guest continues.";
            case KERNEL_RDTSC:
                add(refs, APM_EXITCODES, "Linux: no RDTSC handler in svm_exit_handlers[] (KVM does not intercept RDTSC)");
                return "This stage is modeled: Linux's KVM does not intercept RDTSC, it lets the CPU add the TSC "
                        + "offset in hardware instead. The simulator answers with the guest's TSC in EDX:EAX and skips "
                        + "the instruction.";
            case KERNEL_IOEVENTFD:
                add(refs, "Linux arch/x86/kvm/svm/svm.c: io_interception; x86.c: kvm_fast_pio",
                        "Linux virt/kvm/kvm_main.c: kvm_io_bus_write", API_IOEVENTFD);
                return "io_interception calls kvm_fast_pio, which offers the write to the in-kernel I/O bus with "
                        + "kvm_io_bus_write. This time a device is registered at " + c.port + ": the ioeventfd the VMM "
                        + "set up with KVM_IOEVENTFD. Its ioeventfd_write checks the address (and the value, if the VMM "
                        + "asked for a data match) and claims the write.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, "Linux arch/x86/kvm/svm/svm.c: npf_interception", "Linux arch/x86/kvm/mmu/mmu.c: kvm_mmu_page_fault",
                        "Linux arch/x86/kvm/x86.c: x86_emulate_instruction → vcpu_mmio_write",
                        "Linux virt/kvm/kvm_main.c: kvm_io_bus_write", API_IOEVENTFD);
                return dispatch + "npf_interception passes the address to kvm_mmu_page_fault, which finds an MMIO page "
                        + "and hands the instruction to KVM's emulator; its vcpu_mmio_write offers the store to the "
                        + "in-kernel MMIO bus (KVM_MMIO_BUS). There the ioeventfd the VMM set up at " + c.address
                        + " with KVM_IOEVENTFD claims the write in ioeventfd_write, checking the address, size and value.";
            case KERNEL_EXCEPTION:
                return dispatch + "The vector's exception handler sees " + c.vector + ", a hardware exception. Here "
                        + "KVM only wanted to see it, so it queues the same exception to be injected back into the "
                        + "guest, whose own handler will run.";
            default: {
                // HLT and CPUID: the generic handlers in x86.c / cpuid.c, straight from svm_exit_handlers[]
                String generic = handler(p, c, refs);
                return generic == null ? null : "svm_handle_exit dispatches EXITCODE " + c.svm + " to the same "
                        + "generic code as on Intel. " + generic;
            }
        }
    }

    /** The entry stage: {@code enters} describes the switch; {@code name} is the instruction or "the emulator". */
    private static String enter(ExitPath p, List<String> refs, String enters, String name, String injection,
                                String... references) {
        add(refs, references);
        String resume = enters + ", with RIP now past the instruction, and the guest continues as if the instruction "
                + "had simply run. ";
        switch (p) {
            case USERSPACE_PIO: case USERSPACE_MMIO:
                return resume + "The round trip cost a full trip to userspace and back, one system call, which is "
                        + "why device emulation in userspace is slow.";
            case USERSPACE_HLT:
                return resume + "The round trip went all the way to userspace and back: one system call.";
            case KERNEL_CPUID: case KERNEL_MSR: case KERNEL_HYPERCALL: case KERNEL_RDTSC:
                return resume + "The whole exit was handled inside KVM: 0 system calls, and the VMM never noticed.";
            case KERNEL_IOEVENTFD: case KERNEL_MMIO_IOEVENTFD:
                return resume + "The kick is done, the device thread works in parallel, and the VMM's vCPU thread "
                        + "never left KVM_RUN: 0 system calls on the vCPU.";
            case KERNEL_HLT:
                return "When an interrupt becomes pending, KVM wakes the vCPU thread and goes back into the guest ("
                        + name + "), delivering the interrupt. The VMM never saw the HLT: 0 system calls. (In this "
                        + "machine nothing can raise an interrupt, so the simulator stops here.)";
            case KERNEL_EXCEPTION:
                return injection + " The guest's handler runs as if no hypervisor had looked: 0 system calls.";
            default:
                return null;
        }
    }

    // ---- PVM: no VMX/SVM, no VMCS; real-mode guest code runs in KVM's instruction emulator in the kernel

    private static final String PVM_RUNS = "This host has no VMX or SVM, so the guest's real-mode code never runs on "
            + "the CPU directly: KVM's instruction emulator in the kernel fetches, decodes and executes it one "
            + "instruction at a time. ";

    private static String pvmText(ExitPath p, Stage s, Ctx c, List<String> refs) {
        switch (s) {
            case GUEST_INSTRUCTION: return pvmGuestInstruction(p, c, refs);
            case VM_EXIT: return pvmExit(p, c, refs);
            case KVM_HANDLER: return pvmHandler(p, c, refs);
            case KVM_EMULATOR:
                add(refs, "Linux arch/x86/kvm/x86.c: emulator_read_write → vcpu_mmio_read / vcpu_mmio_write",
                        API_KVM_RUN + ", KVM_EXIT_MMIO");
                return "The emulator already decoded the guest's instruction, so it knows the size, direction and "
                        + "data of the access. vcpu_mmio_read or vcpu_mmio_write offers it to devices emulated in the "
                        + "kernel first. None claims " + c.address + ", so KVM fills kvm_run with KVM_EXIT_MMIO: "
                        + "phys_addr, len, is_write and the data.";
            case DEVICE_THREAD:
                add(refs, API_IOEVENTFD, "eventfd(2) man page", WORKBENCH_DISPATCH);
                return "On another host thread, the VMM's device thread wakes up from waiting on the eventfd and "
                        + "processes the virtqueue in guest memory, in parallel with the guest. The vCPU thread never left "
                        + "KVM_RUN. That is why ioeventfd makes doorbells cheap: the kick costs one emulated "
                        + (p == ExitPath.KERNEL_MMIO_IOEVENTFD ? "store" : "OUT") + " in the kernel, but no trip to "
                        + "userspace on the vCPU.";
            case KVM_RUN_CALLED:
                if (p == ExitPath.USERSPACE_PIO) {
                    add(refs, API_RUN, LINUX_RUN, "Linux arch/x86/kvm/x86.c: x86_emulate_instruction, complete_emulated_pio");
                    return "The VMM calls ioctl(KVM_RUN) again: that is the one system call this exit costs. For an OUT "
                            + "there is nothing left to do, because the emulator finished the instruction before it "
                            + "returned KVM_EXIT_IO. For an IN, complete_emulated_pio copies the value read into the "
                            + "guest's register, and the emulator goes on.";
                }
                return text(p, s, c, refs);
            case VM_ENTRY:
                return enter(p, refs, "There is no VM entry (no VMRESUME, no VMRUN): KVM's emulator simply carries on "
                                + "with the guest's next instruction", "the emulator continues",
                        "There is no VM entry: KVM delivers the queued exception the way a real-mode CPU would, through "
                                + "the guest's interrupt vector table, and the emulator continues in the guest's own "
                                + "handler.", PVM, LINUX_EMULATOR);
            case VM_STOPS:
                if (p == ExitPath.HALTED_IN_GUEST) {
                    add(refs, API_KVM_RUN, PVM);
                    return "Nothing in this machine can raise an interrupt, so the halted vCPU would sleep forever. The "
                            + "simulator notices and stops the run.";
                }
                if (p == ExitPath.EMULATION_FAILURE) {
                    add(refs, API_KVM_RUN, LINUX_EMULATE);
                    return "The VMM stops the VM and reports where: the instruction's address and bytes are in the "
                            + "exit's note. On a PVM host every real-mode instruction goes through KVM's emulator, so an "
                            + "instruction it does not know ends the run the same way.";
                }
                return text(p, s, c, refs);
            default:
                return text(p, s, c, refs); // KVM_RUN returns, device model, eventfd: no VMX words
        }
    }

    private static String pvmGuestInstruction(ExitPath p, Ctx c, List<String> refs) {
        add(refs, PVM, LINUX_EMULATOR);
        switch (p) {
            case USERSPACE_PIO:
                return PVM_RUNS + "Now it reaches " + c.insn + " on " + c.port + ", and it must find out who serves "
                        + "that port.";
            case USERSPACE_MMIO:
                return PVM_RUNS + "Now it reaches " + c.insn + ", a memory access to guest-physical address "
                        + c.address + ". The VMM put no RAM there: it is a device's register window (memory-mapped I/O).";
            case USERSPACE_HLT: case KERNEL_HLT:
                return PVM_RUNS + "Now it reaches HLT: the guest has nothing to do and wants to sleep until the next "
                        + "interrupt.";
            case USERSPACE_HLT_FINAL:
                return PVM_RUNS + "Now it reaches HLT with interrupts disabled (IF=0), which is how the sample programs "
                        + "say they are done.";
            case USERSPACE_SHUTDOWN:
                add(refs, SDM_DOUBLE_FAULT);
                return PVM_RUNS + "While delivering a double fault (#DF) it hits another fault: on bare metal that is a "
                        + "triple fault, and the processor shuts down.";
            case KERNEL_CPUID:
                return PVM_RUNS + "Now it reaches CPUID, the guest asking what processor it runs on. For the emulator "
                        + "CPUID is just another instruction: nothing has to be intercepted.";
            case KERNEL_MSR:
                return PVM_RUNS + "Now it reaches " + c.insn + " to read or write a model-specific register (MSR). The "
                        + "emulator works on KVM's copy of the register, never the real one.";
            case KERNEL_HYPERCALL:
                add(refs, HYPERCALLS);
                return PVM_RUNS + "Now it reaches VMCALL, the instruction a guest uses to call its hypervisor on "
                        + "purpose. No hardware intercepts it here: KVM's emulator recognises it.";
            case KERNEL_RDTSC:
                return PVM_RUNS + "Now it reaches RDTSC, a read of the time-stamp counter. This path is modeled: the "
                        + "emulator answers with the guest's TSC itself, so nothing is intercepted.";
            case KERNEL_IOEVENTFD:
                add(refs, API_IOEVENTFD);
                return PVM_RUNS + "Now it reaches an OUT to the virtio device's doorbell, " + c.port + ", the kick "
                        + "that means \"look at the queue\": new requests wait in the virtqueue in guest memory.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, API_IOEVENTFD);
                return PVM_RUNS + "Now it reaches a store to " + c.address + ", the QueueNotify register of the "
                        + "virtio-mmio device: the kick that means \"look at the queue\", because new requests wait in "
                        + "the virtqueue in guest memory.";
            case KERNEL_EXCEPTION:
                return PVM_RUNS + "The instruction it runs raises exception " + c.vector + ". There is no exception "
                        + "bitmap to consult: the emulator itself sees the fault.";
            case HALTED_IN_GUEST:
                return "This path comes from the simulator, where HLT exiting can be switched off. The guest's HLT "
                        + "halts the vCPU and no KVM_EXIT reaches the VMM; on PVM there is no VM exit to switch off anyway.";
            case EMULATION_FAILURE:
                add(refs, API_KVM_RUN + ", KVM_EXIT_INTERNAL_ERROR");
                return PVM_RUNS + "Now it reaches " + c.insn + ", an instruction the emulator does not implement. "
                        + "There is no hardware guest mode to fall back on, so this instruction cannot run at all.";
            default:
                return null;
        }
    }

    private static String pvmExit(ExitPath p, Ctx c, List<String> refs) {
        add(refs, PVM, LINUX_EMULATOR);
        String lead = "There is no VM exit on PVM, and no VMCS to record one: the guest never ran in a hardware guest "
                + "mode, and nothing here is a system call either. ";
        switch (p) {
            case USERSPACE_PIO:
                return lead + "The emulator, already in the kernel, executes the " + c.insn + " itself and leaves its "
                        + "instruction loop to find a device for " + c.port + ".";
            case USERSPACE_MMIO:
                return lead + "The emulator's memory access finds no RAM at " + c.address + ", so it leaves its "
                        + "instruction loop to complete the access another way.";
            case USERSPACE_HLT: case USERSPACE_HLT_FINAL:
                return lead + "The emulator executes the HLT and leaves its instruction loop: the vCPU wants to halt.";
            case USERSPACE_SHUTDOWN:
                add(refs, LINUX_RUN);
                return lead + "The emulator gives up on the guest: KVM raises a triple-fault request "
                        + "(KVM_REQ_TRIPLE_FAULT) and leaves the emulator loop.";
            case KERNEL_HLT:
                return lead + "The emulator executes the HLT and leaves its instruction loop, but the vCPU stays "
                        + "inside ioctl(KVM_RUN).";
            case KERNEL_CPUID:
                return lead + "The emulator handles CPUID as one more instruction, in the kernel. The VMM's vCPU thread "
                        + "is still inside ioctl(KVM_RUN), where it has been all along.";
            case KERNEL_MSR:
                return lead + "RDMSR and WRMSR are emulated in the kernel like any other instruction. The MSR number is "
                        + "in the guest's ECX, and the value to write in EDX:EAX.";
            case KERNEL_HYPERCALL:
                return lead + "The emulator meets VMCALL in the kernel; the hypercall number and its arguments are in "
                        + "the guest's registers.";
            case KERNEL_RDTSC:
                return lead + "The emulator executes RDTSC like any other instruction, in the kernel.";
            case KERNEL_IOEVENTFD:
                return lead + "The emulator executes the OUT itself, in the kernel. It knows nothing about ioeventfd "
                        + "yet; KVM's I/O bus will find it.";
            case KERNEL_MMIO_IOEVENTFD:
                return lead + "The emulator executes the store itself, in the kernel, and finds no RAM at "
                        + c.address + ". It knows nothing about ioeventfd; KVM's MMIO bus will find it.";
            case KERNEL_EXCEPTION:
                return lead + "The emulator sees exception " + c.vector + " while executing the guest's instruction, "
                        + "in the kernel.";
            default:
                return null;
        }
    }

    private static String pvmHandler(ExitPath p, Ctx c, List<String> refs) {
        switch (p) {
            case USERSPACE_PIO:
                add(refs, "Linux arch/x86/kvm/emulate.c: em_in, em_out",
                        "Linux arch/x86/kvm/x86.c: x86_emulate_instruction → emulator_pio_in_out → kvm_io_bus_write");
                return "The emulator's em_out (or em_in) calls emulator_pio_in_out, which asks the in-kernel I/O bus "
                        + "whether a device lives at " + c.port + "; none does. So KVM fills in kvm_run (exit_reason = "
                        + "KVM_EXIT_IO, port, size, direction, data) and returns to userspace. An OUT is already "
                        + "complete: RIP is past it.";
            case USERSPACE_MMIO:
                add(refs, "Linux arch/x86/kvm/x86.c: emulator_read_emulated / emulator_write_emulated → emulator_read_write");
                return "The emulator reads or writes guest memory through emulator_read_write. No memory slot covers "
                        + c.address + ": there is no EPT or nested page table and no page-fault exit, the emulator "
                        + "simply finds no RAM, so the access must be MMIO.";
            case USERSPACE_HLT: case USERSPACE_HLT_FINAL:
                add(refs, "Linux arch/x86/kvm/x86.c: __kvm_emulate_halt (how PVM's emulated HLT reaches it: not checked)",
                        API_IRQCHIP);
                return "The emulated HLT halts the vCPU. This VMM did not ask KVM to emulate the interrupt controller "
                        + "(no in-kernel local APIC), so KVM cannot know when an interrupt would wake the vCPU. It sets "
                        + "exit_reason = KVM_EXIT_HLT and lets the VMM decide.";
            case KERNEL_HLT:
                add(refs, "Linux arch/x86/kvm/x86.c: __kvm_emulate_halt, vcpu_block",
                        "Linux virt/kvm/kvm_main.c: kvm_vcpu_halt (halt polling)", API_IRQCHIP);
                return "The local APIC is emulated in the kernel, so KVM itself knows when the next interrupt will "
                        + "arrive. It marks the vCPU halted and puts its thread to sleep (vcpu_block, after a short "
                        + "busy-poll) until an interrupt is pending. No exit to the VMM.";
            case USERSPACE_SHUTDOWN:
                add(refs, LINUX_RUN);
                return "KVM cannot repair a guest that triple-faulted. vcpu_enter_guest sees the KVM_REQ_TRIPLE_FAULT "
                        + "request, sets exit_reason = KVM_EXIT_SHUTDOWN and returns to userspace, where the VMM "
                        + "decides whether to reset or stop.";
            case KERNEL_CPUID:
                add(refs, "Linux arch/x86/kvm/emulate.c: em_cpuid", "Linux arch/x86/kvm/cpuid.c: kvm_cpuid", API_CPUID2);
                return "The emulator's em_cpuid asks kvm_cpuid, which looks the leaf up in the table the VMM installed "
                        + "earlier with KVM_SET_CPUID2 and writes EAX to EDX. All of it happens inside the emulator in "
                        + "the kernel, with no VM exit: the VMM is not involved.";
            case KERNEL_MSR:
                add(refs, "Linux arch/x86/kvm/emulate.c: em_rdmsr / em_wrmsr",
                        "Linux arch/x86/kvm/x86.c: kvm_get_msr_with_filter / kvm_set_msr_with_filter", API_USER_MSR);
                return "The emulator's em_rdmsr or em_wrmsr reads or stores the value KVM keeps for this vCPU's MSR; an "
                        + "MSR KVM does not know gets a #GP injected into the guest. There is no VM exit, and the VMM is "
                        + "only asked if it opted in with KVM_CAP_X86_USER_SPACE_MSR.";
            case KERNEL_HYPERCALL:
                add(refs, "Linux arch/x86/kvm/x86.c: kvm_emulate_hypercall", HYPERCALLS);
                return "kvm_emulate_hypercall reads the hypercall number from RAX and the arguments from RBX, RCX, RDX "
                        + "and RSI; an unknown number gets -KVM_ENOSYS (-1000) in RAX. How PVM's emulator hands VMCALL "
                        + "to it was not checked in the source, but no VM exit is involved.";
            case KERNEL_RDTSC:
                add(refs, "Linux arch/x86/kvm/emulate.c: em_rdtsc");
                return "This stage is modeled: the emulator's em_rdtsc reads the guest's TSC and writes it to EDX:EAX. "
                        + "No VM exit and no RDTSC interception are involved.";
            case KERNEL_IOEVENTFD:
                add(refs, "Linux arch/x86/kvm/emulate.c: em_out; x86.c: emulator_pio_in_out",
                        "Linux virt/kvm/kvm_main.c: kvm_io_bus_write", API_IOEVENTFD);
                return "The emulator's em_out calls emulator_pio_in_out, which offers the write to the in-kernel I/O bus "
                        + "with kvm_io_bus_write. This time a device is registered at " + c.port + ": the ioeventfd the "
                        + "VMM set up with KVM_IOEVENTFD. Its ioeventfd_write checks the address (and the value, if the "
                        + "VMM asked for a data match) and claims the write.";
            case KERNEL_MMIO_IOEVENTFD:
                add(refs, "Linux arch/x86/kvm/x86.c: emulator_write_emulated → emulator_read_write → vcpu_mmio_write",
                        "Linux virt/kvm/kvm_main.c: kvm_io_bus_write", API_IOEVENTFD);
                return "The emulator writes guest memory through emulator_read_write; no memory slot covers "
                        + c.address + ", so vcpu_mmio_write offers the store to the in-kernel MMIO bus (KVM_MMIO_BUS) "
                        + "with kvm_io_bus_write. This time a device is registered there: the ioeventfd the VMM set up "
                        + "with KVM_IOEVENTFD. Its ioeventfd_write checks the address, size and value and claims the "
                        + "write, so there is no VM exit and no KVM_EXIT_MMIO.";
            case KERNEL_EXCEPTION:
                add(refs, "Linux arch/x86/kvm/x86.c: inject_emulated_exception → kvm_queue_exception");
                return "KVM queues exception " + c.vector + " for the guest, to be delivered through its real-mode "
                        + "interrupt vector table. There is no exception bitmap and no VM exit; KVM only records what "
                        + "happened.";
            default:
                return null;
        }
    }
}
