package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;

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
 */
public final class StageNotes {
    /** The one idea every stage comes back to. */
    public static final String KEY_MESSAGE = "A VM exit is not a system call: the CPU itself switches from the guest "
            + "to the host and records the reason in the VMCS. Only exits KVM cannot finish come back to userspace, "
            + "as the return of ioctl(KVM_RUN), and each of those costs one system call (the next KVM_RUN).";

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
    static final String WORKBENCH_DISPATCH = "KVM Workbench core/backend/ExitDispatcher.java → the device models in core/device";

    private StageNotes() {
    }

    /** The note for {@code stage} of {@code path}, in general terms; null if the path has no such stage. */
    public static Note of(ExitPath path, Stage stage) {
        return note(path, stage, null);
    }

    /** The note for {@code stage} of this exit's path, naming its instruction, port or address; null if none. */
    public static Note of(ExitRecord r, Stage stage) {
        return note(r.path(), stage, r);
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
            case KERNEL_IOEVENTFD:
                return "This exit was finished inside KVM: 0 system calls on the vCPU thread; the VMM's device thread "
                        + "is woken through the eventfd.";
            default:
                return "This exit was finished inside KVM: 0 system calls, the VMM never saw it.";
        }
    }

    /** Names from the record where there is one, general words otherwise. */
    private static final class Ctx {
        final String insn, port, address, reason, vector;

        Ctx(ExitRecord r) {
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

    private static Note note(ExitPath path, Stage stage, ExitRecord r) {
        PathStep step = step(path, stage);
        if (step == null) return null;
        Ctx c = new Ctx(r);
        List<String> refs = new ArrayList<>();
        String text = text(path, stage, c, refs);
        if (text == null) return null;
        String handler = step.handler();
        refs.add("On this path: " + handler);
        return new Note(title(stage), text, handler, refs);
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
            case KERNEL_IOEVENTFD:
                return resume + "The kick is done, the device thread works in parallel, and the VMM's vCPU thread "
                        + "never left KVM_RUN: 0 system calls on the vCPU.";
            case KERNEL_HLT:
                return "When an interrupt becomes pending, KVM wakes the vCPU thread and re-enters the guest with "
                        + "VMRESUME, delivering the interrupt. The VMM never saw the HLT: 0 system calls. (In this "
                        + "machine nothing can raise an interrupt, so the simulator stops here.)";
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
}
