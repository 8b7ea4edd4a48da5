package org.kvmworkbench.kvm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.NoteText;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.core.svm.SvmExitCode;
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxControls;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.kvmworkbench.kvm.trace.TraceEvent;

/**
 * Turns KVM's trace events, in order, into the exits KVM finished in the kernel: {@link VcpuExit}s with
 * {@code kvmExit == null}, queued for the backend to return before the run's userspace exit.
 *
 * <p>Which events are which: kvm_cpuid, kvm_msr and kvm_hypercall are always in-kernel work. A kvm_pio write and a
 * kvm_mmio write are traced before KVM knows who serves them (x86.c emulator_pio_out, write_mmio), so they are held:
 * followed by kvm_userspace_exit (KVM_EXIT_IO / KVM_EXIT_MMIO) it was the run's own exit, followed by anything else
 * KVM served it (an ioeventfd doorbell, or an in-kernel device). A userspace IN has no kvm_pio in its run; its
 * kvm_pio read comes when the next KVM_RUN completes it, and is skipped.
 * On VMX/SVM a kvm_exit opens an exit that the next kvm_entry closes (it was handled in the kernel; the entry's RIP
 * minus the exit's is the length of the instruction KVM skipped) or kvm_userspace_exit ends (it went to userspace);
 * its reason is the real one. A kvm_page_fault inside it does not decide which: an EPT violation or NPF that KVM
 * resolves is re-entered, one on an MMIO address becomes KVM_EXIT_MMIO (on SVM every npf emits kvm_page_fault).
 * Without kvm_exit (PVM) the VMX reason is derived from the instruction class. kvm_emulate_insn is only counted, and
 * the count goes into the note of the next exit, with other in-kernel work that has no exit path of its own
 * (resolved page faults, interrupt injection, ...). On SVM without NRIPS (next-RIP saving, AMD APM Vol. 2 15.7.1)
 * KVM decodes an intercepted CPUID/HLT/RDMSR/WRMSR/VMMCALL with its emulator only to find the next RIP
 * (svm_skip_emulated_instruction); that kvm_emulate_insn, at the exit's own RIP, is told as such, not counted.
 */
final class KernelExits {
    static final Phrase PVM_EMULATED = KvmNotes.phrase("pvmEmulated");
    static final Phrase DERIVED = KvmNotes.phrase("derived");
    static final Phrase NO_NRIPS = KvmNotes.phrase("noNrips");
    /** SVM exits whose handler ends in kvm_skip_emulated_instruction (svm.c), as kvm_exit names them. */
    private static final Set<String> SKIPPED_BY_RIP_ADVANCE = Set.of("cpuid", "hlt", "msr", "hypercall", "vmmcall",
            "rdpmc", "invd", "wbinvd", "xsetbv", "rdtscp", "pause", "monitor", "mwait");
    private static final int KVM_EXIT_IO = 2, KVM_EXIT_MMIO = 6; // uapi linux/kvm.h
    private static final int MAX_INSTRUCTION_LENGTH = 15;

    private final HostVirtualization host;
    private final boolean svmWithoutNrips;
    private final List<Doorbell> doorbells;
    private final ArrayDeque<VcpuExit> ready = new ArrayDeque<>();

    /** Since the last exit was made: */
    private long emulated;
    private long lost;
    private final Map<Phrase, Integer> other = new LinkedHashMap<>();
    private boolean incomplete;

    /** The kvm_emulate_insn just before, if nothing came between: the instruction of the next in-kernel exit. */
    private TraceEvent insn;
    /** An open kvm_exit (VMX/SVM) and whether an in-kernel exit was made from it yet. */
    private TraceEvent vendorExit;
    private boolean vendorExitUsed;
    /** The open kvm_exit had a kvm_page_fault; KVM's emulator only skipped its instruction (no NRIPS). */
    private boolean vendorFault, vendorSkipEmulated;
    /** The in-kernel exit made from the open kvm_exit, completed at its kvm_entry. */
    private VcpuExit madeFromVendor;
    private TraceEvent heldPio, heldPioInsn, heldMmio, heldMmioInsn;
    private boolean inCompletionDue;
    /** The reason of the kvm_exit that ended in userspace, for the userspace exit's note. */
    private String userspaceVendorReason;

    KernelExits(HostVirtualization host, List<Doorbell> doorbells) {
        this(host, doorbells, host == HostVirtualization.SVM && host.svmNextRipSaving() == Boolean.FALSE);
    }

    /** @param svmWithoutNrips the host is SVM and its CPU has no NRIPS (kvm_amd's nrips parameter is N or 0) */
    KernelExits(HostVirtualization host, List<Doorbell> doorbells, boolean svmWithoutNrips) {
        this.host = host;
        this.svmWithoutNrips = svmWithoutNrips;
        this.doorbells = List.copyOf(doorbells);
    }

    void add(TraceEvent e) {
        switch (e.name()) {
            case "kvm_fpu" -> { } // around every run: nothing to show
            case "kvm_mmio" -> mmio(e);
            case "kvm_pio" -> pio(e);
            case "kvm_userspace_exit" -> userspaceExit(e);
            case TraceEvent.LOST -> lost += e.dec("count", 0);
            default -> {
                resolveHeld();
                inCompletionDue = false;
                event(e);
            }
        }
    }

    private void event(TraceEvent e) {
        switch (e.name()) {
            case "kvm_emulate_insn" -> {
                if (isRipAdvanceOnly(e)) {
                    vendorSkipEmulated = true;
                    if (madeFromVendor != null) madeFromVendor.note = NoteText.join(madeFromVendor.note, NO_NRIPS);
                } else {
                    emulated += e.count();
                }
                insn = e;
                return;
            }
            case "kvm_exit" -> {
                closeVendorExit();
                vendorExit = e;
                VmxExitReason r = vendorReason(e.field("reason"));
                if (r == VmxExitReason.CR_ACCESS || r == VmxExitReason.DR_ACCESS) registerAccess(e, r);
            }
            case "kvm_entry" -> {
                entered(e);
                closeVendorExit();
            }
            case "kvm_cpuid" -> cpuid(e);
            case "kvm_msr" -> msr(e);
            case "kvm_hypercall" -> hypercall(e);
            case "kvm_page_fault" -> pageFault();
            case "kvm_inj_virq" -> {
                if (e.field("reinjected") != null) tally(KvmNotes.phrase("tally.reinjected", e.hex("vector", 0)));
                else if ("IRQ".equals(e.field("kind"))) injection(e);
                else tally(KvmNotes.phrase("tally.softInt", e.hex("vector", 0)));
            }
            default -> { }
        }
        insn = null;
    }

    /** A kvm_userspace_exit was not seen in time: the next note says the trace may be incomplete. */
    void incomplete() {
        incomplete = true;
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    VcpuExit next() {
        return ready.poll();
    }

    /** Adds what happened since the last exit (emulated instructions, other kernel work) to the userspace exit's note. */
    void annotate(VcpuExit userspace) {
        List<Phrase> note = new ArrayList<>();
        note.add(userspace.note);
        if (userspaceVendorReason != null) note.add(KvmNotes.phrase("reason", userspaceVendorReason));
        userspaceVendorReason = null;
        sinceLastExit(note);
        userspace.note = NoteText.join(note.toArray(Phrase[]::new));
    }

    private void pio(TraceEvent e) {
        resolveHeld();
        boolean write = "write".equals(e.field("dir"));
        if (!write && inCompletionDue) {
            inCompletionDue = false; // the IN that went to userspace, completed at this KVM_RUN
            return;
        }
        inCompletionDue = false;
        if (write) {
            heldPio = e;
            heldPioInsn = insn;
        } else {
            kernelPio(e, insn);
        }
        insn = null;
    }

    /** A kvm_mmio write is held like a kvm_pio write; reads are the userspace MMIO read or its completion. */
    private void mmio(TraceEvent e) {
        if (!"write".equals(e.field("type"))) return;
        resolveHeld();
        inCompletionDue = false;
        heldMmio = e;
        heldMmioInsn = insn;
        insn = null;
    }

    private void resolveHeld() {
        if (heldPio != null) {
            TraceEvent e = heldPio;
            heldPio = null;
            kernelPio(e, heldPioInsn);
        }
        if (heldMmio != null) {
            TraceEvent e = heldMmio;
            heldMmio = null;
            kernelMmio(e, heldMmioInsn);
        }
    }

    private void userspaceExit(TraceEvent e) {
        String what = e.field("what");
        boolean exited = what != null && what.startsWith("KVM_EXIT"); // else "restart" (EINTR) or "error"
        long code = exited ? e.dec("code", -1) : -1;
        boolean io = code == KVM_EXIT_IO, mmio = code == KVM_EXIT_MMIO;
        if (io && heldPio == null) inCompletionDue = true;
        if (io) heldPio = null; // the run's own KVM_EXIT_IO
        if (mmio) heldMmio = null; // the run's own KVM_EXIT_MMIO
        resolveHeld();
        if (exited && vendorExit != null && !vendorExitUsed) {
            // its kvm_page_fault (if any) was this exit's own fault, not one KVM resolved
            userspaceVendorReason = vendorExit.field("reason") + (vendorSkipEmulated ? "; " + NO_NRIPS : "");
            vendorExit = null;
        }
        closeVendorExit();
        insn = null;
    }

    private void closeVendorExit() {
        TraceEvent v = vendorExit;
        boolean fault = vendorFault, used = vendorExitUsed;
        vendorExit = null;
        vendorFault = false;
        vendorExitUsed = false;
        madeFromVendor = null;
        if (v == null || used) {
            vendorSkipEmulated = false;
            return;
        }
        String name = v.field("reason");
        VmxExitReason r = vendorReason(name);
        if (r == VmxExitReason.HLT) {
            made(v, VmxExitReason.HLT, SvmExitCode.HLT.label(0), ExitPath.KERNEL_HLT, null, KvmNotes.phrase("hlt"));
        } else if (r == VmxExitReason.EXCEPTION_NMI) {
            made(v, r, SvmExitCode.EXCP_BASE.label(0), ExitPath.KERNEL_EXCEPTION, null, KvmNotes.phrase("exception"));
        } else {
            String exit = name == null ? "kvm_exit" : name;
            tally(fault ? KvmNotes.phrase("tally.exitFault", exit) : Phrase.literal(exit));
        }
        vendorSkipEmulated = false;
    }

    /**
     * A control- or debug-register exit KVM finished in the kernel (vmx.c handle_cr / handle_dr, svm.c cr_interception
     * / dr_interception). On VMX the kvm_exit's info1 is the exit qualification (SDM Vol. 3C §28.2.1).
     */
    private void registerAccess(TraceEvent v, VmxExitReason r) {
        boolean cr = r == VmxExitReason.CR_ACCESS;
        VcpuExit x = made(v, r, null, cr ? ExitPath.KERNEL_CR_ACCESS : ExitPath.KERNEL_DR_ACCESS, null,
                KvmNotes.phrase(cr ? "crAccess" : "drAccess"));
        String name = v.field("reason");
        if (name.equals(r.linuxName())) {
            if (!v.has("info1")) return;
            long q = v.hex("info1", 0);
            x.qualification = q;
            x.svm = cr ? ((q >> 4 & 3) == CrAccessQualification.MOV_FROM_CR ? SvmExitCode.READ_CR0 : SvmExitCode.WRITE_CR0)
                    .label((int) (q & 0xF))
                    : ((q & DrAccessQualification.DIRECTION_FROM_DR) != 0 ? SvmExitCode.READ_DR0 : SvmExitCode.WRITE_DR0)
                    .label((int) (q & 7));
            return;
        }
        SvmExitCode code = registerCode(name); // SVM: the register is in the exit code (0x010 + n ...)
        if (code != null) x.svm = code.label(Integer.parseInt(name.substring(name.lastIndexOf('r') + 1)));
        else x.svm = "SVM_EXIT_CR0_SEL_WRITE (0x065)"; // cr0_sel_write: asm/svm.h
    }

    /** kvm_entry after an in-kernel exit made from the open kvm_exit: RIP moved by the instruction KVM skipped. */
    private void entered(TraceEvent entry) {
        VcpuExit x = madeFromVendor;
        if (x == null || x.instructionLength != 0 || vendorExit == null) return;
        if (!entry.has("rip") || !vendorExit.has("rip")) return;
        long length = entry.hex("rip", 0) - vendorExit.hex("rip", 0);
        if (length > 0 && length <= MAX_INSTRUCTION_LENGTH) x.instructionLength = (int) length;
    }

    /** On SVM without NRIPS: this kvm_emulate_insn only decoded the open exit's instruction to skip it. */
    private boolean isRipAdvanceOnly(TraceEvent e) {
        return svmWithoutNrips && vendorExit != null && SKIPPED_BY_RIP_ADVANCE.contains(vendorExit.field("reason"))
                && e.hex("rip", -1) == vendorExit.hex("rip", -2);
    }

    /**
     * A guest page fault reached KVM (EPT violation, NPF, or #PF under shadow paging). Inside a kvm_exit it is told
     * when that exit ends: re-entered, KVM resolved it; ended in userspace, it was the MMIO exit itself.
     */
    private void pageFault() {
        if (vendorExit != null && !vendorExitUsed) vendorFault = true;
        else tally(KvmNotes.phrase("tally.pageFault"));
    }

    private void cpuid(TraceEvent e) {
        long leaf = e.hex("function", 0), ebx = e.hex("rbx", 0), ecx = e.hex("rcx", 0), edx = e.hex("rdx", 0);
        Phrase note = KvmNotes.phrase("cpuid", leaf, e.hex("index", 0), e.hex("rax", 0), ebx, ecx, edx,
                leaf == 0 || leaf == 0x8000_0000L ? printable(ebx, edx, ecx) : printable(ebx, ecx, edx), // vendor: EBX EDX ECX
                "not found".equals(e.field("found")) ? KvmNotes.phrase("cpuid.notFound") : Phrase.NONE);
        made(vendorExit, VmxExitReason.CPUID, SvmExitCode.CPUID.label(0), ExitPath.KERNEL_CPUID, insn, note);
    }

    private void msr(TraceEvent e) {
        boolean write = "write".equals(e.field("dir"));
        Phrase note = KvmNotes.phrase("msr", write ? "WRMSR" : "RDMSR", e.hex("ecx", 0), write ? "←" : "→",
                e.hex("data", 0), e.has("gp") ? KvmNotes.phrase("msr.gp") : Phrase.NONE);
        made(vendorExit, write ? VmxExitReason.MSR_WRITE : VmxExitReason.MSR_READ, SvmExitCode.MSR.label(0),
                ExitPath.KERNEL_MSR, insn, note);
    }

    private void hypercall(TraceEvent e) {
        Phrase note = KvmNotes.phrase("hypercall", e.hex("nr", 0), e.hex("a0", 0), e.hex("a1", 0), e.hex("a2", 0),
                e.hex("a3", 0));
        made(vendorExit, VmxExitReason.VMCALL, SvmExitCode.VMMCALL.label(0), ExitPath.KERNEL_HYPERCALL, insn, note);
    }

    private void kernelPio(TraceEvent e, TraceEvent pioInsn) {
        int port = (int) e.hex("port", 0), size = (int) e.dec("size", 1), count = (int) e.dec("count", 1);
        boolean write = "write".equals(e.field("dir"));
        long value = e.hex("val", 0);
        if (!write || !rings(port, size, value)) {
            tally(KvmNotes.phrase(write ? "tally.out" : "tally.in", port));
            return;
        }
        VcpuExit x = made(vendorExit, VmxExitReason.IO_INSTRUCTION, SvmExitCode.IOIO.label(0), ExitPath.KERNEL_IOEVENTFD,
                pioInsn, KvmNotes.phrase("ioeventfd.pio", port, value));
        x.qualification = (size - 1) | (count > 1 ? IoExitQualification.STRING : 0)
                | (long) port << IoExitQualification.PORT_SHIFT;
        doorbellWrite(x, Access.Kind.PIO, port, size, value);
    }

    private boolean rings(int port, int size, long value) {
        for (Doorbell d : doorbells) if (d.matches(port, size, value)) return true;
        return false;
    }

    private void kernelMmio(TraceEvent e, TraceEvent mmioInsn) {
        long gpa = e.hex("gpa", 0), value = e.hex("val", 0);
        int len = (int) e.dec("len", 0);
        if (!ringsMmio(gpa, len, value)) {
            tally(KvmNotes.phrase("tally.mmio", gpa));
            return;
        }
        // VMX: after a page's first touch its exits are EPT misconfigurations (KVM's MMIO SPTEs)
        VcpuExit x = made(vendorExit, VmxExitReason.EPT_MISCONFIG, SvmExitCode.NPF.label(0),
                ExitPath.KERNEL_MMIO_IOEVENTFD, mmioInsn, KvmNotes.phrase("ioeventfd.mmio", gpa, value));
        x.guestPhysical = gpa;
        x.guestLinear = gpa; // real mode: linear = physical
        doorbellWrite(x, Access.Kind.MMIO, gpa, len, value);
    }

    /** The access of a doorbell write KVM finished in the kernel: one element, written. */
    private static void doorbellWrite(VcpuExit x, Access.Kind kind, long address, int size, long value) {
        x.accessKind = kind;
        x.address = address;
        x.size = size;
        x.count = 1;
        x.write = true;
        x.data = new long[] {value};
    }

    private boolean ringsMmio(long gpa, int len, long value) {
        for (Doorbell d : doorbells) if (d.matchesMmio(gpa, len, value)) return true;
        return false;
    }

    /**
     * kvm_inj_virq (traced by vmx_inject_irq / svm_inject_irq as they write the event) as its own step, the same step
     * the simulator models: not a VM exit but the VM entry that injects an external interrupt. VM-entry
     * interruption-information field (0x4016, SDM Vol. 3C §24.8.3) and SVM EVENTINJ share the layout: vector 7:0,
     * type 10:8 = 0 (external interrupt), valid bit 31. A "[reinjected]" kvm_inj_virq is not another interrupt but
     * the same one written again (kvm_check_and_inject_events: an injection cancelled before VM entry, or one whose
     * delivery a VM exit interrupted), so it is only tallied in the next note.
     */
    private void injection(TraceEvent e) {
        int vector = (int) e.hex("vector", 0) & 0xFF;
        int info = VmxControls.INTR_INFO_VALID | VmxControls.INTR_TYPE_EXT_INTR | vector;
        VcpuExit x = new VcpuExit();
        x.path = ExitPath.EVENT_INJECTION;
        x.interruptionInfo = info;
        x.svm = String.format("VMCB EVENTINJ = 0x%08x", info);
        List<Phrase> note = new ArrayList<>(List.of(KvmNotes.phrase("injected", vector, info),
                KvmNotes.phrase("injected.read")));
        sinceLastExit(note);
        x.note = NoteText.join(note.toArray(Phrase[]::new));
        ready.add(x);
    }

    /** Queues an in-kernel exit: the reason from {@code vendor} (a kvm_exit) if there is one, else {@code derived}. */
    private VcpuExit made(TraceEvent vendor, VmxExitReason derived, String svm, ExitPath path, TraceEvent emulatedInsn,
            Phrase what) {
        VcpuExit x = new VcpuExit();
        x.path = path;
        x.reason = derived;
        x.svm = svm;
        List<Phrase> note = new ArrayList<>(List.of(what));
        if (vendor != null) {
            vendorExitUsed = true;
            if (vendor == vendorExit) madeFromVendor = x;
            String name = vendor.field("reason");
            VmxExitReason real = vendorReason(name);
            boolean npf = "npf".equals(name); // one SVM code for both EPT reasons: keep the derived VMX one
            if (real != null && !npf) x.reason = real;
            SvmExitCode code = svmCode(name);
            if (code != null) x.svm = code.label(0);
            x.instructionIp = vendor.hex("rip", -1);
            note.add(npf ? KvmNotes.phrase("reason.npf", name)
                    : KvmNotes.phrase(real != null ? "reason.read" : "reason", name));
            if (vendor == vendorExit && vendorSkipEmulated) note.add(NO_NRIPS);
        } else if (emulatedInsn != null) {
            x.instructionIp = emulatedInsn.hex("rip", -1);
            String bytes = emulatedInsn.field("insn");
            if (bytes != null && !bytes.isBlank()) x.instructionLength = (bytes.trim().length() + 1) / 3; // "0f a2"
            note.add(host == HostVirtualization.PVM ? PVM_EMULATED : KvmNotes.phrase("emulated"));
            note.add(DERIVED);
        } else {
            note.add(KvmNotes.phrase(host == HostVirtualization.PVM ? "pvmNoExit" : "noKvmExit"));
        }
        sinceLastExit(note);
        x.note = NoteText.join(note.toArray(Phrase[]::new));
        ready.add(x);
        return x;
    }

    /** What happened since the last exit was made, as note parts; then starts counting afresh. */
    private void sinceLastExit(List<Phrase> note) {
        if (emulated > 0) {
            note.add(KvmNotes.phrase(emulated == 1 ? "ran.one" : "ran", emulated));
        }
        if (!other.isEmpty()) {
            List<Phrase> items = new ArrayList<>();
            other.forEach((what, n) -> items.add(n > 1 ? KvmNotes.phrase("times", what, n) : what));
            note.add(KvmNotes.phrase("alsoInKernel", Phrase.join(KvmNotes.phrase("listSeparator"), items.toArray(Phrase[]::new))));
        }
        if (lost > 0) note.add(KvmNotes.phrase("lost", lost));
        if (incomplete) note.add(KvmNotes.phrase("late"));
        emulated = 0;
        lost = 0;
        other.clear();
        incomplete = false;
    }

    private void tally(Phrase what) {
        other.merge(what, 1, Integer::sum);
    }

    /**
     * The VMX reason for what kvm_exit printed: Linux's EXIT_REASON_* name on VMX, or the VMX counterpart of an SVM
     * exit code's name (lower case); null for reasons this app does not list and for SVM's "msr" (read or write?).
     */
    static VmxExitReason vendorReason(String name) {
        if (name == null) return null;
        for (VmxExitReason r : VmxExitReason.values()) if (r.linuxName().equals(name)) return r;
        return switch (name) {
            case "hlt" -> VmxExitReason.HLT;
            case "cpuid" -> VmxExitReason.CPUID;
            case "hypercall" -> VmxExitReason.VMCALL;
            case "io" -> VmxExitReason.IO_INSTRUCTION;
            case "interrupt" -> VmxExitReason.EXTERNAL_INTERRUPT;
            case "npf" -> VmxExitReason.EPT_VIOLATION;
            default -> name.matches("(read|write)_cr\\d+|cr0_sel_write") ? VmxExitReason.CR_ACCESS
                    : name.matches("(read|write)_dr\\d") ? VmxExitReason.DR_ACCESS : null;
        };
    }

    /** The SVM exit code kvm_amd's kvm_exit event names (Linux's SVM_EXIT_REASONS), or null (VMX names, others). */
    static SvmExitCode svmCode(String name) {
        if (name == null) return null;
        return switch (name) {
            case "io" -> SvmExitCode.IOIO;
            case "cpuid" -> SvmExitCode.CPUID;
            case "hlt" -> SvmExitCode.HLT;
            case "msr" -> SvmExitCode.MSR;
            case "npf" -> SvmExitCode.NPF;
            case "interrupt" -> SvmExitCode.INTR;
            case "shutdown" -> SvmExitCode.SHUTDOWN;
            case "hypercall", "vmmcall" -> SvmExitCode.VMMCALL;
            case "rdtsc" -> SvmExitCode.RDTSC;
            default -> registerCode(name);
        };
    }

    /** read_cr0..write_cr15, read_dr0..write_dr7 (asm/svm.h SVM_EXIT_REASONS): the family's code, or null. */
    private static SvmExitCode registerCode(String name) {
        if (!name.matches("(read|write)_(cr\\d+|dr\\d)")) return null;
        boolean cr = name.contains("_cr");
        return name.startsWith("read") ? cr ? SvmExitCode.READ_CR0 : SvmExitCode.READ_DR0
                : cr ? SvmExitCode.WRITE_CR0 : SvmExitCode.WRITE_DR0;
    }

    /** The ASCII in the registers given (signature leaves), e.g. {@code ("GenuineIntel")}, or "". */
    private static String printable(long... regs) {
        StringBuilder s = new StringBuilder();
        for (long r : regs) {
            for (int i = 0; i < 4; i++) {
                int c = (int) (r >>> 8 * i) & 0xFF;
                if (c == 0) continue;
                if (c < 0x20 || c > 0x7E) return "";
                s.append((char) c);
            }
        }
        return s.length() == 0 ? "" : " (\"" + s + "\")";
    }
}
