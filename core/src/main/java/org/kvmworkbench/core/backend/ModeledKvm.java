package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.cpu.Interpreter;
import org.kvmworkbench.core.cpu.MsrFile;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.exit.NoteText;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.core.machine.Machine;
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;

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
    private final RegisterIntercepts registers;

    ModeledKvm(CpuidTable cpuid, MsrFile msrs, Machine machine, RegisterIntercepts registers) {
        this.cpuid = cpuid;
        this.msrs = msrs;
        this.machine = machine;
        this.registers = registers;
    }

    ExitPath route(CpuExit e, Cpu cpu) {
        switch (e.kind) {
            case IO:
                if (doorbell(e) != null) return ExitPath.KERNEL_IOEVENTFD;
                return inKernelChipset(e.port) ? ExitPath.KERNEL_PIO_DEVICE : ExitPath.USERSPACE_PIO;
            // an MMIO ioeventfd (KVM_IOEVENTFD without the PIO flag): handle_ept_misconfig finds it on the MMIO bus
            case MMIO: return doorbell(e) != null ? ExitPath.KERNEL_MMIO_IOEVENTFD : ExitPath.USERSPACE_MMIO;
            case CPUID: return ExitPath.KERNEL_CPUID;
            case RDMSR: case WRMSR: return ExitPath.KERNEL_MSR;
            case RDTSC: return ExitPath.KERNEL_RDTSC;
            case CR_ACCESS: return ExitPath.KERNEL_CR_ACCESS;
            case DR_ACCESS: return ExitPath.KERNEL_DR_ACCESS;
            case VMCALL: return ExitPath.KERNEL_HYPERCALL;
            case HLT: return machine.config().kvm().irqchip() ? ExitPath.KERNEL_HLT : ExitPath.USERSPACE_HLT;
            case EXCEPTION: return ExitPath.KERNEL_EXCEPTION;
            case TRIPLE_FAULT: return ExitPath.USERSPACE_SHUTDOWN;
            case HALTED_IN_GUEST: return ExitPath.HALTED_IN_GUEST;
            // only a board with an i8259 interrupts, and that needs the in-kernel irqchip (config check)
            case EXTERNAL_INTERRUPT: return ExitPath.KERNEL_EXTERNAL_INTERRUPT;
            case INTERRUPT_WINDOW: return ExitPath.KERNEL_INTERRUPT_WINDOW;
            default: return ExitPath.EMULATION_FAILURE;
        }
    }

    private boolean irqchip() {
        return machine.config().kvm().irqchip();
    }

    /**
     * With the in-kernel irqchip, KVM's own 8259A pair and 8254 answer their ports (KVM_CREATE_IRQCHIP registers 0x20,
     * 0xA0 and 0x4D0, length 2; KVM_CREATE_PIT2 0x40 length 4 and 0x61: arch/x86/kvm/i8259.c, i8254.c). The
     * simulator's stand-ins for them are the board's models, so those ports are kernel-handled when the board has them.
     */
    private boolean inKernelChipset(int port) {
        if (!irqchip()) return false;
        if (machine.pic() != null && (port == 0x20 || port == 0x21 || port == 0xA0 || port == 0xA1
                || port == 0x4D0 || port == 0x4D1)) return true;
        return machine.pit() != null && (port >= 0x40 && port <= 0x43 || port == 0x61);
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
    Phrase describe(CpuExit e, Cpu c) {
        switch (e.kind) {
            case CPUID: {
                long leaf = c.gpr[Reg.EAX] & 0xFFFF_FFFFL;
                CpuidTable.Entry r = cpuid.lookup(leaf);
                return NoteText.phrase("cpuid", leaf, r.eax(), r.ebx(),
                        r.ecx(), r.edx(), printable(r));
            }
            case RDMSR: case WRMSR: {
                long msr = c.gpr[Reg.ECX] & 0xFFFF_FFFFL;
                String op = e.kind == CpuExit.Kind.RDMSR ? "RDMSR" : "WRMSR";
                return msrs.exists(msr) ? Phrase.literal(String.format("%s 0x%x", op, msr)) : NoteText.phrase("msr.none", op, msr);
            }
            case VMCALL: return NoteText.phrase("hypercall", c.gpr[Reg.EAX]);
            case CR_ACCESS: return crAccess(e.qualification, c);
            case DR_ACCESS: {
                int dr = (int) (e.qualification & 7), gpr = (int) (e.qualification >> 8 & 7);
                boolean from = (e.qualification & DrAccessQualification.DIRECTION_FROM_DR) != 0;
                return from ? NoteText.phrase("dr.from", dr, Reg.NAMES32[gpr])
                        : NoteText.phrase("dr.to", Reg.NAMES32[gpr], c.gpr[gpr], dr);
            }
            case IO: {
                Doorbell d = doorbell(e);
                return d == null ? Phrase.NONE : NoteText.phrase("ioeventfd.pio", d.datamatch());
            }
            case MMIO: {
                Doorbell d = doorbell(e);
                if (d == null) return e.detail;
                return NoteText.phrase("ioeventfd.mmio", d.address(), d.datamatch());
            }
            case HLT:
                if (!irqchip()) return Phrase.NONE;
                if (machine.pic() == null)
                    return NoteText.phrase("hlt.noSource");
                return (c.flagsOther & org.kvmworkbench.core.cpu.Cpu.IF) != 0
                        ? NoteText.phrase("hlt.if1") : NoteText.phrase("hlt.if0");
            case EXTERNAL_INTERRUPT:
                return NoteText.phrase("externalInterrupt");
            case INTERRUPT_WINDOW:
                return NoteText.phrase("interruptWindow");
            case EXCEPTION: return NoteText.phrase("exception", e.vector);
            default: return e.detail;
        }
    }

    /** What handle_cr does with this access: the value before and after (qualification: SDM Vol. 3C §28.2.1). */
    private static Phrase crAccess(long q, Cpu c) {
        int cr = (int) (q & 0xF), type = (int) (q >> 4 & 3), gpr = (int) (q >> 8 & 7);
        long before = cr == 4 ? c.cr4 : c.cr0;
        switch (type) {
            case CrAccessQualification.MOV_TO_CR: {
                long v = c.gpr[gpr] & 0xFFFF_FFFFL;
                return NoteText.phrase("cr.movTo", cr, Reg.NAMES32[gpr], before, v, cr);
            }
            case CrAccessQualification.LMSW: {
                int src = (int) (q >>> 16 & 0xFFFF);
                long after = before & ~0xEL | src & 0xF | before & Cpu.CR0_PE; // LMSW never clears PE
                return NoteText.phrase((q & 1 << 6) != 0 ? "cr.lmsw.memory" : "cr.lmsw.register", src, before, after);
            }
            case CrAccessQualification.CLTS:
                return NoteText.phrase("cr.clts", before, before & ~Cpu.CR0_TS);
            default:
                return NoteText.phrase("cr.movFrom", cr, Reg.NAMES32[gpr]);
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

    /** The in-kernel device's side of an IN/OUT (kernel_pio): each element to or from the board's model. */
    private void kernelPio(CpuExit e) {
        org.kvmworkbench.core.bus.Bus.Window w = machine.pioBus().find(e.port);
        if (w == null) return;
        int offset = (int) (e.port - w.base());
        long mask = (1L << (e.size * 8)) - 1;
        for (int i = 0; i < e.count; i++) {
            if (e.in) e.data[i] = w.device().read(offset, e.size) & mask;
            else w.device().write(offset, e.size, e.data[i] & mask);
        }
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
            case KERNEL_PIO_DEVICE:
                kernelPio(e);
                interp.completeIo();
                return;
            case KERNEL_CR_ACCESS: // handle_cr's kvm_set_cr0/cr4 or kvm_lmsw: the same checks and result as the
                registers.crHandled(); // guest's own run of the instruction, which therefore runs once more unintercepted
                return;
            case KERNEL_DR_ACCESS: // handle_dr: no skip; the guest re-runs the MOV with the intercept off
                registers.drHandled();
                return;
            case KERNEL_EXTERNAL_INTERRUPT: case KERNEL_INTERRUPT_WINDOW:
                return; // no guest instruction ran: nothing to skip; the next entry injects
            default:
                interp.skipInstruction();
        }
    }
}
