package org.kvmworkbench.core.backend;

import java.io.IOException;

import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.cpu.ExitControls;
import org.kvmworkbench.core.cpu.Interpreter;
import org.kvmworkbench.core.cpu.MsrFile;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.cpu.Seg;
import org.kvmworkbench.core.device.ConsoleSink;
import org.kvmworkbench.core.device.Pic8259Pair;
import org.kvmworkbench.core.device.Pit8254;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.exit.NoteText;
import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.memory.ArrayGuestMemory;
import org.kvmworkbench.core.svm.SvmExitCode;
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;
import org.kvmworkbench.core.vmx.EptViolationQualification;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.Provenance;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;
import org.kvmworkbench.core.vmx.VmxControls;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * The simulated backend: the interpreter runs the guest as VMX non-root code; each intercepted
 * instruction becomes a VM exit recorded in a modeled VMCS, routed by {@link ModeledKvm} to the kernel
 * or to userspace, and completed on {@link #resume} (VM entry).
 */
public final class SimulatedVcpu implements Vcpu {
    private final BackendInfo info;
    private final Machine machine;
    private final Cpu cpu = new Cpu();
    private final MsrFile msrs = new MsrFile();
    private final Interpreter interp;
    private final ModeledKvm kvm;
    private final RegisterIntercepts registers;
    private final Vmcs vmcs = new Vmcs(Provenance.MODELED);
    private final GuestStateSaver guestState = new GuestStateSaver(vmcs, cpu);
    private final VcpuExit exit = new VcpuExit();
    private volatile boolean singleStep;
    /** The board's interrupt controller and timer (null when the config has none). */
    private final Pic8259Pair pic;
    private final Pit8254 pit;
    /** Timer ticks a halted vCPU skipped: the PIT's clock is instructions retired plus these. */
    private long idleTicks;
    /** Blocked in HLT with IF=1 until an interrupt (KVM: kvm_vcpu_block; userspace irqchip: the VMM waits). */
    private boolean halted;
    /** Between VM entry and exit: an interrupt raised now kicks the guest out (KVM: IN_GUEST_MODE). */
    private volatile boolean inGuest;
    /** The vector injected at the VM entry that {@link #resume} of an injection step performs. */
    private int injectedVector;
    private final Object wakeup = new Object();
    /** How long a halted vCPU waits for another thread's interrupt before {@link #run} returns (no progress). */
    private static final long HALT_WAIT_MILLIS = 2;

    public SimulatedVcpu(VmConfig config, ConsoleSink console, String why) throws IOException {
        this.info = BackendInfo.simulated(why);
        ArrayGuestMemory memory = new ArrayGuestMemory((int) config.memoryBytes());
        this.machine = Machine.build(config, memory, console);
        this.registers = new RegisterIntercepts(config.controls(), cpu);
        this.interp = new Interpreter(cpu, memory, exitControls(config.controls(), registers), msrs);
        this.kvm = new ModeledKvm(CpuidTable.simulated(), msrs, machine, registers);
        this.pic = machine.pic();
        this.pit = machine.pit();
        if (pic != null) pic.setRequestListener(this::interruptRequested);
        if (pit != null) pit.setClock(this::clock);
        writeControlFields(config.controls());
        resetCpu();
    }

    /** The virtual clock the PIT counts: one tick per instruction retired, plus the ticks skipped while halted. */
    private long clock() {
        return cpu.instructions + idleTicks;
    }

    /** The PIC raised INTR (any thread): a running guest is kicked out, a halted vCPU woken (kvm_vcpu_kick). */
    private void interruptRequested() {
        if (inGuest) interp.kick();
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    private static ExitControls exitControls(Controls c, RegisterIntercepts registers) {
        return new ExitControls() {
            @Override public boolean ioExits(int port) {
                return c.exitsOnPort(port);
            }

            @Override public boolean msrExits(long msr, boolean write) {
                return c.exitsOnMsr(msr);
            }

            @Override public boolean hltExiting() {
                return c.hlt();
            }

            @Override public boolean rdtscExiting() {
                return c.rdtsc();
            }

            @Override public int exceptionBitmap() {
                return c.exceptionBitmap();
            }

            @Override public boolean crAccessExits(int cr, int accessType, long value) {
                return registers.crAccessExits(cr, accessType, value);
            }

            @Override public boolean movDrExiting() {
                return registers.movDrExiting();
            }
        };
    }

    private void writeControlFields(Controls c) {
        vmcs.set(VmcsField.PIN_BASED_VM_EXEC_CONTROL, VmxControls.PIN_BASED_EXT_INTR_MASK | VmxControls.PIN_BASED_NMI_EXITING);
        long cpuBased = VmxControls.CPU_BASED_ACTIVATE_SECONDARY_CONTROLS & 0xFFFF_FFFFL;
        if (c.hlt()) cpuBased |= VmxControls.CPU_BASED_HLT_EXITING;
        if (c.rdtsc()) cpuBased |= VmxControls.CPU_BASED_RDTSC_EXITING;
        cpuBased |= c.io() == Controls.IoMode.UNCONDITIONAL ? VmxControls.CPU_BASED_UNCOND_IO_EXITING
                : VmxControls.CPU_BASED_USE_IO_BITMAPS;
        if (c.msr() == Controls.MsrMode.BITMAP) cpuBased |= VmxControls.CPU_BASED_USE_MSR_BITMAPS;
        if (c.movDr()) cpuBased |= VmxControls.CPU_BASED_MOV_DR_EXITING;
        vmcs.set(VmcsField.CPU_BASED_VM_EXEC_CONTROL, cpuBased);
        vmcs.set(VmcsField.SECONDARY_VM_EXEC_CONTROL,
                VmxControls.SECONDARY_EXEC_ENABLE_EPT | VmxControls.SECONDARY_EXEC_UNRESTRICTED_GUEST);
        vmcs.set(VmcsField.EXCEPTION_BITMAP, c.exceptionBitmap() & 0xFFFF_FFFFL);
        vmcs.set(VmcsField.VMCS_LINK_POINTER, -1L); // "must be all ones" when no shadow VMCS (SDM 3C §25.4.2)
        for (VmcsField f : VmcsField.values()) {
            if (f.group() == VmcsField.Group.HOST || f == VmcsField.IO_BITMAP_A || f == VmcsField.IO_BITMAP_B
                    || f == VmcsField.MSR_BITMAP || f == VmcsField.EPT_POINTER || f == VmcsField.TSC_OFFSET
                    || f == VmcsField.VM_EXIT_CONTROLS || f == VmcsField.VM_ENTRY_CONTROLS
                    || f == VmcsField.VIRTUAL_PROCESSOR_ID) {
                vmcs.setProvenance(f, Provenance.NOT_VISIBLE); // host addresses KVM chose: the simulator does not invent them
            }
        }
        guestState.save();
    }

    private void resetCpu() {
        cpu.reset();
        msrs.reset();
        interp.reset();
        cpu.startAt(machine.config().entry().cs(), machine.config().entry().ip());
    }

    @Override public BackendInfo info() {
        return info;
    }

    @Override public Machine machine() {
        return machine;
    }

    /**
     * Runs at most {@code budget} units (instructions and REP iterations, see {@link Interpreter}). Single-stepping
     * stops at the debug trap instead: after one instruction, or after two when the first was MOV SS / POP SS,
     * which holds the trap off for one instruction (SDM Vol. 3A §6.8.3), as on KVM with KVM_GUESTDBG_SINGLESTEP.
     */
    @Override public VcpuExit run(long budget) {
        machine.servicePassthrough(); // a doorbell rung by a memory write: no exit told the device (KVM: its thread polls)
        CpuExit ce;
        if (pic != null) {
            interp.clearKick(); // a kick no run took belongs to an interrupt the entry below sees anyway
            inGuest = true;
            try {
                if (halted && !wakeFromHalt()) return null;
                VcpuExit injection = injectAtEntry();
                if (injection != null) return injection;
                ce = runGuest(budget);
            } finally {
                inGuest = false;
            }
        } else {
            ce = runGuest(budget);
        }
        if (ce.kind == CpuExit.Kind.NONE) return null;
        if (registers.vmExit()) setMovDrExiting(true); // vmx_sync_dirty_debug_regs re-arms MOV-DR exiting
        VcpuExit e = exit;
        e.clear();
        e.data = ce.data;
        e.instructionLength = ce.instructionLength;
        e.path = kvm.route(ce, cpu);
        e.note = kvm.describe(ce, cpu);
        classify(ce, e);
        e.kvmExit = e.path.reachesUserspace() ? userspaceReason(ce) : null;
        e.stops = e.path == ExitPath.USERSPACE_SHUTDOWN || e.path == ExitPath.EMULATION_FAILURE
                || e.path == ExitPath.HALTED_IN_GUEST || e.path == ExitPath.KERNEL_HLT && !canWake();
        recordVmExit(e);
        return e;
    }

    private CpuExit runGuest(long budget) {
        if (singleStep) {
            CpuExit ce = interp.run(1);
            if (ce.kind == CpuExit.Kind.NONE && interp.stackSwitchShadow()) ce = interp.run(1);
            advanceTimer();
            return ce;
        }
        if (pit == null) return interp.run(budget);
        // Run in slices that end at the timer's expiries, so the PIT fires on its tick (IRQ 0 then kicks the guest)
        long end = cpu.instructions + Math.max(0, budget);
        CpuExit ce;
        do {
            long toTimer = pit.nextEvent() - clock();
            long slice = Math.max(1, Math.min(end - cpu.instructions, toTimer));
            ce = interp.run(slice);
            advanceTimer();
        } while (ce.kind == CpuExit.Kind.NONE && cpu.instructions < end);
        return ce;
    }

    private void advanceTimer() {
        if (pit != null) pit.advanceTo(clock());
    }

    /**
     * A vCPU halted with IF=1 runs again once the PIC has a request (kvm_vcpu_check_block). With the timer armed the
     * virtual clock jumps to its next expiry; otherwise only another thread (console input) can raise one: wait a
     * little for it, and let the caller's loop come back.
     */
    private boolean wakeFromHalt() {
        if (!pic.hasInterrupt() && pit != null && pit.nextEvent() != Long.MAX_VALUE) {
            idleTicks += Math.max(0, pit.nextEvent() - clock());
            advanceTimer();
        }
        if (!pic.hasInterrupt()) {
            synchronized (wakeup) {
                try {
                    if (!pic.hasInterrupt()) wakeup.wait(HALT_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!pic.hasInterrupt()) return false;
        }
        halted = false;
        return true;
    }

    /**
     * The VM entry's event check (vcpu_enter_guest → kvm_check_and_inject_events): a request the guest can take now is
     * acknowledged at the PIC and injected: returned as its own step, with the VM-entry interruption-information field
     * written; {@link #resume} of that step delivers it. If the guest cannot take it yet (IF=0, STI or MOV SS shadow),
     * interrupt-window exiting is turned on instead (vmx_enable_irq_window).
     */
    private VcpuExit injectAtEntry() {
        if (!pic.hasInterrupt()) return null;
        if (!interp.interruptsAllowed()) {
            setWindowExiting(true);
            return null;
        }
        setWindowExiting(false);
        injectedVector = pic.acknowledge();
        int info = VmxControls.INTR_INFO_VALID | VmxControls.INTR_TYPE_EXT_INTR | injectedVector;
        VcpuExit e = exit;
        e.clear();
        int irq = pic.lastAcknowledgedIrq();
        // IRQ 0 with the board's 8254 is KVM's in-kernel PIT; every other line belongs to a device model in userspace
        boolean kernelSource = irq == 0 && pit != null;
        e.path = kernelSource ? ExitPath.EVENT_INJECTION : ExitPath.EVENT_INJECTION_IRQ_LINE;
        e.svm = String.format("VMCB EVENTINJ = 0x%08x", info); // SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_INTR | vector
        e.note = irq < 0 ? NoteText.phrase("injected.spurious", injectedVector, info)
                : kernelSource ? NoteText.phrase("injected.pit", injectedVector, info)
                : NoteText.phrase("injected.irq", irq, injectedVector, info);
        vmcs.beginWrite();
        try {
            vmcs.beginExit();
            guestState.save();
            vmcs.set(VmcsField.VM_ENTRY_INTR_INFO_FIELD, info & 0xFFFF_FFFFL);
        } finally {
            vmcs.endWrite();
        }
        return e;
    }

    private void setMovDrExiting(boolean on) {
        setCpuBasedControl(VmxControls.CPU_BASED_MOV_DR_EXITING, on);
    }

    private void setWindowExiting(boolean on) {
        interp.setInterruptWindowExiting(on);
        setCpuBasedControl(VmxControls.CPU_BASED_INTR_WINDOW_EXITING, on);
    }

    private void setCpuBasedControl(int bit, boolean on) {
        long controls = vmcs.get(VmcsField.CPU_BASED_VM_EXEC_CONTROL);
        long updated = on ? controls | (bit & 0xFFFF_FFFFL) : controls & ~(bit & 0xFFFF_FFFFL);
        if (updated != controls) {
            vmcs.beginWrite();
            vmcs.set(VmcsField.CPU_BASED_VM_EXEC_CONTROL, updated);
            vmcs.endWrite();
        }
    }

    private void classify(CpuExit ce, VcpuExit e) {
        switch (ce.kind) {
            case IO:
                e.reason = VmxExitReason.IO_INSTRUCTION;
                e.qualification = IoExitQualification.encode(ce.size, ce.in, ce.string, ce.rep, ce.immediate, ce.port);
                e.svm = SvmExitCode.IOIO.label(0);
                e.accessKind = Access.Kind.PIO;
                e.address = ce.port;
                e.size = ce.size;
                e.count = ce.count;
                e.write = !ce.in;
                if (ce.string) e.guestLinear = ce.linearAddress;
                return;
            case MMIO:
                e.reason = ce.firstTouch ? VmxExitReason.EPT_VIOLATION : VmxExitReason.EPT_MISCONFIG;
                e.qualification = ce.firstTouch ? EptViolationQualification.unmappedAccess(ce.mmioWrite).encode() : 0;
                e.guestPhysical = ce.gpa;
                e.guestLinear = ce.gpa; // no paging in real mode: linear = physical
                e.svm = SvmExitCode.NPF.label(0);
                e.accessKind = Access.Kind.MMIO;
                e.address = ce.gpa;
                e.size = ce.size;
                e.count = 1;
                e.write = ce.mmioWrite;
                return;
            case CPUID: e.reason = VmxExitReason.CPUID; e.svm = SvmExitCode.CPUID.label(0); return;
            case HLT: e.reason = VmxExitReason.HLT; e.svm = SvmExitCode.HLT.label(0); return;
            case RDMSR: e.reason = VmxExitReason.MSR_READ; e.svm = SvmExitCode.MSR.label(0); return;
            case WRMSR: e.reason = VmxExitReason.MSR_WRITE; e.svm = SvmExitCode.MSR.label(0); return;
            case RDTSC: e.reason = VmxExitReason.RDTSC; e.svm = SvmExitCode.RDTSC.label(0); return;
            case VMCALL: e.reason = VmxExitReason.VMCALL; e.svm = SvmExitCode.VMMCALL.label(0); return;
            case EXCEPTION:
                e.reason = VmxExitReason.EXCEPTION_NMI;
                e.qualification = ce.qualification; // #DB: B0-B3, BD, BS (SDM Vol. 3C Table 28-1); 0 for the others
                e.interruptionInfo = ce.vector | VmxControls.INTR_INFO_VALID
                        | (ce.softwareException ? VmxControls.INTR_TYPE_SOFT_EXCEPTION : VmxControls.INTR_TYPE_HARD_EXCEPTION);
                e.svm = SvmExitCode.EXCP_BASE.label(ce.vector);
                return;
            case CR_ACCESS: { // SVM intercepts CLTS and LMSW as CR0 writes (AMD APM Vol. 2 §15.9)
                e.reason = VmxExitReason.CR_ACCESS;
                e.qualification = ce.qualification;
                int cr = (int) (ce.qualification & 0xF);
                boolean read = (ce.qualification >> 4 & 3) == CrAccessQualification.MOV_FROM_CR;
                e.svm = (read ? SvmExitCode.READ_CR0 : SvmExitCode.WRITE_CR0).label(cr);
                return;
            }
            case DR_ACCESS: {
                e.reason = VmxExitReason.DR_ACCESS;
                e.qualification = ce.qualification;
                int dr = (int) (ce.qualification & 7);
                e.svm = ((ce.qualification & DrAccessQualification.DIRECTION_FROM_DR) != 0 ? SvmExitCode.READ_DR0 : SvmExitCode.WRITE_DR0).label(dr);
                return;
            }
            case TRIPLE_FAULT: e.reason = VmxExitReason.TRIPLE_FAULT; e.svm = SvmExitCode.SHUTDOWN.label(0); return;
            case EXTERNAL_INTERRUPT:
                e.reason = VmxExitReason.EXTERNAL_INTERRUPT; // the host's vector (VM_EXIT_INTR_INFO) is not modeled
                e.svm = SvmExitCode.INTR.label(0);
                return;
            case INTERRUPT_WINDOW:
                e.reason = VmxExitReason.INTERRUPT_WINDOW;
                e.svm = SvmExitCode.VINTR.label(0);
                return;
            default: // UNSUPPORTED, HALTED_IN_GUEST: no VM exit happened
                if (ce.kind == CpuExit.Kind.UNSUPPORTED) e.note = unsupportedNote(ce);
        }
    }

    private org.kvmworkbench.core.i18n.Phrase unsupportedNote(CpuExit ce) {
        if (ce.byteCount == 0) return NoteText.phrase("unsupported", cpu.selector[Seg.CS], ce.ip, ce.detail);
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < ce.byteCount; i++) bytes.append(String.format(" %02X", ce.bytes[i] & 0xFF));
        return NoteText.phrase("unsupported.bytes", cpu.selector[Seg.CS], ce.ip, ce.detail, bytes.toString());
    }

    private static KvmExitReason userspaceReason(CpuExit ce) {
        switch (ce.kind) {
            case IO: return KvmExitReason.IO;
            case MMIO: return KvmExitReason.MMIO;
            case HLT: return KvmExitReason.HLT;
            case TRIPLE_FAULT: return KvmExitReason.SHUTDOWN;
            default: return KvmExitReason.INTERNAL_ERROR;
        }
    }

    /** A halted vCPU can be woken: the board has an interrupt controller and the guest has IF=1. */
    private boolean canWake() {
        return pic != null && (cpu.flagsOther & Cpu.IF) != 0;
    }

    /** The processor's side of a VM exit: save guest state, write the exit-information fields (SDM 3C §28.2-28.3). */
    private void recordVmExit(VcpuExit e) {
        vmcs.beginWrite(); // one write section for the whole exit: a reader's copy never shows it half-recorded
        try {
            writeExitFields(e);
        } finally {
            vmcs.endWrite();
        }
    }

    private void writeExitFields(VcpuExit e) {
        vmcs.beginExit();
        guestState.save();
        if (e.reason == null) return;
        vmcs.set(VmcsField.VM_EXIT_REASON, e.reason.number());
        // Every VM exit clears the valid bit of the VM-entry interruption-information field (SDM Vol. 3C, ch. 28
        // "VM Exits": updating the VM-entry control fields), so an injection shows only until the next exit.
        long entryInfo = vmcs.get(VmcsField.VM_ENTRY_INTR_INFO_FIELD);
        if ((entryInfo & VmxControls.INTR_INFO_VALID & 0xFFFF_FFFFL) != 0)
            vmcs.set(VmcsField.VM_ENTRY_INTR_INFO_FIELD, entryInfo & ~(VmxControls.INTR_INFO_VALID & 0xFFFF_FFFFL));
        vmcs.set(VmcsField.EXIT_QUALIFICATION, e.qualification);
        vmcs.set(VmcsField.VM_EXIT_INSTRUCTION_LEN, e.instructionLength);
        vmcs.set(VmcsField.VM_EXIT_INTR_INFO, e.interruptionInfo & 0xFFFF_FFFFL);
        if (e.guestLinear >= 0) vmcs.set(VmcsField.GUEST_LINEAR_ADDRESS, e.guestLinear);
        if (e.guestPhysical >= 0) vmcs.set(VmcsField.GUEST_PHYSICAL_ADDRESS, e.guestPhysical);
        vmcs.set(VmcsField.GUEST_ACTIVITY_STATE, e.path == ExitPath.USERSPACE_SHUTDOWN ? 2 : 0);
    }

    @Override public void resume(VcpuExit e) {
        if (!e.path.isVmExit()) {
            interp.deliverExternalInterrupt(injectedVector); // the CPU's side of the injection, during VM entry
        } else if (e.path.reachesUserspace()) {
            if (e.accessKind == Access.Kind.PIO) interp.completeIo();
            else if (e.accessKind == Access.Kind.MMIO) interp.completeMmio(e.data[0]);
            else interp.skipInstruction();
        } else {
            kvm.handleInKernel(e.path, interp);
            // handle_interrupt_window / interrupt_window_interception turn the window off again
            if (e.path == ExitPath.KERNEL_INTERRUPT_WINDOW) setWindowExiting(false);
            if (e.path == ExitPath.KERNEL_DR_ACCESS) setMovDrExiting(false); // handle_dr: exec_controls_clearbit
        }
        // HLT with IF=1 on a board that can interrupt it: the vCPU sleeps in the kernel until a request (kvm_vcpu_block)
        if (e.path == ExitPath.KERNEL_HLT && canWake()) halted = true;
        // VM entry: KVM writes the RIP/RSP it changed back to the VMCS (vmx_vcpu_run), the CPU loads guest state.
        // Completing a port access moves RIP (and string I/O's index and count registers) but never RSP or RFLAGS,
        // which therefore still hold their values from the exit: recomputing RFLAGS would write the same value.
        boolean pio = e.accessKind == Access.Kind.PIO && e.path.reachesUserspace();
        vmcs.beginWrite();
        vmcs.set(VmcsField.GUEST_RIP, cpu.eip & 0xFFFF_FFFFL);
        if (!pio) {
            vmcs.set(VmcsField.GUEST_RSP, cpu.gpr[Reg.ESP] & 0xFFFF_FFFFL);
            vmcs.set(VmcsField.GUEST_RFLAGS, cpu.eflags() & 0xFFFF_FFFFL);
        }
        vmcs.endWrite();
    }

    @Override public void setSingleStep(boolean on) {
        singleStep = on;
    }

    @Override public GuestRegisters registers() {
        return GuestRegisters.of(cpu);
    }

    @Override public void copyRegisters(long[] into) {
        int[] g = cpu.gpr;
        into[0] = g[Reg.EAX] & 0xFFFF_FFFFL; into[1] = g[Reg.EBX] & 0xFFFF_FFFFL;
        into[2] = g[Reg.ECX] & 0xFFFF_FFFFL; into[3] = g[Reg.EDX] & 0xFFFF_FFFFL;
        into[4] = g[Reg.ESI] & 0xFFFF_FFFFL; into[5] = g[Reg.EDI] & 0xFFFF_FFFFL;
        into[6] = g[Reg.ESP] & 0xFFFF_FFFFL; into[7] = g[Reg.EBP] & 0xFFFF_FFFFL;
        into[8] = cpu.eip & 0xFFFF_FFFFL;
        into[9] = cpu.eflags() & 0xFFFF_FFFFL;
        int[] s = cpu.selector;
        into[10] = s[Seg.CS]; into[11] = s[Seg.DS]; into[12] = s[Seg.ES];
        into[13] = s[Seg.SS]; into[14] = s[Seg.FS]; into[15] = s[Seg.GS];
        into[16] = cpu.cr0;
    }

    @Override public Vmcs vmcs() {
        return vmcs;
    }

    /** The CPU itself, for tests and the single-instruction step view. */
    public Cpu cpu() {
        return cpu;
    }

    @Override public String instructionAt(long csBase, long ip) {
        return Disassembler.decode(machine.memory(), csBase + ip, (int) ip).text();
    }

    @Override public long instructionsRetired() {
        return cpu.instructions;
    }

    @Override public void reset() {
        machine.reset();
        resetCpu();
        halted = false;
        idleTicks = 0;
        if (pic != null) setWindowExiting(false);
        vmcs.beginExit();
        guestState.save();
    }

    @Override public void close() {
        // heap memory only: nothing to release
    }
}
