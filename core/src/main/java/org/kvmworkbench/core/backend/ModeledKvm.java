package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.cpu.Interpreter;
import org.kvmworkbench.core.cpu.MsrFile;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.core.machine.Machine;

/**
 * The simulator's stand-in for Linux's KVM: decides for each exit whether KVM finishes it in the kernel
 * or returns it to userspace, the way arch/x86/kvm routes it (see {@link ExitPath}), and does the
 * kernel-side work: CPUID from the installed table, MSRs, hypercalls, ioeventfd doorbells, HLT with an
 * in-kernel irqchip, and re-injection of intercepted exceptions.
 */
final class ModeledKvm {
    /** -KVM_ENOSYS (linux/kvm_para.h: KVM_ENOSYS = 1000) as the 32-bit RAX a non-64-bit guest gets. */
    static final int HYPERCALL_ENOSYS_32 = -1000;

    private final CpuidTable cpuid;
    private final MsrFile msrs;
    private final Machine machine;

    ModeledKvm(CpuidTable cpuid, MsrFile msrs, Machine machine) {
        this.cpuid = cpuid;
        this.msrs = msrs;
        this.machine = machine;
    }

    ExitPath route(CpuExit e, Cpu cpu) {
        switch (e.kind) {
            case IO: return doorbell(e) != null ? ExitPath.KERNEL_IOEVENTFD : ExitPath.USERSPACE_PIO;
            // an MMIO ioeventfd (KVM_IOEVENTFD without the PIO flag): handle_ept_misconfig finds it on the MMIO bus
            case MMIO: return doorbell(e) != null ? ExitPath.KERNEL_MMIO_IOEVENTFD : ExitPath.USERSPACE_MMIO;
            case CPUID: return ExitPath.KERNEL_CPUID;
            case RDMSR: case WRMSR: return ExitPath.KERNEL_MSR;
            case RDTSC: return ExitPath.KERNEL_RDTSC;
            case VMCALL: return ExitPath.KERNEL_HYPERCALL;
            case HLT: return machine.config().kvm().irqchip() ? ExitPath.KERNEL_HLT : ExitPath.USERSPACE_HLT;
            case EXCEPTION: return ExitPath.KERNEL_EXCEPTION;
            case TRIPLE_FAULT: return ExitPath.USERSPACE_SHUTDOWN;
            case HALTED_IN_GUEST: return ExitPath.HALTED_IN_GUEST;
            default: return ExitPath.EMULATION_FAILURE;
        }
    }

    /** The ioeventfd this OUT or MMIO write matches (KVM: kvm_io_bus_write → ioeventfd_write), or null. */
    Doorbell doorbell(CpuExit e) {
        if (e.kind == CpuExit.Kind.MMIO) {
            return e.mmioWrite ? machine.mmioDoorbell(e.gpa, e.size, e.data[0]) : null;
        }
        if (e.in || e.string) return null;
        return machine.pioDoorbell(e.port, e.size, e.data[0]);
    }

    /** A phrase for the exit record: what KVM will answer or do. Computed at exit time, before any state changes. */
    String describe(CpuExit e, Cpu c) {
        switch (e.kind) {
            case CPUID: {
                long leaf = c.gpr[Reg.EAX] & 0xFFFF_FFFFL;
                CpuidTable.Entry r = cpuid.lookup(leaf);
                return String.format("CPUID leaf 0x%x → eax=%08x ebx=%08x ecx=%08x edx=%08x%s", leaf, r.eax(), r.ebx(),
                        r.ecx(), r.edx(), printable(r));
            }
            case RDMSR: case WRMSR: {
                long msr = c.gpr[Reg.ECX] & 0xFFFF_FFFFL;
                String op = e.kind == CpuExit.Kind.RDMSR ? "RDMSR" : "WRMSR";
                return msrs.exists(msr) ? String.format("%s 0x%x", op, msr) : String.format("%s 0x%x: no such MSR → #GP injected", op, msr);
            }
            case VMCALL: return String.format("hypercall nr %d: unknown → RAX = -KVM_ENOSYS", c.gpr[Reg.EAX]);
            case IO: {
                Doorbell d = doorbell(e);
                return d == null ? "" : String.format("ioeventfd: eventfd signalled, device thread processes queue %d", d.datamatch());
            }
            case MMIO: {
                Doorbell d = doorbell(e);
                if (d == null) return e.detail;
                return String.format("MMIO ioeventfd at 0x%x: eventfd signalled, device thread processes queue %d",
                        d.address(), d.datamatch());
            }
            case HLT:
                return machine.config().kvm().irqchip()
                        ? "vCPU blocks in the kernel (vcpu_block); no interrupt source in this machine can wake it"
                        : "";
            case EXCEPTION: return String.format("exception vector %d intercepted, re-injected", e.vector);
            default: return e.detail;
        }
    }

    private static String printable(CpuidTable.Entry r) {
        StringBuilder sb = new StringBuilder();
        for (int v : new int[] {r.ebx(), r.ecx(), r.edx()}) {
            for (int i = 0; i < 4; i++) {
                int ch = (v >>> (8 * i)) & 0xFF;
                if (ch < 0x20 || ch > 0x7E) {
                    if (ch != 0) return "";
                } else {
                    sb.append((char) ch);
                }
            }
        }
        return sb.length() >= 4 ? " (\"" + sb + "\")" : "";
    }

    /** Finish a kernel-handled exit, as KVM does before it re-enters the guest. */
    void handleInKernel(ExitPath path, Interpreter interp) {
        Cpu c = interp.cpu();
        CpuExit e = interp.lastExit();
        switch (path) {
            case KERNEL_CPUID: {
                CpuidTable.Entry r = cpuid.lookup(c.gpr[Reg.EAX] & 0xFFFF_FFFFL);
                c.gpr[Reg.EAX] = r.eax();
                c.gpr[Reg.EBX] = r.ebx();
                c.gpr[Reg.ECX] = r.ecx();
                c.gpr[Reg.EDX] = r.edx();
                interp.skipInstruction();
                return;
            }
            case KERNEL_MSR: {
                long msr = c.gpr[Reg.ECX] & 0xFFFF_FFFFL;
                if (!msrs.exists(msr)) {
                    e.vector = 13; // kvm_complete_insn_gp: #GP(0) into the guest
                    e.softwareException = false;
                    interp.injectException();
                    return;
                }
                if (e.kind == CpuExit.Kind.RDMSR) {
                    long v = msrs.read(msr, interp.tsc());
                    c.gpr[Reg.EAX] = (int) v;
                    c.gpr[Reg.EDX] = (int) (v >>> 32);
                } else {
                    msrs.write(msr, (c.gpr[Reg.EAX] & 0xFFFF_FFFFL) | ((long) c.gpr[Reg.EDX] << 32));
                }
                interp.skipInstruction();
                return;
            }
            case KERNEL_RDTSC: {
                long tsc = interp.tsc();
                c.gpr[Reg.EAX] = (int) tsc;
                c.gpr[Reg.EDX] = (int) (tsc >>> 32);
                interp.skipInstruction();
                return;
            }
            case KERNEL_HYPERCALL:
                c.gpr[Reg.EAX] = HYPERCALL_ENOSYS_32;
                interp.skipInstruction();
                return;
            case KERNEL_IOEVENTFD: case KERNEL_MMIO_IOEVENTFD: {
                Doorbell d = doorbell(e);
                interp.skipInstruction();
                d.device().notify(d.datamatch()); // the device thread's work, modeled right after the signal
                return;
            }
            case KERNEL_EXCEPTION:
                interp.injectException();
                return;
            default:
                interp.skipInstruction();
        }
    }
}
