package org.kvmworkbench.core.cpu;

import static org.kvmworkbench.core.cpu.LazyFlags.ADC;
import static org.kvmworkbench.core.cpu.LazyFlags.ADD;
import static org.kvmworkbench.core.cpu.LazyFlags.CF;
import static org.kvmworkbench.core.cpu.LazyFlags.DEC;
import static org.kvmworkbench.core.cpu.LazyFlags.INC;
import static org.kvmworkbench.core.cpu.LazyFlags.LOGIC;
import static org.kvmworkbench.core.cpu.LazyFlags.OF;
import static org.kvmworkbench.core.cpu.LazyFlags.SBB;
import static org.kvmworkbench.core.cpu.LazyFlags.SUB;

import org.kvmworkbench.core.memory.ArrayGuestMemory;

/**
 * A 16-bit real-mode x86 interpreter with the 0x66/0x67 prefixes, running as a VMX guest would:
 * instructions that the VM-execution controls intercept stop it with a {@link CpuExit} instead of
 * executing. Semantics follow the Intel SDM Vol. 2 instruction pages; exits follow Vol. 3C ch. 26.
 * <p>
 * Hot path rules: no allocation per instruction, arithmetic flags are lazy ({@link LazyFlags}).
 * <p>
 * What a run's budget counts (and {@link Cpu#instructions}, "instructions retired", with it): one unit per
 * instruction, and one per iteration of a REP-prefixed string instruction (MOVS CMPS STOS LODS SCAS INS OUTS; a
 * REP with a zero count is one unit). A REP instruction that runs out of budget stops between iterations with
 * (E)CX, (E)SI, (E)DI updated and EIP still at the instruction, as a CPU leaves it when an interrupt arrives
 * between iterations (SDM Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ"), and continues on the next run. A faulting
 * instruction is one unit (its delivery); an instruction that exits is counted when it exits.
 * <p>
 * The guest never makes it throw: addresses are compared unsigned and without overflow, and what the model
 * cannot do (an instruction fetch outside RAM, an interrupt frame pushed to MMIO) stops the VM with an
 * {@link CpuExit.Kind#UNSUPPORTED} exit naming the reason.
 */
public final class Interpreter {
    private final Cpu c;
    private final byte[] ram;
    private final int ramSize;
    private final ExitControls controls;
    private final MsrFile msrs;
    private final CpuExit exit = new CpuExit();
    private final Interrupted interrupted = new Interrupted();

    // MMIO: pages touched before (EPT misconfig afterwards) and the read answers for a restarted instruction
    private long[] mmioPages = new long[8];
    private int mmioPageCount;
    /**
     * Device answers for MMIO reads of the instruction being restarted. An instruction may read several MMIO
     * locations (LES, CMPS, far pointers): each read exits once, and the answers collected so far stay valid
     * until the instruction completes, so every restart gets further.
     */
    private final long[] mmioAnswerGpa = new long[MAX_MMIO_READS];
    private final long[] mmioAnswer = new long[MAX_MMIO_READS];
    private int mmioAnswers;
    private static final int MAX_MMIO_READS = 8;
    /** true when the exit's instruction has already completed (MMIO write), so resuming must not skip it */
    private boolean exitCompleted;
    /** an exit raised outside {@link #run} (by {@link #injectException}) that the next run reports first */
    private boolean exitPending;
    /** {@link Cpu#instructions} at which this run's budget is used up (REP string instructions check it) */
    private long runEnd;
    /** {@link Cpu#instructions} when the last MOV SS / POP SS retired; see {@link #stackSwitchShadow()} */
    private long ssLoadedAt = -1;
    /** {@link Cpu#instructions} when an STI set IF (it was clear); see {@link #interruptsAllowed()} */
    private long stiAt = -1;
    /** Set from any thread: end the run at the next instruction boundary (see {@link #kick()}). */
    private volatile boolean kick;
    /** Interrupt-window exiting is on (see {@link #setInterruptWindowExiting}). */
    private boolean windowExiting;

    // decode state of the current instruction
    private int startIp;
    /** set with exit.kind: the run loop stops after this instruction */
    private boolean exited;
    private boolean op32, addr32;
    private int segOverride = -1;
    private int repPrefix; // 0, 0xF2 or 0xF3
    private int mod, regField, rm;
    private boolean eaReg;
    private int eaSeg, eaOff;
    /** instruction fetch: linear base of CS and the first EIP the fast path may not fetch (see setupFetch) */
    private int fetchBase, fetchEnd;

    public Interpreter(Cpu cpu, ArrayGuestMemory memory, ExitControls controls, MsrFile msrs) {
        this.c = cpu;
        this.ram = memory.bytes();
        this.ramSize = ram.length;
        this.controls = controls;
        this.msrs = msrs;
    }

    public Cpu cpu() {
        return c;
    }

    public CpuExit lastExit() {
        return exit;
    }

    /** Forget MMIO page history (reset). */
    public void reset() {
        mmioPageCount = 0;
        mmioAnswers = 0;
        exitCompleted = false;
        exitPending = false;
        ssLoadedAt = -1;
        stiAt = -1;
        kick = false;
        windowExiting = false;
        exit.clear();
    }

    // ------------------------------------------------------------------------------------------------
    // Running

    /**
     * Run at most {@code budget} units of work (see the class comment: instructions and REP iterations); never
     * more, for any budget. Returns the exit; {@code kind == NONE} means the budget ran out.
     */
    public CpuExit run(long budget) {
        if (exitPending) { // an injected event could not be delivered: report that before running anything
            exitPending = false;
            return exit;
        }
        exit.clear();
        exited = false;
        exitCompleted = false;
        setupFetch(); // the caller may have changed CS or its limit
        // EIP and the retired count live in registers here; the Cpu fields are stored, not reloaded
        int ip = c.eip;
        long retired = c.instructions;
        long end = budget > Long.MAX_VALUE - retired ? Long.MAX_VALUE : retired + Math.max(0, budget);
        runEnd = end;
        while (retired < end) {
            startIp = ip;
            c.instructions = retired;
            if ((kick || windowExiting) && interruptBoundary(ip)) break;
            try {
                if (Integer.compareUnsigned(ip, fetchEnd) >= 0) fetchSlow(ip);
                int op = ram[fetchBase + ip] & 0xFF;
                ip = PREFIX[op] ? executePrefixed(op, ip + 1) : execute(op, ip + 1);
                retired = c.instructions + 1; // a REP instruction has added its iterations after the first
                if (mmioAnswers != 0) mmioAnswers = 0; // the instruction is done with its MMIO answers
            } catch (Interrupted i) {
                interrupted(i);
                retired = c.instructions;
                ip = c.eip;
            }
            if (exited) break;
        }
        c.instructions = retired;
        return exit;
    }

    /**
     * True when the last instruction retired was a MOV SS or POP SS: the processor then holds off debug traps
     * (single-step included) and interrupts until the next instruction has completed (SDM Vol. 3A §6.8.3 "Masking
     * Exceptions and Interrupts When Switching Stacks"), so a single step runs that instruction too.
     */
    public boolean stackSwitchShadow() {
        return ssLoadedAt >= 0 && ssLoadedAt == c.instructions - 1;
    }

    // ------------------------------------------------------------------------------------------------
    // External interrupts (the INTR pin): hooks for the backend, checked at instruction boundaries only

    /**
     * From any thread: end the current (or next) run at the next instruction boundary with an
     * {@link CpuExit.Kind#EXTERNAL_INTERRUPT} exit, as a host interrupt (KVM's kick IPI) makes VMX non-root code exit.
     */
    public void kick() {
        kick = true;
    }

    /** Drop a kick no run has taken yet. */
    public void clearKick() {
        kick = false;
    }

    /**
     * Interrupt-window exiting (VMX primary processor-based control bit 2, CPU_BASED_INTR_WINDOW_EXITING): the run
     * ends with an {@link CpuExit.Kind#INTERRUPT_WINDOW} exit at the first boundary where {@link #interruptsAllowed()}.
     */
    public void setInterruptWindowExiting(boolean on) {
        windowExiting = on;
    }

    /**
     * Whether the guest can take an external interrupt at this boundary: IF=1 and no interrupt shadow. STI that sets
     * IF holds interrupts off until the next instruction has completed (SDM Vol. 2B "STI"), as MOV SS / POP SS do
     * (SDM Vol. 3A §6.8.3).
     */
    public boolean interruptsAllowed() {
        boolean stiShadow = stiAt >= 0 && stiAt == c.instructions - 1;
        return (c.flagsOther & Cpu.IF) != 0 && !stiShadow && !stackSwitchShadow();
    }

    /**
     * VM-entry event injection of an external interrupt: the CPU delivers {@code vector} through the real-mode IVT
     * (push FLAGS, CS, IP; clear IF and TF; load CS:IP from entry 4·vector), and the interrupted instruction runs
     * after the handler's IRET. A delivery that faults is handled as any event delivery (#GP, #SS, #DF, shutdown).
     */
    public void deliverExternalInterrupt(int vector) {
        startIp = c.eip;
        exit.clear();
        exited = false;
        deliverException(vector & 0xFF, c.eip, false, true);
        exitPending = exit.kind != CpuExit.Kind.NONE;
        setupFetch();
    }

    /** At the boundary before the instruction at {@code ip}: take a kick or an open interrupt window as an exit. */
    private boolean interruptBoundary(int ip) {
        c.eip = ip;
        if (kick) {
            kick = false;
            exitFor(CpuExit.Kind.EXTERNAL_INTERRUPT);
            return true;
        }
        if (interruptsAllowed()) {
            exitFor(CpuExit.Kind.INTERRUPT_WINDOW);
            return true;
        }
        return false;
    }

    /** The instruction stopped half-way: restart it later (MMIO read) or deliver its fault. */
    private void interrupted(Interrupted i) {
        c.eip = startIp;
        if (i.why == Interrupted.FAULT) {
            mmioAnswers = 0;
            c.instructions++; // the faulting instruction counts as retired (its delivery is the work done)
            raiseException(i.vector, startIp, false);
        }
    }

    private static final boolean[] PREFIX = new boolean[256];

    static {
        for (int p : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) PREFIX[p] = true;
    }

    /**
     * An instruction with prefixes. The prefix state is the default (no prefix) between instructions, so
     * unprefixed instructions, the common case, skip this; it is put back however the instruction ends.
     */
    private int executePrefixed(int first, int nextIp) {
        c.eip = nextIp;
        int op = first;
        try {
            for (;;) {
                switch (op) {
                    case 0x26: segOverride = Seg.ES; break;
                    case 0x2E: segOverride = Seg.CS; break;
                    case 0x36: segOverride = Seg.SS; break;
                    case 0x3E: segOverride = Seg.DS; break;
                    case 0x64: segOverride = Seg.FS; break;
                    case 0x65: segOverride = Seg.GS; break;
                    case 0x66: op32 = true; break;
                    case 0x67: addr32 = true; break;
                    case 0xF0: break; // LOCK: single vCPU, nothing to lock
                    case 0xF2: case 0xF3: repPrefix = op; break;
                    default:
                        return execute(op, c.eip);
                }
                if (c.eip - startIp >= 15) throw fault(13); // longer than 15 bytes: #GP (SDM Vol. 2 §2.3.11)
                op = fetch8();
            }
        } finally {
            op32 = false;
            addr32 = false;
            segOverride = -1;
            repPrefix = 0;
        }
    }

    /**
     * Execute the instruction whose (first) opcode byte is {@code op}, prefixes already decoded, with EIP just
     * past that byte. Returns the new EIP. EIP travels in a register from one instruction to the next: storing
     * it here and returning it lets the JIT forward the stores to the loads of the inlined fetches instead of
     * making every instruction wait for a store-to-load round trip through memory.
     */
    private int execute(int op, int nextIp) {
        c.eip = nextIp;
        switch (op) {
            // ADD: each opcode its own case so the JIT inlines alu() with a constant kind and size
            case 0x00: aluEbGb(0); break; case 0x01: aluEvGv(0); break; case 0x02: aluGbEb(0); break;
            case 0x03: aluGvEv(0); break; case 0x04: aluAlIb(0); break; case 0x05: aluAxIv(0); break;
            // OR
            case 0x08: aluEbGb(1); break; case 0x09: aluEvGv(1); break; case 0x0A: aluGbEb(1); break;
            case 0x0B: aluGvEv(1); break; case 0x0C: aluAlIb(1); break; case 0x0D: aluAxIv(1); break;
            // ADC
            case 0x10: aluEbGb(2); break; case 0x11: aluEvGv(2); break; case 0x12: aluGbEb(2); break;
            case 0x13: aluGvEv(2); break; case 0x14: aluAlIb(2); break; case 0x15: aluAxIv(2); break;
            // SBB
            case 0x18: aluEbGb(3); break; case 0x19: aluEvGv(3); break; case 0x1A: aluGbEb(3); break;
            case 0x1B: aluGvEv(3); break; case 0x1C: aluAlIb(3); break; case 0x1D: aluAxIv(3); break;
            // AND
            case 0x20: aluEbGb(4); break; case 0x21: aluEvGv(4); break; case 0x22: aluGbEb(4); break;
            case 0x23: aluGvEv(4); break; case 0x24: aluAlIb(4); break; case 0x25: aluAxIv(4); break;
            // SUB
            case 0x28: aluEbGb(5); break; case 0x29: aluEvGv(5); break; case 0x2A: aluGbEb(5); break;
            case 0x2B: aluGvEv(5); break; case 0x2C: aluAlIb(5); break; case 0x2D: aluAxIv(5); break;
            // XOR
            case 0x30: aluEbGb(6); break; case 0x31: aluEvGv(6); break; case 0x32: aluGbEb(6); break;
            case 0x33: aluGvEv(6); break; case 0x34: aluAlIb(6); break; case 0x35: aluAxIv(6); break;
            // CMP
            case 0x38: aluEbGb(7); break; case 0x39: aluEvGv(7); break; case 0x3A: aluGbEb(7); break;
            case 0x3B: aluGvEv(7); break; case 0x3C: aluAlIb(7); break; case 0x3D: aluAxIv(7); break;
            case 0x06: case 0x0E: case 0x16: case 0x1E: push(c.selector[op >> 3]); break;
            case 0x07: case 0x1F: c.loadSegment(op >> 3, pop()); break;
            case 0x17: c.loadSegment(Seg.SS, pop()); ssLoadedAt = c.instructions; break;
            case 0x0F: twoByte(); break;
            case 0x40: incReg(0); break; case 0x41: incReg(1); break;
            case 0x42: incReg(2); break; case 0x43: incReg(3); break;
            case 0x44: incReg(4); break; case 0x45: incReg(5); break;
            case 0x46: incReg(6); break; case 0x47: incReg(7); break;
            case 0x48: decReg(0); break; case 0x49: decReg(1); break;
            case 0x4A: decReg(2); break; case 0x4B: decReg(3); break;
            case 0x4C: decReg(4); break; case 0x4D: decReg(5); break;
            case 0x4E: decReg(6); break; case 0x4F: decReg(7); break;
            case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
                push(regV(op & 7)); break;
            case 0x58: case 0x59: case 0x5A: case 0x5B: case 0x5C: case 0x5D: case 0x5E: case 0x5F:
                setRegV(op & 7, pop()); break;
            case 0x60: pusha(); break;
            case 0x61: popa(); break;
            case 0x68: push(fetchV()); break;
            // the immediate is fetched before the operand is read, so an MMIO exit reports the full length
            case 0x69: decodeModrm(); { int imm = fetchV(); setRegV(regField, imul3(readEv(), imm)); } break;
            case 0x6A: push(signExtend8(fetch8())); break;
            case 0x6B: decodeModrm(); { int imm = signExtend8(fetch8()); setRegV(regField, imul3(readEv(), imm)); } break;
            case 0x6C: case 0x6D: stringIo(true, op == 0x6C ? 1 : opSize()); break;
            case 0x6E: case 0x6F: stringIo(false, op == 0x6E ? 1 : opSize()); break;
            case 0x70: jccShort(0); break; case 0x71: jccShort(1); break;
            case 0x72: jccShort(2); break; case 0x73: jccShort(3); break;
            case 0x74: jccShort(4); break; case 0x75: jccShort(5); break;
            case 0x76: jccShort(6); break; case 0x77: jccShort(7); break;
            case 0x78: jccShort(8); break; case 0x79: jccShort(9); break;
            case 0x7A: jccShort(10); break; case 0x7B: jccShort(11); break;
            case 0x7C: jccShort(12); break; case 0x7D: jccShort(13); break;
            case 0x7E: jccShort(14); break; case 0x7F: jccShort(15); break;
            case 0x80: case 0x82: decodeModrm(); group1(1, fetch8()); break;
            case 0x81: decodeModrm(); group1(opSize(), fetchV()); break;
            case 0x83: decodeModrm(); group1(opSize(), signExtend8(fetch8()) & LazyFlags.mask(opSize())); break;
            case 0x84: decodeModrm(); logic(readE8() & reg8(regField), 1); break;
            case 0x85: decodeModrm(); logic(readEv() & regV(regField), opSize()); break;
            case 0x86: { decodeModrm(); int a = readE8(); writeE8(reg8(regField)); c.setReg8(regField, a); break; }
            case 0x87: { decodeModrm(); int a = readEv(); writeEv(regV(regField)); setRegV(regField, a); break; }
            case 0x88: decodeModrm(); writeE8(reg8(regField)); break;
            case 0x89: decodeModrm(); writeEv(regV(regField)); break;
            case 0x8A: decodeModrm(); c.setReg8(regField, readE8()); break;
            case 0x8B: decodeModrm(); setRegV(regField, readEv()); break;
            case 0x8C: decodeModrm(); checkSreg(regField);
                if (eaReg) setRegV(rm, c.selector[regField]); else writeE16(c.selector[regField]);
                break;
            case 0x8D: decodeModrm(); if (eaReg) throw fault(6); setRegV(regField, eaOff); break;
            case 0x8E: decodeModrm(); checkSreg(regField); if (regField == Seg.CS) throw fault(6);
                c.loadSegment(regField, readE16());
                if (regField == Seg.SS) ssLoadedAt = c.instructions;
                break;
            case 0x8F: { decodeModrm(); if (regField != 0) throw fault(6); int v = pop(); writeEv(v); break; }
            case 0x90: break; // NOP (XCHG eAX, eAX)
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
                int a = regV(0);
                setRegV(0, regV(op & 7));
                setRegV(op & 7, a);
                break;
            }
            case 0x98: if (op32) c.gpr[0] = (short) c.gpr[0]; else c.setReg16(0, (byte) c.gpr[0]); break;
            case 0x99:
                if (op32) c.gpr[2] = c.gpr[0] >> 31; else c.setReg16(2, ((short) c.gpr[0]) >> 15);
                break;
            case 0x9A: { int ip = fetchV(); int cs = fetch16(); push(c.selector[Seg.CS]); push(c.eip); farJump(cs, ip); break; }
            case 0x9B: break; // WAIT: no x87 exceptions pending
            case 0x9C: push(c.eflags() & (op32 ? 0x00FC_FFFF : 0xFFFF)); break; // VM and RF read as 0
            case 0x9D: popf(); break;
            case 0x9E: { int f = c.eflags() & ~0xD5 | (c.reg8(4) & 0xD5); c.arith.setEager(f); break; }
            case 0x9F: c.setReg8(4, c.eflags() & 0xFF); break;
            case 0xA0: c.setReg8(0, read8(dataSeg(), fetchAddr())); break;
            case 0xA1: setRegV(0, readV(dataSeg(), fetchAddr())); break;
            case 0xA2: write8(dataSeg(), fetchAddr(), c.gpr[0]); break;
            case 0xA3: writeV(dataSeg(), fetchAddr(), c.gpr[0]); break;
            case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAA: case 0xAB:
            case 0xAC: case 0xAD: case 0xAE: case 0xAF:
                stringOp(op, (op & 1) == 0 ? 1 : opSize()); break;
            case 0xA8: logic(c.gpr[0] & fetch8() & 0xFF, 1); break;
            case 0xA9: logic(regV(0) & fetchV(), opSize()); break;
            case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xB4: case 0xB5: case 0xB6: case 0xB7:
                c.setReg8(op & 7, fetch8()); break;
            case 0xB8: case 0xB9: case 0xBA: case 0xBB: case 0xBC: case 0xBD: case 0xBE: case 0xBF:
                setRegV(op & 7, fetchV()); break;
            case 0xC0: decodeModrm(); group2(1, fetch8()); break;
            case 0xC1: decodeModrm(); group2(opSize(), fetch8()); break;
            case 0xC2: { int n = fetch16(); c.eip = pop(); adjustSp(n); break; }
            case 0xC3: c.eip = pop(); break;
            case 0xC4: case 0xC5: {
                decodeModrm();
                if (eaReg) throw fault(6);
                int v = readV(eaSeg, eaOff);
                int sel = read16(eaSeg, eaOff + (op32 ? 4 : 2));
                c.loadSegment(op == 0xC4 ? Seg.ES : Seg.DS, sel);
                setRegV(regField, v);
                break;
            }
            case 0xC6: decodeModrm(); if (regField != 0) throw fault(6); writeE8(fetch8()); break; // only /0 is MOV
            case 0xC7: decodeModrm(); if (regField != 0) throw fault(6); writeEv(fetchV()); break;
            case 0xC8: enter(); break;
            case 0xC9: leave(); break;
            case 0xCA: { int n = fetch16(); int ip = pop(); int cs = pop(); farJump(cs, ip); adjustSp(n); break; }
            case 0xCB: { int ip = pop(); int cs = pop(); farJump(cs, ip); break; }
            case 0xCC: raiseException(3, c.eip, true); break;
            case 0xCD: { int v = fetch8(); deliverInterrupt(v, c.eip, false); break; }
            case 0xCE: if (c.arith.of()) raiseException(4, c.eip, true); break;
            case 0xCF: iret(); break;
            case 0xD0: decodeModrm(); group2(1, 1); break;
            case 0xD1: decodeModrm(); group2(opSize(), 1); break;
            case 0xD2: decodeModrm(); group2(1, c.gpr[1] & 0xFF); break;
            case 0xD3: decodeModrm(); group2(opSize(), c.gpr[1] & 0xFF); break;
            case 0xD7: {
                int off = addr32 ? c.gpr[3] + (c.gpr[0] & 0xFF) : (c.gpr[3] + (c.gpr[0] & 0xFF)) & 0xFFFF;
                c.setReg8(0, read8(dataSeg(), off));
                break;
            }
            case 0xE0: case 0xE1: case 0xE2: case 0xE3: loop(op); break;
            case 0xE4: { int port = fetch8(); io(true, port, 1, true); break; }
            case 0xE5: { int port = fetch8(); io(true, port, opSize(), true); break; }
            case 0xE6: { int port = fetch8(); io(false, port, 1, true); break; }
            case 0xE7: { int port = fetch8(); io(false, port, opSize(), true); break; }
            case 0xE8: { int rel = fetchV(); push(c.eip); jumpRelative(rel); break; }
            case 0xE9: jumpRelative(fetchV()); break;
            case 0xEA: { int ip = fetchV(); int cs = fetch16(); farJump(cs, ip); break; }
            case 0xEB: jumpRelative(signExtend8(fetch8())); break;
            case 0xEC: io(true, c.gpr[2] & 0xFFFF, 1, false); break;
            case 0xED: io(true, c.gpr[2] & 0xFFFF, opSize(), false); break;
            case 0xEE: io(false, c.gpr[2] & 0xFFFF, 1, false); break;
            case 0xEF: io(false, c.gpr[2] & 0xFFFF, opSize(), false); break;
            case 0xF4: hlt(); break;
            case 0xF5: c.arith.setEager(c.arith.get() ^ CF); break;
            case 0xF6: decodeModrm(); group3(1); break;
            case 0xF7: decodeModrm(); group3(opSize()); break;
            case 0xF8: c.arith.setEager(c.arith.get() & ~CF); break;
            case 0xF9: c.arith.setEager(c.arith.get() | CF); break;
            case 0xFA: c.flagsOther &= ~Cpu.IF; break;
            case 0xFB: { // STI
                if ((c.flagsOther & Cpu.IF) == 0) stiAt = c.instructions;
                c.flagsOther |= Cpu.IF;
                break;
            }
            case 0xFC: c.flagsOther &= ~Cpu.DF; break;
            case 0xFD: c.flagsOther |= Cpu.DF; break;
            case 0xFE: decodeModrm(); group4(); break;
            case 0xFF: decodeModrm(); group5(); break;
            default: unsupported(op, -1);
        }
        return c.eip;
    }

    private void twoByte() {
        int op = fetch8();
        switch (op) {
            case 0x01: group7(); return;
            case 0x0B: throw fault(6); // UD2: raises #UD by definition
            case 0x30: wrmsr(); return;
            case 0x31: rdtsc(); return;
            case 0x32: rdmsr(); return;
            case 0xA2: exitFor(CpuExit.Kind.CPUID); return; // CPUID always exits in VMX non-root (SDM 3C §26.1.2)
            case 0x80: jccNear(0); return; case 0x81: jccNear(1); return;
            case 0x82: jccNear(2); return; case 0x83: jccNear(3); return;
            case 0x84: jccNear(4); return; case 0x85: jccNear(5); return;
            case 0x86: jccNear(6); return; case 0x87: jccNear(7); return;
            case 0x88: jccNear(8); return; case 0x89: jccNear(9); return;
            case 0x8A: jccNear(10); return; case 0x8B: jccNear(11); return;
            case 0x8C: jccNear(12); return; case 0x8D: jccNear(13); return;
            case 0x8E: jccNear(14); return; case 0x8F: jccNear(15); return;
            case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
            case 0x98: case 0x99: case 0x9A: case 0x9B: case 0x9C: case 0x9D: case 0x9E: case 0x9F:
                decodeModrm(); writeE8(condition(op & 0xF) ? 1 : 0); return;
            case 0xA0: push(c.selector[Seg.FS]); return;
            case 0xA1: c.loadSegment(Seg.FS, pop()); return;
            case 0xA8: push(c.selector[Seg.GS]); return;
            case 0xA9: c.loadSegment(Seg.GS, pop()); return;
            case 0xAF: decodeModrm(); setRegV(regField, imul3(regV(regField), readEv())); return;
            case 0xB6: decodeModrm(); setRegV(regField, readE8()); return;
            case 0xB7: decodeModrm(); setRegV(regField, readE16()); return;
            case 0xBE: decodeModrm(); setRegV(regField, (byte) readE8()); return;
            case 0xBF: decodeModrm(); setRegV(regField, (short) readE16()); return;
            default: unsupported(0x0F, op);
        }
    }

    /** 0F 01: SGDT, SIDT, LGDT, LIDT, VMCALL (0F 01 C1), VMMCALL (0F 01 D9). */
    private void group7() {
        int m = peek8();
        if (m == 0xC1 || m == 0xD9) {
            fetch8();
            exit.opcode = m;
            exitFor(CpuExit.Kind.VMCALL); // VMCALL always exits in VMX non-root (SDM 3C §26.1.2)
            return;
        }
        decodeModrm();
        if (eaReg) { // MONITOR, XGETBV, SWAPGS... (register forms) are not implemented
            unsupported(0x0F, 0x01);
            return;
        }
        switch (regField) {
            case 0: write16(eaSeg, eaOff, c.gdtrLimit); write32(eaSeg, eaOff + 2, c.gdtrBase); return;
            case 1: write16(eaSeg, eaOff, c.idtrLimit); write32(eaSeg, eaOff + 2, c.idtrBase); return;
            case 2: case 3: {
                int limit = read16(eaSeg, eaOff);
                int base = read32(eaSeg, eaOff + 2) & (op32 ? 0xFFFF_FFFF : 0x00FF_FFFF); // 24-bit base with 16-bit operand
                if (regField == 2) { c.gdtrLimit = limit; c.gdtrBase = base; } else { c.idtrLimit = limit; c.idtrBase = base; }
                return;
            }
            default: unsupported(0x0F, 0x01);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Exits

    private void exitFor(CpuExit.Kind kind) {
        exit.kind = kind;
        exited = true;
        exit.instructionLength = c.eip - startIp;
        exit.csBase = c.segBase[Seg.CS];
        exit.ip = startIp;
        c.eip = startIp; // fault-like: the handler skips the instruction (KVM: kvm_skip_emulated_instruction)
    }

    private void unsupported(int op, int op2) {
        exit.opcode = op2 < 0 ? op : 0x0F00 | op2;
        exit.detail = op2 < 0 ? String.format("opcode 0x%02X", op) : String.format("opcode 0x0F 0x%02X", op2);
        captureBytes();
        exitFor(CpuExit.Kind.UNSUPPORTED);
    }

    private void captureBytes() {
        int n = Math.min(15, Math.max(c.eip - startIp + 2, 1));
        int count = 0;
        long lin = startLinear(); // EIP is unsigned: an o32 jump can leave it at 0x80000000 and above
        for (int i = 0; i < n && lin + i < ramSize; i++) exit.bytes[count++] = ram[(int) (lin + i)];
        exit.byteCount = count;
    }

    /** Linear address of the current instruction's first byte (CS base + EIP, both unsigned). */
    private long startLinear() {
        return (c.segBase[Seg.CS] & 0xFFFF_FFFFL) + (startIp & 0xFFFF_FFFFL);
    }

    private void hlt() {
        if (controls.hltExiting()) {
            exitFor(CpuExit.Kind.HLT);
        } else {
            exitFor(CpuExit.Kind.HALTED_IN_GUEST);
            c.eip += exit.instructionLength;
        }
    }

    private void rdtsc() {
        if (controls.rdtscExiting()) {
            exitFor(CpuExit.Kind.RDTSC);
            return;
        }
        long tsc = tsc();
        c.gpr[0] = (int) tsc;
        c.gpr[2] = (int) (tsc >>> 32);
    }

    /** The guest's time-stamp counter: modeled as instructions retired × 4, so runs are repeatable. */
    public long tsc() {
        return c.instructions * 4;
    }

    private void rdmsr() {
        long msr = c.gpr[1] & 0xFFFF_FFFFL;
        if (controls.msrExits(msr, false)) {
            exitFor(CpuExit.Kind.RDMSR);
            return;
        }
        if (!msrs.exists(msr)) throw fault(13);
        long v = msrs.read(msr, tsc());
        c.gpr[0] = (int) v;
        c.gpr[2] = (int) (v >>> 32);
    }

    private void wrmsr() {
        long msr = c.gpr[1] & 0xFFFF_FFFFL;
        if (controls.msrExits(msr, true)) {
            exitFor(CpuExit.Kind.WRMSR);
            return;
        }
        if (!msrs.exists(msr)) throw fault(13);
        msrs.write(msr, (c.gpr[0] & 0xFFFF_FFFFL) | ((long) c.gpr[2] << 32));
    }

    private void io(boolean in, int port, int size, boolean immediate) {
        if (!controls.ioExits(port)) {
            // Not intercepted: the access reaches no device in this machine; reads float high (all ones).
            if (in) setRegSized(0, size, -1);
            return;
        }
        exit.port = port;
        exit.size = size;
        exit.in = in;
        exit.immediate = immediate;
        exit.count = 1;
        if (!in) exit.data[0] = c.gpr[0] & LazyFlags.mask(size) & 0xFFFF_FFFFL;
        exitFor(CpuExit.Kind.IO);
    }

    /**
     * INS/OUTS: one exit carries up to a page of elements, as KVM's emulator batches them in its PIO page.
     * Every element of the batch is checked first (segment limit, inside RAM), so completion cannot fault:
     * a batch stops before the first element that would, and that element then faults (or, for OUTS from
     * MMIO, makes a one-element MMIO read exit) when the instruction runs again.
     */
    private void stringIo(boolean in, int size) {
        int port = c.gpr[2] & 0xFFFF;
        boolean rep = repPrefix != 0;
        long remaining = rep ? counter() : 1;
        if (remaining == 0) return;
        int seg = in ? Seg.ES : dataSeg();
        int off = in ? index(Reg.EDI) : index(Reg.ESI);
        int step = (c.flagsOther & Cpu.DF) != 0 ? -size : size;
        long base = c.segBase[seg] & 0xFFFF_FFFFL;
        long lin = base + (off & 0xFFFF_FFFFL);
        long inPage = step > 0 ? (4096 - (lin & 0xFFF)) / size : (lin & 0xFFF) / size + 1;
        long batch = Math.min(Math.min(remaining, unitsLeft()), Math.min(inPage, CpuExit.MAX_ELEMENTS / size));
        int count = (int) Math.max(1, batch);
        long limit = c.segLimit[seg] & 0xFFFF_FFFFL;
        for (int i = 0; i < count; i++) {
            long o = wrapIndex(off + i * step) & 0xFFFF_FFFFL;
            if (o + size - 1 > limit) {
                if (i == 0) throw fault(seg == Seg.SS ? 12 : 13);
                count = i;
                break;
            }
            if (base + o + size > ramSize) {
                if (i > 0) {
                    count = i;
                    break;
                }
                if (in) {
                    unsupported(0x6C, -1);
                    exit.detail = String.format("INS into guest-physical 0x%x, outside RAM", base + o);
                    return;
                }
                count = 1; // OUTS from MMIO: one element, read through an MMIO exit
                break;
            }
        }
        c.instructions += count - 1; // one unit per element (the run loop counts the first)
        if (!controls.ioExits(port)) {
            // Not intercepted: no device answers in this machine; reads float high, writes vanish (as IN/OUT).
            if (in) java.util.Arrays.fill(exit.data, 0, count, 0xFFFF_FFFFL);
            finishStringIo(in, size, count, rep, addr32);
            if (rep && counter() != 0) c.eip = startIp;
            return;
        }
        exit.port = port;
        exit.size = size;
        exit.in = in;
        exit.string = true;
        exit.rep = rep;
        exit.count = count;
        exit.linearAddress = lin;
        exit.addr32 = addr32;
        if (!in) {
            for (int i = 0; i < count; i++) exit.data[i] = readSized(seg, wrapIndex(off + i * step), size) & 0xFFFF_FFFFL;
        }
        exitFor(CpuExit.Kind.IO);
    }

    /**
     * Finish an I/O exit once the device has answered (IN/INS data in {@link CpuExit#data}): write the
     * destination, advance the string registers, and skip the instruction unless a REP count remains
     * (then the instruction runs again, as KVM re-enters with RIP unchanged).
     */
    public void completeIo() {
        CpuExit e = exit;
        if (!e.string) {
            if (e.in) setRegSized(0, e.size, (int) e.data[0]);
            c.eip = e.ip + e.instructionLength;
            return;
        }
        finishStringIo(e.in, e.size, e.count, e.rep, e.addr32);
        c.eip = e.rep && counter() != 0 ? e.ip : e.ip + e.instructionLength;
        addr32 = false; // back to the between-instructions default
    }

    /** Store INS data at ES:DI (checked by {@link #stringIo}), advance DI or SI and, with REP, count down. */
    private void finishStringIo(boolean in, int size, int count, boolean rep, boolean a32) {
        addr32 = a32;
        int step = (c.flagsOther & Cpu.DF) != 0 ? -size : size;
        if (in) {
            int off = index(Reg.EDI);
            for (int i = 0; i < count; i++) writeSized(Seg.ES, wrapIndex(off + i * step), size, (int) exit.data[i]);
            setIndex(Reg.EDI, off + count * step);
        } else {
            setIndex(Reg.ESI, index(Reg.ESI) + count * step);
        }
        if (rep) setCounter(counter() - count);
    }

    /** Skip the exiting instruction (KVM's kvm_skip_emulated_instruction). */
    public void skipInstruction() {
        if (exitCompleted) return;
        c.eip = exit.ip + exit.instructionLength;
    }

    /** Resume after an MMIO exit: a write already completed; a read restarts with the device's answer. */
    public void completeMmio(long readValue) {
        if (exit.kind != CpuExit.Kind.MMIO || exit.mmioWrite) return;
        int i = 0;
        while (i < mmioAnswers && mmioAnswerGpa[i] != exit.gpa) i++;
        if (i == MAX_MMIO_READS) { // more distinct reads than any one instruction makes: forget the oldest
            System.arraycopy(mmioAnswerGpa, 1, mmioAnswerGpa, 0, MAX_MMIO_READS - 1);
            System.arraycopy(mmioAnswer, 1, mmioAnswer, 0, MAX_MMIO_READS - 1);
            i = MAX_MMIO_READS - 1;
        }
        mmioAnswerGpa[i] = exit.gpa;
        mmioAnswer[i] = readValue;
        if (i == mmioAnswers) mmioAnswers++;
    }

    /**
     * VM-entry event injection of the last exit's exception (KVM re-injects what the exception bitmap
     * intercepted): delivered through the IVT without consulting the exception bitmap again.
     */
    public void injectException() {
        int v = exit.vector;
        boolean soft = exit.softwareException;
        startIp = exit.ip;
        int returnIp = soft ? exit.ip + exit.instructionLength : exit.ip;
        exit.clear();
        exited = false;
        deliverException(v, returnIp, soft, true);
        exitPending = exit.kind != CpuExit.Kind.NONE; // a triple fault, an intercepted #DF, a frame into MMIO
        setupFetch();
    }

    // ------------------------------------------------------------------------------------------------
    // Exceptions and interrupts (real-address mode: SDM Vol. 3A §21.1.4 and Vol. 2 "INT n")

    private Interrupted fault(int vector) {
        interrupted.why = Interrupted.FAULT;
        interrupted.vector = vector;
        return interrupted;
    }

    /**
     * Deliver exception {@code vector}, turning delivery failures (vector beyond the IDT limit, a frame that
     * does not fit the stack) into #GP or #SS, then #DF, then a triple fault (SDM 3A §7.15, Table 7-5).
     */
    private void raiseException(int vector, int returnIp, boolean software) {
        deliverException(vector, returnIp, software, false);
    }

    /** @param injected VM-entry event injection: the injected vector itself is not checked against the exception bitmap */
    private void deliverException(int vector, int returnIp, boolean software, boolean injected) {
        int v = vector;
        boolean soft = software;
        for (boolean first = true;; first = false) {
            if (!(first && injected) && (controls.exceptionBitmap() & (1 << v)) != 0) {
                exit.vector = v;
                exit.softwareException = soft;
                c.eip = startIp;
                captureBytes();
                exitFor(CpuExit.Kind.EXCEPTION);
                exit.instructionLength = soft ? returnIp - startIp : 0;
                return;
            }
            int second;
            try {
                if (deliverInterrupt(v, soft ? returnIp : startIp, true)) return;
                second = 13;
            } catch (Interrupted i) {
                if (i.why != Interrupted.FAULT) return; // delivery stopped the VM (exit already filled in)
                second = i.vector;
            }
            if (v == 8) {
                c.eip = startIp;
                exitFor(CpuExit.Kind.TRIPLE_FAULT);
                exit.instructionLength = 0;
                return;
            }
            // The failed delivery raised a contributory fault: after a contributory one (or #PF) that is #DF,
            // after a benign one it is handled serially
            v = isContributory(v) || v == 14 ? 8 : second;
            soft = false;
        }
    }

    private static boolean isContributory(int v) {
        return v == 0 || v == 10 || v == 11 || v == 12 || v == 13;
    }

    /** Push FLAGS, CS, IP and vector through the IVT. Returns false if the vector lies beyond the IDT limit. */
    private boolean deliverInterrupt(int vector, int returnIp, boolean exception) {
        int entry = vector * 4;
        if (entry + 3 > c.idtrLimit) {
            if (!exception) throw fault(13);
            return false;
        }
        long base = c.idtrBase & 0xFFFF_FFFFL;
        int newIp = readPhys16(base + entry);
        int newCs = readPhys16(base + entry + 2);
        // the whole frame must fit below SP before anything is pushed, or nothing is (#SS)
        int sp = c.gpr[Reg.ESP];
        for (int k = 2; k <= 6; k += 2) {
            if (((sp - k) & 0xFFFF) + 1 > (c.segLimit[Seg.SS] & 0xFFFF_FFFFL)) throw fault(12);
        }
        for (int k = 2; k <= 6; k += 2) {
            long at = (c.segBase[Seg.SS] & 0xFFFF_FFFFL) + ((sp - k) & 0xFFFF);
            if (at + 2 > ramSize) frameOutsideRam(vector, at);
        }
        push16(c.eflags());
        push16(c.selector[Seg.CS]);
        push16(returnIp);
        c.flagsOther &= ~(Cpu.IF | Cpu.TF | Cpu.AC);
        c.loadSegment(Seg.CS, newCs);
        c.eip = newIp;
        setupFetch();
        return true;
    }

    /**
     * The interrupt frame would go to MMIO. Hardware would write it to the device; on VMX the EPT misconfiguration
     * during event delivery makes KVM give up with KVM_EXIT_INTERNAL_ERROR, suberror KVM_INTERNAL_ERROR_DELIVERY_EV
     * (Linux arch/x86/kvm/vmx/vmx.c, __vmx_handle_exit). The simulator stops the VM the same way.
     */
    private void frameOutsideRam(int vector, long at) {
        c.eip = startIp;
        exit.detail = String.format("delivering vector %d pushes its frame to guest-physical 0x%x, outside RAM "
                + "(KVM: internal error, event delivery)", vector, at);
        captureBytes();
        exitFor(CpuExit.Kind.UNSUPPORTED);
        exit.instructionLength = 0;
        interrupted.why = 0;
        throw interrupted;
    }

    private int readPhys16(long gpa) {
        if (gpa + 2 > ramSize) return 0xFFFF;
        return (ram[(int) gpa] & 0xFF) | (ram[(int) gpa + 1] & 0xFF) << 8;
    }

    private void iret() {
        int ip = pop();
        int cs = pop();
        int f = pop();
        farJump(cs, ip);
        if (op32) {
            c.setEflags((c.eflags() & ~Cpu.POPF_MASK) | (f & Cpu.POPF_MASK));
        } else {
            c.setEflags((c.eflags() & 0xFFFF_0000) | (f & 0xFFFF));
        }
    }

    private void popf() {
        int f = pop();
        if (op32) c.setEflags((c.eflags() & ~Cpu.POPF_MASK) | (f & Cpu.POPF_MASK));
        else c.setEflags((c.eflags() & 0xFFFF_0000) | (f & 0xFFFF));
    }

    // ------------------------------------------------------------------------------------------------
    // Control flow

    private void jumpRelative(int rel) {
        c.eip = op32 ? c.eip + rel : (c.eip + rel) & 0xFFFF;
    }

    private void farJump(int cs, int ip) {
        c.loadSegment(Seg.CS, cs);
        c.eip = op32 ? ip : ip & 0xFFFF;
        setupFetch();
    }

    private boolean condition(int cc) {
        LazyFlags f = c.arith;
        boolean r;
        switch (cc >> 1) {
            case 0: r = f.of(); break;
            case 1: r = f.cf(); break;
            case 2: r = f.zf(); break;
            case 3: r = f.cf() || f.zf(); break;
            case 4: r = f.sf(); break;
            case 5: r = f.pf(); break;
            case 6: r = f.sf() != f.of(); break;
            default: r = f.zf() || f.sf() != f.of();
        }
        return (cc & 1) == 0 ? r : !r;
    }

    private void loop(int op) {
        int rel = signExtend8(fetch8());
        if (op == 0xE3) {
            if (counter() == 0) jumpRelative(rel);
            return;
        }
        long left = counter() - 1;
        setCounter(left);
        boolean taken = left != 0;
        if (op == 0xE1) taken &= c.arith.zf();
        if (op == 0xE0) taken &= !c.arith.zf();
        if (taken) jumpRelative(rel);
    }

    /** ENTER imm16, imm8 with a 16-bit stack (SDM Vol. 2 "ENTER"), nesting levels included. */
    private void enter() {
        int alloc = fetch16();
        int level = fetch8() & 31;
        push(regV(Reg.EBP));
        int frameTemp = c.gpr[Reg.ESP] & 0xFFFF;
        if (level > 0) {
            int bp = c.gpr[Reg.EBP];
            for (int i = 1; i < level; i++) { // copy the enclosing frames' display
                bp = (bp - opSize()) & 0xFFFF;
                push(readV(Seg.SS, bp));
            }
            push(frameTemp);
        }
        setRegV(Reg.EBP, frameTemp);
        adjustSp(-alloc);
    }

    private void leave() {
        c.setReg16(Reg.ESP, c.gpr[Reg.EBP]);
        setRegV(Reg.EBP, pop());
    }

    private void pusha() {
        int sp = regV(Reg.ESP);
        for (int r = 0; r < 8; r++) push(r == Reg.ESP ? sp : regV(r));
    }

    private void popa() {
        for (int r = 7; r >= 0; r--) {
            int v = pop();
            if (r != Reg.ESP) setRegV(r, v);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // ALU

    // 00-3F: the eight ALU operations (ADD OR ADC SBB AND SUB XOR CMP = kind) in their six forms; CMP (7)
    // writes nothing back

    private void aluEbGb(int kind) {
        decodeModrm();
        int r = alu(kind, 1, readE8(), reg8(regField));
        if (kind != 7) writeE8(r);
    }

    private void aluEvGv(int kind) {
        decodeModrm();
        int r = alu(kind, opSize(), readEv(), regV(regField));
        if (kind != 7) writeEv(r);
    }

    private void aluGbEb(int kind) {
        decodeModrm();
        int r = alu(kind, 1, reg8(regField), readE8());
        if (kind != 7) c.setReg8(regField, r);
    }

    private void aluGvEv(int kind) {
        decodeModrm();
        int r = alu(kind, opSize(), regV(regField), readEv());
        if (kind != 7) setRegV(regField, r);
    }

    private void aluAlIb(int kind) {
        int r = alu(kind, 1, c.gpr[0] & 0xFF, fetch8());
        if (kind != 7) c.setReg8(0, r);
    }

    private void aluAxIv(int kind) {
        int r = alu(kind, opSize(), regV(0), fetchV());
        if (kind != 7) setRegV(0, r);
    }

    private void incReg(int r) {
        setRegV(r, incDec(regV(r), opSize(), INC));
    }

    private void decReg(int r) {
        setRegV(r, incDec(regV(r), opSize(), DEC));
    }

    private void jccShort(int cc) {
        int rel = signExtend8(fetch8());
        if (condition(cc)) jumpRelative(rel);
    }

    private void jccNear(int cc) {
        int rel = fetchV();
        if (condition(cc)) jumpRelative(rel);
    }

    private void group1(int size, int imm) {
        int r = alu(regField, size, readSizedE(size), imm);
        if (regField != 7) writeSizedE(size, r);
    }

    /** ADD OR ADC SBB AND SUB XOR CMP, in /reg order. Operands masked to size; returns the masked result. */
    private int alu(int kind, int size, int dst, int src) {
        int m = LazyFlags.mask(size);
        dst &= m;
        src &= m;
        int res;
        switch (kind) {
            case 0: res = (dst + src) & m; c.arith.set(ADD, size, dst, src, res); return res;
            case 1: res = dst | src; c.arith.set(LOGIC, size, dst, src, res); return res;
            case 2: { int cin = c.arith.cf() ? 1 : 0; res = (dst + src + cin) & m; c.arith.set(ADC, size, dst, src, res, cin); return res; }
            case 3: { int cin = c.arith.cf() ? 1 : 0; res = (dst - src - cin) & m; c.arith.set(SBB, size, dst, src, res, cin); return res; }
            case 4: res = dst & src; c.arith.set(LOGIC, size, dst, src, res); return res;
            case 5: case 7: res = (dst - src) & m; c.arith.set(SUB, size, dst, src, res); return res;
            default: res = dst ^ src; c.arith.set(LOGIC, size, dst, src, res); return res;
        }
    }

    private void logic(int res, int size) {
        res &= LazyFlags.mask(size);
        c.arith.set(LOGIC, size, res, res, res);
    }

    private int incDec(int v, int size, int kind) {
        int m = LazyFlags.mask(size);
        int cf = c.arith.cf() ? 1 : 0;
        v &= m;
        int res = (kind == INC ? v + 1 : v - 1) & m;
        c.arith.set(kind, size, v, 1, res, cf);
        return res;
    }

    /** Shifts and rotates (C0, C1, D0-D3); flags per the SDM "RCL/RCR/ROL/ROR" and "SAL/SAR/SHL/SHR" pages. */
    private void group2(int size, int rawCount) {
        int count = rawCount & 0x1F;
        int v = readSizedE(size);
        if (count == 0) return;
        int bits = size * 8;
        long m = LazyFlags.mask(size) & 0xFFFF_FFFFL; // as longs: an int mask/sign bit would sign-extend for 32-bit
        long sb = LazyFlags.signBit(size) & 0xFFFF_FFFFL;
        long x = v & m;
        int flags = c.arith.get();
        boolean cf = (flags & CF) != 0;
        long res;
        boolean of;
        switch (regField) {
            case 0: { // ROL
                int n = count % bits;
                res = ((x << n) | (x >>> (bits - n))) & m;
                cf = (res & 1) != 0;
                of = ((res & sb) != 0) ^ cf;
                flags = rotateFlags(flags, cf, of);
                break;
            }
            case 1: { // ROR
                int n = count % bits;
                res = ((x >>> n) | (x << (bits - n))) & m;
                cf = (res & sb) != 0;
                of = ((res & sb) != 0) ^ ((res & (sb >>> 1)) != 0);
                flags = rotateFlags(flags, cf, of);
                break;
            }
            case 2: { // RCL: rotate through CF, width bits+1
                int n = count % (bits + 1);
                res = x;
                for (int i = 0; i < n; i++) {
                    boolean out = (res & sb) != 0;
                    res = ((res << 1) | (cf ? 1 : 0)) & m;
                    cf = out;
                }
                of = ((res & sb) != 0) ^ cf;
                flags = rotateFlags(flags, cf, of);
                break;
            }
            case 3: { // RCR
                int n = count % (bits + 1);
                res = x;
                of = ((res & sb) != 0) ^ cf;
                for (int i = 0; i < n; i++) {
                    boolean out = (res & 1) != 0;
                    res = (res >>> 1) | (cf ? sb : 0);
                    cf = out;
                }
                flags = rotateFlags(flags, cf, of);
                break;
            }
            case 4: case 6: { // SHL/SAL
                res = (x << count) & m;
                cf = count <= bits && ((x << (count - 1)) & sb) != 0;
                of = ((res & sb) != 0) ^ cf;
                flags = shiftFlags(res, size, cf, of);
                break;
            }
            case 5: { // SHR
                res = count >= 64 ? 0 : x >>> count;
                cf = count <= bits && ((x >>> (count - 1)) & 1) != 0;
                of = (x & sb) != 0;
                flags = shiftFlags(res, size, cf, of);
                break;
            }
            default: { // SAR
                long sx = size == 1 ? (byte) x : size == 2 ? (short) x : (int) x;
                res = (sx >> Math.min(count, 63)) & m;
                cf = ((sx >> Math.min(count - 1, 63)) & 1) != 0;
                of = false;
                flags = shiftFlags(res, size, cf, of);
            }
        }
        c.arith.setEager(flags);
        writeSizedE(size, (int) res);
    }

    private static int rotateFlags(int flags, boolean cf, boolean of) {
        flags &= ~(CF | OF);
        return flags | (cf ? CF : 0) | (of ? OF : 0);
    }

    private static int shiftFlags(long res, int size, boolean cf, boolean of) {
        int f = 0;
        if (cf) f |= CF;
        if (of) f |= OF;
        if ((res & LazyFlags.mask(size) & 0xFFFF_FFFFL) == 0) f |= LazyFlags.ZF;
        if ((res & LazyFlags.signBit(size) & 0xFFFF_FFFFL) != 0) f |= LazyFlags.SF;
        if ((Long.bitCount(res & 0xFF) & 1) == 0) f |= LazyFlags.PF;
        return f;
    }

    /** F6/F7: TEST, NOT, NEG, MUL, IMUL, DIV, IDIV. */
    private void group3(int size) {
        int m = LazyFlags.mask(size);
        switch (regField) {
            case 0: case 1: { int imm = fetchSized(size); logic(readSizedE(size) & imm, size); return; }
            case 2: writeSizedE(size, ~readSizedE(size)); return;
            case 3: { int v = readSizedE(size) & m; int res = -v & m; c.arith.set(SUB, size, 0, v, res, 0); writeSizedE(size, res); return; }
            case 4: case 5: multiply(size, readSizedE(size), regField == 5); return;
            default: divide(size, readSizedE(size), regField == 7);
        }
    }

    private void multiply(int size, int src, boolean signed) {
        long a, b, p;
        boolean overflow;
        int m = LazyFlags.mask(size);
        if (size == 1) {
            a = signed ? (byte) c.gpr[0] : c.gpr[0] & 0xFF;
            b = signed ? (byte) src : src & 0xFF;
            p = a * b;
            c.setReg16(0, (int) p);
            overflow = signed ? p != (byte) p : (p & 0xFF00) != 0;
        } else if (size == 2) {
            a = signed ? (short) c.gpr[0] : c.gpr[0] & 0xFFFF;
            b = signed ? (short) src : src & 0xFFFF;
            p = a * b;
            c.setReg16(0, (int) p);
            c.setReg16(2, (int) (p >> 16));
            overflow = signed ? p != (short) p : (p & 0xFFFF_0000L) != 0;
        } else {
            a = signed ? c.gpr[0] : c.gpr[0] & 0xFFFF_FFFFL;
            b = signed ? src : src & 0xFFFF_FFFFL;
            p = a * b;
            c.gpr[0] = (int) p;
            c.gpr[2] = (int) (p >>> 32);
            overflow = signed ? p != (int) p : (p >>> 32) != 0;
        }
        // CF = OF = the upper half is significant; SF ZF PF are undefined by the SDM: taken from the low half
        c.arith.setEager(shiftFlags(p & m, size, overflow, overflow));
    }

    private int imul3(int a, int b) {
        int size = opSize();
        long p = size == 2 ? (long) (short) a * (short) b : (long) a * b;
        boolean overflow = size == 2 ? p != (short) p : p != (int) p;
        int m = LazyFlags.mask(size);
        c.arith.setEager(shiftFlags(p & m, size, overflow, overflow));
        return (int) p & m;
    }

    private void divide(int size, int src, boolean signed) {
        if (size == 1) {
            int dividend = c.gpr[0] & 0xFFFF;
            int d = src & 0xFF;
            if (d == 0) throw fault(0);
            int q, r;
            if (signed) {
                q = (short) dividend / (byte) d;
                r = (short) dividend % (byte) d;
                if (q != (byte) q) throw fault(0);
            } else {
                q = dividend / d;
                r = dividend % d;
                if (q > 0xFF) throw fault(0);
            }
            c.setReg16(0, (q & 0xFF) | (r & 0xFF) << 8);
        } else if (size == 2) {
            long dividend = ((long) (c.gpr[2] & 0xFFFF) << 16) | (c.gpr[0] & 0xFFFF);
            int d = src & 0xFFFF;
            if (d == 0) throw fault(0);
            long q, r;
            if (signed) {
                q = (int) dividend / (long) (short) d;
                r = (int) dividend % (long) (short) d;
                if (q != (short) q) throw fault(0);
            } else {
                q = dividend / d;
                r = dividend % d;
                if (q > 0xFFFF) throw fault(0);
            }
            c.setReg16(0, (int) q);
            c.setReg16(2, (int) r);
        } else {
            long hi = c.gpr[2] & 0xFFFF_FFFFL, lo = c.gpr[0] & 0xFFFF_FFFFL;
            if (src == 0) throw fault(0);
            long q, r;
            if (signed) {
                long dd = (hi << 32) | lo;
                if (dd == Long.MIN_VALUE && src == -1) throw fault(0);
                q = dd / src;
                r = dd % src;
                if (q != (int) q) throw fault(0);
            } else {
                long divisor = src & 0xFFFF_FFFFL;
                if (hi >= divisor) throw fault(0); // quotient would not fit 32 bits
                q = Long.divideUnsigned((hi << 32) | lo, divisor);
                r = Long.remainderUnsigned((hi << 32) | lo, divisor);
            }
            c.gpr[0] = (int) q;
            c.gpr[2] = (int) r;
        }
    }

    /** FE: INC/DEC Eb. */
    private void group4() {
        if (regField > 1) throw fault(6); // FE /2../7 are undefined: #UD
        writeE8(incDec(readE8(), 1, regField == 0 ? INC : DEC));
    }

    /** FF: INC, DEC, CALL near, CALL far, JMP near, JMP far, PUSH. */
    private void group5() {
        switch (regField) {
            case 0: writeEv(incDec(readEv(), opSize(), INC)); return;
            case 1: writeEv(incDec(readEv(), opSize(), DEC)); return;
            case 2: { int t = readEv(); push(c.eip); c.eip = op32 ? t : t & 0xFFFF; return; }
            case 3: case 5: {
                if (eaReg) throw fault(6);
                int ip = readV(eaSeg, eaOff);
                int cs = read16(eaSeg, eaOff + (op32 ? 4 : 2));
                if (regField == 3) {
                    push(c.selector[Seg.CS]);
                    push(c.eip);
                }
                farJump(cs, ip);
                return;
            }
            case 4: { int t = readEv(); c.eip = op32 ? t : t & 0xFFFF; return; }
            case 6: push(readEv()); return;
            default: throw fault(6); // FF /7 is undefined: #UD
        }
    }

    // ------------------------------------------------------------------------------------------------
    // String instructions (MOVS, CMPS, STOS, LODS, SCAS) with REP/REPE/REPNE

    private void stringOp(int op, int size) {
        boolean rep = repPrefix != 0;
        if (rep && counter() == 0) return;
        int step = (c.flagsOther & Cpu.DF) != 0 ? -size : size;
        int src = dataSeg();
        for (;;) {
            switch (op) {
                case 0xA4: case 0xA5:
                    writeSized(Seg.ES, index(Reg.EDI), size, readSized(src, index(Reg.ESI), size));
                    setIndex(Reg.ESI, index(Reg.ESI) + step);
                    setIndex(Reg.EDI, index(Reg.EDI) + step);
                    break;
                case 0xA6: case 0xA7:
                    alu(7, size, readSized(src, index(Reg.ESI), size), readSized(Seg.ES, index(Reg.EDI), size));
                    setIndex(Reg.ESI, index(Reg.ESI) + step);
                    setIndex(Reg.EDI, index(Reg.EDI) + step);
                    break;
                case 0xAA: case 0xAB:
                    writeSized(Seg.ES, index(Reg.EDI), size, c.gpr[0]);
                    setIndex(Reg.EDI, index(Reg.EDI) + step);
                    break;
                case 0xAC: case 0xAD:
                    setRegSized(0, size, readSized(src, index(Reg.ESI), size));
                    setIndex(Reg.ESI, index(Reg.ESI) + step);
                    break;
                default: // SCAS
                    alu(7, size, c.gpr[0], readSized(Seg.ES, index(Reg.EDI), size));
                    setIndex(Reg.EDI, index(Reg.EDI) + step);
            }
            if (!rep) return;
            long left = counter() - 1;
            setCounter(left);
            if (left == 0) return;
            boolean compares = op == 0xA6 || op == 0xA7 || op == 0xAE || op == 0xAF;
            if (compares && (repPrefix == 0xF3) != c.arith.zf()) return;
            if (exit.kind != CpuExit.Kind.NONE || c.instructions + 1 >= runEnd) {
                c.eip = startIp; // more to do: run the instruction again after the exit, or on the next run
                return;
            }
            c.instructions++; // the next iteration is one more unit of the budget
        }
    }

    /** Budget units this instruction may still use, itself included (at least 1 inside {@link #run}). */
    private long unitsLeft() {
        return Math.max(1, runEnd - c.instructions);
    }

    /** CX or ECX by address size. */
    private long counter() {
        return addr32 ? c.gpr[Reg.ECX] & 0xFFFF_FFFFL : c.gpr[Reg.ECX] & 0xFFFF;
    }

    private void setCounter(long v) {
        if (addr32) c.gpr[Reg.ECX] = (int) v;
        else c.setReg16(Reg.ECX, (int) v);
    }

    /** SI/DI or ESI/EDI by address size. */
    private int index(int r) {
        return addr32 ? c.gpr[r] : c.gpr[r] & 0xFFFF;
    }

    /** An SI/DI-relative offset wrapped by the address size. */
    private int wrapIndex(int off) {
        return addr32 ? off : off & 0xFFFF;
    }

    private void setIndex(int r, int v) {
        if (addr32) c.gpr[r] = v;
        else c.setReg16(r, v);
    }

    // ------------------------------------------------------------------------------------------------
    // Operand decoding

    private int opSize() {
        return op32 ? 4 : 2;
    }

    private int dataSeg() {
        return segOverride >= 0 ? segOverride : Seg.DS;
    }

    private void checkSreg(int s) {
        if (s > 5) throw fault(6);
    }

    /** ModR/M: the register form inline (small enough for the JIT to inline everywhere), memory forms apart. */
    private void decodeModrm() {
        int m = fetch8();
        regField = (m >> 3) & 7;
        rm = m & 7;
        if (m >= 0xC0) {
            eaReg = true;
            return;
        }
        mod = m >> 6;
        eaReg = false;
        if (addr32) decodeModrm32();
        else decodeModrm16();
    }

    private void decodeModrm16() {
        int off;
        int seg = Seg.DS;
        switch (rm) {
            case 0: off = c.gpr[3] + c.gpr[6]; break;
            case 1: off = c.gpr[3] + c.gpr[7]; break;
            case 2: off = c.gpr[5] + c.gpr[6]; seg = Seg.SS; break;
            case 3: off = c.gpr[5] + c.gpr[7]; seg = Seg.SS; break;
            case 4: off = c.gpr[6]; break;
            case 5: off = c.gpr[7]; break;
            case 6:
                if (mod == 0) {
                    off = fetch16();
                } else {
                    off = c.gpr[5];
                    seg = Seg.SS;
                }
                break;
            default: off = c.gpr[3];
        }
        if (mod == 1) off += signExtend8(fetch8());
        else if (mod == 2) off += fetch16();
        eaOff = off & 0xFFFF;
        eaSeg = segOverride >= 0 ? segOverride : seg;
    }

    private void decodeModrm32() {
        int seg = Seg.DS;
        int off;
        if (rm == 4) {
            int sib = fetch8();
            int scale = sib >> 6, idx = (sib >> 3) & 7, base = sib & 7;
            if (base == 5 && mod == 0) {
                off = fetch32();
            } else {
                off = c.gpr[base];
                if (base == 4 || base == 5) seg = Seg.SS;
            }
            if (idx != 4) off += c.gpr[idx] << scale;
        } else if (rm == 5 && mod == 0) {
            off = fetch32();
        } else {
            off = c.gpr[rm];
            if (rm == 5) seg = Seg.SS;
        }
        if (mod == 1) off += signExtend8(fetch8());
        else if (mod == 2) off += fetch32();
        eaOff = off;
        eaSeg = segOverride >= 0 ? segOverride : seg;
    }

    private int fetchAddr() {
        return addr32 ? fetch32() : fetch16();
    }

    private int reg8(int r) {
        return c.reg8(r);
    }

    private int regV(int r) {
        return op32 ? c.gpr[r] : c.gpr[r] & 0xFFFF;
    }

    private void setRegV(int r, int v) {
        if (op32) c.gpr[r] = v;
        else c.setReg16(r, v);
    }

    private void setRegSized(int r, int size, int v) {
        if (size == 1) c.setReg8(r, v);
        else if (size == 2) c.setReg16(r, v);
        else c.gpr[r] = v;
    }

    private int readE8() {
        return eaReg ? c.reg8(rm) : read8(eaSeg, eaOff);
    }

    private int readE16() {
        return eaReg ? c.gpr[rm] & 0xFFFF : read16(eaSeg, eaOff);
    }

    private int readEv() {
        return eaReg ? regV(rm) : readV(eaSeg, eaOff);
    }

    private void writeE8(int v) {
        if (eaReg) c.setReg8(rm, v);
        else write8(eaSeg, eaOff, v);
    }

    private void writeE16(int v) {
        if (eaReg) c.setReg16(rm, v);
        else write16(eaSeg, eaOff, v);
    }

    private void writeEv(int v) {
        if (eaReg) setRegV(rm, v);
        else writeV(eaSeg, eaOff, v);
    }

    private int readSizedE(int size) {
        if (size == 1) return readE8();
        return eaReg ? (size == 2 ? c.gpr[rm] & 0xFFFF : c.gpr[rm]) : readSized(eaSeg, eaOff, size);
    }

    private void writeSizedE(int size, int v) {
        if (size == 1) writeE8(v);
        else if (eaReg) setRegSized(rm, size, v);
        else writeSized(eaSeg, eaOff, size, v);
    }

    private static int signExtend8(int v) {
        return (byte) v;
    }

    // ------------------------------------------------------------------------------------------------
    // Instruction fetch

    /**
     * Set up instruction fetch: fetchEnd = the first EIP that is beyond the CS limit or outside RAM, so the
     * fast path is a single unsigned compare. Redone when CS changes: far transfers and interrupt delivery
     * here (always an instruction's last action), and on entry to {@link #run} for changes by the caller.
     */
    private void setupFetch() {
        int base = c.segBase[Seg.CS];
        fetchBase = base;
        long end = Math.min((c.segLimit[Seg.CS] & 0xFFFF_FFFFL) + 1, ramSize - (base & 0xFFFF_FFFFL));
        fetchEnd = (int) Math.max(0, end);
    }

    private int fetch8() {
        int ip = c.eip;
        if (Integer.compareUnsigned(ip, fetchEnd) >= 0) fetchSlow(ip);
        c.eip = ip + 1;
        return ram[fetchBase + ip] & 0xFF;
    }

    private int peek8() {
        int ip = c.eip;
        if (Integer.compareUnsigned(ip, fetchEnd) >= 0) fetchSlow(ip);
        return ram[fetchBase + ip] & 0xFF;
    }

    /** EIP beyond the CS limit raises #GP(0) (SDM Vol. 3A §21.1.1); a fetch from outside RAM cannot be done. */
    private void fetchSlow(int ip) {
        if (Integer.compareUnsigned(ip, c.segLimit[Seg.CS]) > 0) throw fault(13);
        fetchOutsideRam((c.segBase[Seg.CS] & 0xFFFF_FFFFL) + (ip & 0xFFFF_FFFFL));
    }

    private int fetch16() {
        int lo = fetch8();
        return lo | fetch8() << 8;
    }

    private int fetch32() {
        int lo = fetch16();
        return lo | fetch16() << 16;
    }

    private int fetchV() {
        return op32 ? fetch32() : fetch16();
    }

    private int fetchSized(int size) {
        return size == 1 ? fetch8() : size == 2 ? fetch16() : fetch32();
    }

    /** Executing from a guest-physical address with no RAM: KVM's emulator cannot fetch it either. */
    private void fetchOutsideRam(long lin) {
        c.eip = startIp;
        exit.detail = String.format("instruction fetch from guest-physical 0x%x, outside RAM (0x%x bytes)", lin, ramSize);
        exit.byteCount = 0;
        exitFor(CpuExit.Kind.UNSUPPORTED);
        exit.instructionLength = 0;
        interrupted.why = 0;
        throw interrupted;
    }

    // ------------------------------------------------------------------------------------------------
    // Data memory: RAM directly, anything else is MMIO (an EPT violation/misconfiguration exit)

    /**
     * Segment base + offset after the limit check, which real mode keeps (SDM Vol. 3A §21.1.1): an operand any
     * byte of which lies beyond the limit raises #GP(0), or #SS(0) for SS. Callers pass offsets already wrapped
     * by the address size (16-bit effective addresses wrap at 64 KiB); only a multi-part operand's second
     * part (LES, far pointers, LGDT) can then step past 0xFFFF, which faults as on hardware.
     */
    private long linear(int seg, int off, int size) {
        long o = off & 0xFFFF_FFFFL;
        if (o + (size - 1) > (c.segLimit[seg] & 0xFFFF_FFFFL)) throw fault(seg == Seg.SS ? 12 : 13);
        return (c.segBase[seg] & 0xFFFF_FFFFL) + o;
    }

    private int read8(int seg, int off) {
        long a = linear(seg, off, 1);
        if (a < ramSize) return ram[(int) a] & 0xFF;
        return (int) mmioRead(a, 1);
    }

    private int read16(int seg, int off) {
        long a = linear(seg, off, 2);
        if (a + 2 <= ramSize) {
            int i = (int) a;
            return (ram[i] & 0xFF) | (ram[i + 1] & 0xFF) << 8;
        }
        return (int) mmioRead(a, 2);
    }

    private int read32(int seg, int off) {
        long a = linear(seg, off, 4);
        if (a + 4 <= ramSize) {
            int i = (int) a;
            return (ram[i] & 0xFF) | (ram[i + 1] & 0xFF) << 8 | (ram[i + 2] & 0xFF) << 16 | (ram[i + 3] & 0xFF) << 24;
        }
        return (int) mmioRead(a, 4);
    }

    private int readV(int seg, int off) {
        return op32 ? read32(seg, off) : read16(seg, off);
    }

    private int readSized(int seg, int off, int size) {
        return size == 1 ? read8(seg, off) : size == 2 ? read16(seg, off) : read32(seg, off);
    }

    private void write8(int seg, int off, int v) {
        long a = linear(seg, off, 1);
        if (a < ramSize) ram[(int) a] = (byte) v;
        else mmioWrite(a, 1, v & 0xFF);
    }

    private void write16(int seg, int off, int v) {
        long a = linear(seg, off, 2);
        if (a + 2 <= ramSize) {
            int i = (int) a;
            ram[i] = (byte) v;
            ram[i + 1] = (byte) (v >>> 8);
        } else {
            mmioWrite(a, 2, v & 0xFFFF);
        }
    }

    private void write32(int seg, int off, int v) {
        long a = linear(seg, off, 4);
        if (a + 4 <= ramSize) {
            int i = (int) a;
            ram[i] = (byte) v;
            ram[i + 1] = (byte) (v >>> 8);
            ram[i + 2] = (byte) (v >>> 16);
            ram[i + 3] = (byte) (v >>> 24);
        } else {
            mmioWrite(a, 4, v & 0xFFFF_FFFFL);
        }
    }

    private void writeV(int seg, int off, int v) {
        if (op32) write32(seg, off, v);
        else write16(seg, off, v);
    }

    private void writeSized(int seg, int off, int size, int v) {
        if (size == 1) write8(seg, off, v);
        else if (size == 2) write16(seg, off, v);
        else write32(seg, off, v);
    }

    private long mmioRead(long gpa, int size) {
        for (int i = 0; i < mmioAnswers; i++) {
            if (mmioAnswerGpa[i] == gpa) return mmioAnswer[i] & LazyFlags.mask(size) & 0xFFFF_FFFFL;
        }
        prepareMmioExit(gpa, size, false, 0);
        interrupted.why = Interrupted.MMIO_READ;
        throw interrupted;
    }

    private void mmioWrite(long gpa, int size, long value) {
        if (exit.kind != CpuExit.Kind.NONE) {
            // one exit reports one write: stop here rather than run on past an exit that is already taken
            long lin = startLinear();
            unsupported(lin < ramSize ? ram[(int) lin] & 0xFF : 0, -1);
            exit.detail = "an instruction that writes two MMIO locations";
            interrupted.why = 0;
            throw interrupted;
        }
        prepareMmioExit(gpa, size, true, value);
        exitCompleted = true;
        exit.ip = startIp;
    }

    private void prepareMmioExit(long gpa, int size, boolean write, long value) {
        int endOfInstruction = c.eip;
        exit.kind = CpuExit.Kind.MMIO;
        exited = true;
        exit.gpa = gpa;
        exit.size = size;
        exit.count = 1;
        exit.mmioWrite = write;
        exit.mmioAccess = write ? 1 : 0;
        exit.data[0] = value;
        exit.firstTouch = touchMmioPage(gpa >>> 12);
        exit.csBase = c.segBase[Seg.CS];
        exit.ip = startIp;
        exit.instructionLength = Math.max(0, endOfInstruction - startIp);
    }

    /** Returns true if this is the first access to the page (so the hardware reports an EPT violation). */
    private boolean touchMmioPage(long page) {
        for (int i = 0; i < mmioPageCount; i++) if (mmioPages[i] == page) return false;
        if (mmioPageCount == mmioPages.length) mmioPages = java.util.Arrays.copyOf(mmioPages, mmioPageCount * 2);
        mmioPages[mmioPageCount++] = page;
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Stack (SS:SP, 16-bit stack in real mode)

    private void push(int v) {
        if (op32) {
            int sp = (c.gpr[Reg.ESP] - 4) & 0xFFFF;
            write32(Seg.SS, sp, v);
            c.setReg16(Reg.ESP, sp);
        } else {
            push16(v);
        }
    }

    private void push16(int v) {
        int sp = (c.gpr[Reg.ESP] - 2) & 0xFFFF;
        write16(Seg.SS, sp, v);
        c.setReg16(Reg.ESP, sp);
    }

    private int pop() {
        int sp = c.gpr[Reg.ESP] & 0xFFFF;
        int v = op32 ? read32(Seg.SS, sp) : read16(Seg.SS, sp);
        c.setReg16(Reg.ESP, sp + (op32 ? 4 : 2));
        return v;
    }

    private void adjustSp(int delta) {
        c.setReg16(Reg.ESP, c.gpr[Reg.ESP] + delta);
    }
}
