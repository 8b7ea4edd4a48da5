package org.kvmworkbench.kvm;

import org.kvmworkbench.core.backend.ShadowedStep;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.memory.GuestMemory;
import org.kvmworkbench.kvm.sys.KvmSregs;

/**
 * What one KVM single step really ran. A step normally retires one instruction, but MOV SS and POP SS block the
 * single-step debug trap until the next instruction has run (the interrupt/debug shadow, Intel SDM Vol. 3A 6.8.3;
 * AMD APM Vol. 2 behaves the same), so on VMX and SVM the step that runs MOV SS ends after the instruction that
 * follows it. KVM's emulator (PVM) steps them one at a time.
 */
final class StepCheck {
    private final long csBase, rip;
    private final Disassembler.Instruction first;

    private StepCheck(long csBase, long rip, Disassembler.Instruction first) {
        this.csBase = csBase;
        this.rip = rip;
        this.first = first;
    }

    static StepCheck before(GuestState state, GuestMemory ram) {
        long csBase = state.sregs().base(KvmSregs.CS), rip = state.regs().rip();
        return new StepCheck(csBase, rip, decode(ram, csBase, rip));
    }

    /** null for one instruction (or what cannot be told), else the two instructions the step ran. */
    ShadowedStep after(GuestState state, GuestMemory ram) {
        if (first == null || !loadsSs(first.text())) return null;
        long next = rip + first.length();
        Disassembler.Instruction second = decode(ram, csBase, next);
        if (second == null || state.regs().rip() != next + second.length()) return null;
        return new ShadowedStep(first.text(), second.text());
    }

    static boolean loadsSs(String text) {
        return text.startsWith("mov ss,") || text.equals("pop ss");
    }

    private static Disassembler.Instruction decode(GuestMemory ram, long csBase, long ip) {
        long linear = csBase + ip;
        if (linear < 0 || !ram.contains(linear, 1)) return null;
        return Disassembler.decode(ram, linear, (int) ip);
    }
}
