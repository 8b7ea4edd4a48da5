package org.kvmworkbench.kvm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.core.svm.SvmExitCode;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.kvmworkbench.kvm.trace.TraceEvent;

/**
 * Turns KVM's trace events, in order, into the exits KVM finished in the kernel: {@link VcpuExit}s with
 * {@code kvmExit == null}, queued for the backend to return before the run's userspace exit.
 *
 * <p>Which events are which: kvm_cpuid, kvm_msr and kvm_hypercall are always in-kernel work. A kvm_pio write is
 * traced before KVM knows who serves it, so it is held: followed by kvm_userspace_exit (reason IO) it was the
 * run's KVM_EXIT_IO, followed by anything else KVM served it (an ioeventfd doorbell, or an in-kernel device). A
 * userspace IN has no kvm_pio in its run; its kvm_pio read comes when the next KVM_RUN completes it, and is skipped.
 * On VMX/SVM a kvm_exit opens an exit that the next kvm_entry closes (it was handled in the kernel) or
 * kvm_userspace_exit ends (it went to userspace); its reason is the real one. Without kvm_exit (PVM) the VMX reason
 * is derived from the instruction class. kvm_emulate_insn is only counted, and the count goes into the note of the
 * next exit, with other in-kernel work that has no exit path of its own (page faults, interrupt injection, ...).
 */
final class KernelExits {
    static final String PVM_EMULATED = "PVM: handled by KVM's emulator, no VM exit";
    static final String DERIVED = "VMX reason derived from the instruction class";

    private final HostVirtualization host;
    private final List<Doorbell> doorbells;
    private final ArrayDeque<VcpuExit> ready = new ArrayDeque<>();

    /** Since the last exit was made: */
    private long emulated;
    private long lost;
    private final Map<String, Integer> other = new LinkedHashMap<>();
    private boolean incomplete;

    /** The kvm_emulate_insn just before, if nothing came between: the instruction of the next in-kernel exit. */
    private TraceEvent insn;
    /** An open kvm_exit (VMX/SVM) and whether an in-kernel exit was made from it yet. */
    private TraceEvent vendorExit;
    private boolean vendorExitUsed;
    private TraceEvent heldPio, heldPioInsn;
    private boolean inCompletionDue;
    /** The reason of the kvm_exit that ended in userspace, for the userspace exit's note. */
    private String userspaceVendorReason;

    KernelExits(HostVirtualization host, List<Doorbell> doorbells) {
        this.host = host;
        this.doorbells = List.copyOf(doorbells);
    }

    void add(TraceEvent e) {
        switch (e.name()) {
            case "kvm_fpu", "kvm_mmio" -> { } // around every run / the MMIO exits themselves: nothing to show
            case "kvm_pio" -> pio(e);
            case "kvm_userspace_exit" -> userspaceExit(e);
            case TraceEvent.LOST -> lost += e.dec("count", 0);
            default -> {
                resolveHeldPio();
                inCompletionDue = false;
                event(e);
            }
        }
    }

    private void event(TraceEvent e) {
        switch (e.name()) {
            case "kvm_emulate_insn" -> {
                emulated += e.count();
                insn = e;
                return;
            }
            case "kvm_exit" -> {
                closeVendorExit();
                vendorExit = e;
                vendorExitUsed = false;
            }
            case "kvm_entry" -> closeVendorExit();
            case "kvm_cpuid" -> cpuid(e);
            case "kvm_msr" -> msr(e);
            case "kvm_hypercall" -> hypercall(e);
            case "kvm_page_fault" -> pageFault();
            case "kvm_inj_virq" -> tally(String.format("interrupt 0x%x injected", e.hex("vector", 0)));
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
        List<String> note = new ArrayList<>();
        if (!userspace.note.isEmpty()) note.add(userspace.note);
        if (userspaceVendorReason != null) note.add("kvm_exit reason " + userspaceVendorReason);
        userspaceVendorReason = null;
        sinceLastExit(note);
        userspace.note = String.join("; ", note);
    }

    private void pio(TraceEvent e) {
        resolveHeldPio();
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

    private void resolveHeldPio() {
        if (heldPio == null) return;
        TraceEvent e = heldPio;
        heldPio = null;
        kernelPio(e, heldPioInsn);
    }

    private void userspaceExit(TraceEvent e) {
        String what = e.field("what");
        boolean exited = what != null && what.startsWith("KVM_EXIT"); // else "restart" (EINTR) or "error"
        boolean io = exited && e.dec("code", -1) == 2;
        if (io && heldPio == null) inCompletionDue = true;
        if (io) heldPio = null; // the run's own KVM_EXIT_IO
        else resolveHeldPio();
        if (exited && vendorExit != null && !vendorExitUsed) {
            userspaceVendorReason = vendorExit.field("reason");
            vendorExit = null;
        }
        closeVendorExit();
        insn = null;
    }

    private void closeVendorExit() {
        TraceEvent v = vendorExit;
        vendorExit = null;
        if (v == null || vendorExitUsed) return;
        String name = v.field("reason");
        VmxExitReason r = vendorReason(name);
        if (r == VmxExitReason.HLT) {
            made(v, VmxExitReason.HLT, SvmExitCode.HLT.label(0), ExitPath.KERNEL_HLT, null,
                    "HLT: the vCPU waited in the kernel (in-kernel local APIC) until it could run again");
        } else if (r == VmxExitReason.EXCEPTION_NMI) {
            made(v, r, SvmExitCode.EXCP_BASE.label(0), ExitPath.KERNEL_EXCEPTION, null, "exception intercepted and handled by KVM");
        } else {
            tally(name == null ? "kvm_exit" : name);
        }
    }

    /** A fault KVM resolved (EPT/NPT violation, or #PF under shadow paging): told with the kvm_exit it belongs to. */
    private void pageFault() {
        if (vendorExit != null && !vendorExitUsed) {
            vendorExitUsed = true;
            tally(vendorExit.field("reason") + " (guest page fault resolved by KVM)");
        } else {
            tally("guest page fault resolved by KVM");
        }
    }

    private void cpuid(TraceEvent e) {
        long leaf = e.hex("function", 0), ebx = e.hex("rbx", 0), ecx = e.hex("rcx", 0), edx = e.hex("rdx", 0);
        String note = String.format("CPUID leaf 0x%x subleaf %d → eax=%08x ebx=%08x ecx=%08x edx=%08x%s%s", leaf,
                e.hex("index", 0), e.hex("rax", 0), ebx, ecx, edx,
                leaf == 0 || leaf == 0x8000_0000L ? printable(ebx, edx, ecx) : printable(ebx, ecx, edx), // vendor: EBX EDX ECX
                "not found".equals(e.field("found")) ? " (leaf not in the KVM_SET_CPUID2 table)" : "");
        made(vendorExit, VmxExitReason.CPUID, SvmExitCode.CPUID.label(0), ExitPath.KERNEL_CPUID, insn, note);
    }

    private void msr(TraceEvent e) {
        boolean write = "write".equals(e.field("dir"));
        String note = String.format("%s 0x%x %s 0x%x%s", write ? "WRMSR" : "RDMSR", e.hex("ecx", 0), write ? "←" : "→",
                e.hex("data", 0), e.has("gp") ? ": #GP injected" : "");
        made(vendorExit, write ? VmxExitReason.MSR_WRITE : VmxExitReason.MSR_READ, SvmExitCode.MSR.label(0),
                ExitPath.KERNEL_MSR, insn, note);
    }

    private void hypercall(TraceEvent e) {
        String note = String.format("hypercall nr 0x%x (a0 0x%x a1 0x%x a2 0x%x a3 0x%x)", e.hex("nr", 0), e.hex("a0", 0),
                e.hex("a1", 0), e.hex("a2", 0), e.hex("a3", 0));
        made(vendorExit, VmxExitReason.VMCALL, SvmExitCode.VMMCALL.label(0), ExitPath.KERNEL_HYPERCALL, insn, note);
    }

    private void kernelPio(TraceEvent e, TraceEvent pioInsn) {
        int port = (int) e.hex("port", 0), size = (int) e.dec("size", 1), count = (int) e.dec("count", 1);
        boolean write = "write".equals(e.field("dir"));
        long value = e.hex("val", 0);
        if (!write || !isDoorbell(port, size)) {
            tally(String.format("%s port 0x%x served by an in-kernel device", write ? "OUT to" : "IN from", port));
            return;
        }
        VcpuExit x = made(vendorExit, VmxExitReason.IO_INSTRUCTION, SvmExitCode.IOIO.label(0), ExitPath.KERNEL_IOEVENTFD,
                pioInsn, String.format("OUT 0x%x ← 0x%x: ioeventfd_write signalled the doorbell's eventfd, no KVM_EXIT_IO",
                        port, value));
        x.qualification = (size - 1) | (count > 1 ? IoExitQualification.STRING : 0)
                | (long) port << IoExitQualification.PORT_SHIFT;
        x.accessKind = Access.Kind.PIO;
        x.address = port;
        x.size = size;
        x.count = 1;
        x.write = true;
        x.data = new long[] {value};
    }

    private boolean isDoorbell(int port, int size) {
        for (Doorbell d : doorbells) if (!d.mmio() && d.port() == port && d.size() == size) return true;
        return false;
    }

    /** Queues an in-kernel exit: the reason from {@code vendor} (a kvm_exit) if there is one, else {@code derived}. */
    private VcpuExit made(TraceEvent vendor, VmxExitReason derived, String svm, ExitPath path, TraceEvent emulatedInsn,
            String what) {
        VcpuExit x = new VcpuExit();
        x.path = path;
        x.reason = derived;
        x.svm = svm;
        List<String> note = new ArrayList<>(List.of(what));
        if (vendor != null) {
            vendorExitUsed = true;
            VmxExitReason real = vendorReason(vendor.field("reason"));
            if (real != null) x.reason = real;
            x.instructionIp = vendor.hex("rip", -1);
            note.add("kvm_exit reason " + vendor.field("reason") + (real != null ? ", read from the trace" : ""));
        } else if (emulatedInsn != null) {
            x.instructionIp = emulatedInsn.hex("rip", -1);
            String bytes = emulatedInsn.field("insn");
            if (bytes != null && !bytes.isBlank()) x.instructionLength = (bytes.trim().length() + 1) / 3; // "0f a2"
            note.add(host == HostVirtualization.PVM ? PVM_EMULATED : "handled by KVM's emulator");
            note.add(DERIVED);
        } else {
            note.add((host == HostVirtualization.PVM ? "PVM: no VM exit, " : "no kvm_exit event, ") + DERIVED);
        }
        sinceLastExit(note);
        x.note = String.join("; ", note);
        ready.add(x);
        return x;
    }

    /** What happened since the last exit was made, as note parts; then starts counting afresh. */
    private void sinceLastExit(List<String> note) {
        if (emulated > 0) {
            note.add("KVM's emulator ran " + emulated + " guest instruction" + (emulated == 1 ? "" : "s") + " since the last exit");
        }
        if (!other.isEmpty()) {
            StringBuilder b = new StringBuilder("also in the kernel: ");
            other.forEach((what, n) -> b.append(what).append(n > 1 ? " ×" + n : "").append(", "));
            note.add(b.substring(0, b.length() - 2));
        }
        if (lost > 0) note.add("the trace lost " + lost + " events (ring buffer overflow): counts are lower bounds");
        if (incomplete) note.add("kvm_userspace_exit came late: kernel events of this run may be missing");
        emulated = 0;
        lost = 0;
        other.clear();
        incomplete = false;
    }

    private void tally(String what) {
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
            default -> null;
        };
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
