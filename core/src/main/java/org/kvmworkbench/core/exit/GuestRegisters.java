package org.kvmworkbench.core.exit;

import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.cpu.Seg;

/** The guest's registers at an exit (what KVM_GET_REGS and the segment part of KVM_GET_SREGS return). */
public record GuestRegisters(long rax, long rbx, long rcx, long rdx, long rsi, long rdi, long rsp, long rbp,
                             long rip, long rflags, int cs, int ds, int es, int ss, int fs, int gs, long cr0) {

    public static GuestRegisters of(Cpu c) {
        return new GuestRegisters(u(c.gpr[Reg.EAX]), u(c.gpr[Reg.EBX]), u(c.gpr[Reg.ECX]), u(c.gpr[Reg.EDX]),
                u(c.gpr[Reg.ESI]), u(c.gpr[Reg.EDI]), u(c.gpr[Reg.ESP]), u(c.gpr[Reg.EBP]), u(c.eip), u(c.eflags()),
                c.selector[Seg.CS], c.selector[Seg.DS], c.selector[Seg.ES], c.selector[Seg.SS], c.selector[Seg.FS],
                c.selector[Seg.GS], c.cr0);
    }

    private static long u(int v) {
        return v & 0xFFFF_FFFFL;
    }

    /** CS:IP as a teacher writes it, e.g. "0000:1005". */
    public String csIp() {
        return String.format("%04X:%04X", cs, rip);
    }
}
