package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.kvmworkbench.core.memory.ArrayGuestMemory;

/**
 * Test harness: a 1 MiB real-mode guest with hand-encoded code at 0000:1000 and the stack at 0000:8000.
 * Every byte sequence in the tests is commented with its mnemonic (NASM syntax, {@code bits 16}).
 */
final class Guest {
    static final int RAM = 1 << 20;
    static final int CODE = 0x1000;
    static final int STACK = 0x8000;
    /** every arithmetic flag */
    static final int ARITH = LazyFlags.ARITH;
    static final int CF = LazyFlags.CF, PF = LazyFlags.PF, AF = LazyFlags.AF, ZF = LazyFlags.ZF,
            SF = LazyFlags.SF, OF = LazyFlags.OF;
    static final int AX = Reg.EAX, CX = Reg.ECX, DX = Reg.EDX, BX = Reg.EBX, SP = Reg.ESP, BP = Reg.EBP,
            SI = Reg.ESI, DI = Reg.EDI;

    /** Mutable VM-execution controls for tests. Defaults are those of {@link ExitControls#ALL}. */
    static final class Controls implements ExitControls {
        boolean hlt = true, rdtsc = false, allPorts = true, allMsrs = true, movDr;
        int bitmap;
        /** bit n: accesses to CRn exit */
        int crExits;

        @Override public boolean crAccessExits(int cr, int accessType, long value) {
            return (crExits & 1 << cr) != 0;
        }

        @Override public boolean movDrExiting() {
            return movDr;
        }

        @Override public boolean ioExits(int port) {
            return allPorts;
        }

        @Override public boolean msrExits(long msr, boolean write) {
            return allMsrs;
        }

        @Override public boolean hltExiting() {
            return hlt;
        }

        @Override public boolean rdtscExiting() {
            return rdtsc;
        }

        @Override public int exceptionBitmap() {
            return bitmap;
        }
    }

    final ArrayGuestMemory mem = new ArrayGuestMemory(RAM);
    final Cpu cpu = new Cpu();
    final Controls controls = new Controls();
    final MsrFile msrs = new MsrFile();
    final Interpreter in = new Interpreter(cpu, mem, controls, msrs);

    Guest(int... code) {
        load(CODE, code);
        cpu.startAt(0, CODE);
        cpu.loadSegment(Seg.SS, 0);
        cpu.setReg16(SP, STACK);
    }

    static Guest of(int... code) {
        return new Guest(code);
    }

    Guest load(int addr, int... code) {
        for (int i = 0; i < code.length; i++) mem.bytes()[addr + i] = (byte) code[i];
        return this;
    }

    /** Run exactly {@code n} instructions and expect no exit. */
    Guest run(int n) {
        CpuExit e = in.run(n);
        assertEquals(CpuExit.Kind.NONE, e.kind, () -> "unexpected exit: " + e.kind + " " + e.detail);
        return this;
    }

    /** Run until an exit (at most 10000 instructions) and return it. */
    CpuExit exit() {
        return in.run(10_000);
    }

    /** Run until an exit of the given kind. */
    CpuExit exit(CpuExit.Kind kind) {
        CpuExit e = in.run(10_000);
        assertEquals(kind, e.kind, () -> "exit " + e.kind + " " + e.detail);
        return e;
    }

    // registers
    int r16(int r) {
        return cpu.reg16(r);
    }

    int r32(int r) {
        return cpu.gpr[r];
    }

    int r8(int r) {
        return cpu.reg8(r);
    }

    Guest set16(int r, int v) {
        cpu.setReg16(r, v);
        return this;
    }

    Guest set32(int r, int v) {
        cpu.gpr[r] = v;
        return this;
    }

    Guest set8(int r, int v) {
        cpu.setReg8(r, v);
        return this;
    }

    Guest seg(int s, int v) {
        cpu.loadSegment(s, v);
        return this;
    }

    Guest flags(int eflags) {
        cpu.setEflags(eflags);
        return this;
    }

    int flags() {
        return cpu.eflags();
    }

    int ip() {
        return cpu.eip;
    }

    int sp() {
        return cpu.reg16(SP);
    }

    // memory (physical)
    int m8(int a) {
        return mem.read8(a);
    }

    int m16(int a) {
        return mem.read16(a);
    }

    int m32(int a) {
        return mem.read32(a);
    }

    Guest w8(int a, int v) {
        mem.write8(a, v);
        return this;
    }

    Guest w16(int a, int v) {
        mem.write16(a, v);
        return this;
    }

    Guest w32(int a, int v) {
        mem.write32(a, v);
        return this;
    }

    /** Point IVT entry {@code vector} at seg:off. */
    Guest ivt(int vector, int seg, int off) {
        mem.write16(vector * 4L, off);
        mem.write16(vector * 4L + 2, seg);
        return this;
    }

    /** Assert the arithmetic flags in {@code defined} equal {@code expected}. */
    void assertFlags(int expected, int defined) {
        int actual = flags() & defined;
        assertEquals(describe(expected & defined), describe(actual));
    }

    void assertFlags(int expected) {
        assertFlags(expected, ARITH);
    }

    static String describe(int f) {
        StringBuilder b = new StringBuilder();
        String[] names = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF"};
        for (int i = 0; i < names.length; i++) if ((f & (1 << i)) != 0 && !names[i].isEmpty()) b.append(names[i]).append(' ');
        return b.toString().trim();
    }
}
