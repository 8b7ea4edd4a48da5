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
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;

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
    private final X87Unit fpu;

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
        this.fpu = new X87Unit(cpu, ram);
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
        stepPending = false;
        stiAt = -1;
        kick = false;
        windowExiting = false;
        ssLoadedAt = -1;
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
        long end = budget > Long.MAX_VALUE - c.instructions ? Long.MAX_VALUE : c.instructions + Math.max(0, budget);
        if (stepPending) stepAfterExit();
        while (exit.kind == CpuExit.Kind.NONE && c.instructions < end) {
            exited = false;
            runEnd = end;
            if ((c.flagsOther & Cpu.TF) != 0) traced();
            else runUntraced(end);
        }
        return exit;
    }

    /** Instructions while TF is clear: stops at an exit, at the budget, or when an instruction sets TF. */
    private void runUntraced(long end) {
        // EIP and the retired count live in registers here; the Cpu fields are stored, not reloaded
        int ip = c.eip;
        long retired = c.instructions;
        while (retired < end) {
            startIp = ip;
            c.instructions = retired;
            if ((kick || windowExiting) && interruptBoundary(ip)) break;
            try {
                if (Integer.compareUnsigned(ip, fetchEnd) >= 0) fetchSlow(ip);
                int op = ram[fetchBase + ip] & 0xFF;
                if (!PREFIX[op]) ip = execute(op, ip + 1, blockAllowed());
                else ip = SEGMENT_PREFIX[op] >= 0 ? segmentPrefixed(op, ip) : executePrefixed(op, ip + 1);
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
    }

    /**
     * One instruction that starts with TF set, then the single-step trap: #DB (vector 1) with DR6.BS, its frame
     * pointing at the next instruction (SDM Vol. 3A §18.3.1.4 "Single-Step Exception Condition"; Vol. 3A §2.3
     * "TF": after POPF/IRET set TF, the trap comes after the instruction that follows). No trap after a fault (its
     * handler runs with TF clear) or after MOV SS / POP SS, whose trap waits for the next instruction (§6.8.3). A
     * REP string instruction traps after each iteration. An instruction that exits keeps its trap pending until
     * the VMM has completed it (the VMCS "pending debug exceptions" BS bit, SDM Vol. 3C §25.4.2).
     */
    private void traced() {
        long index = c.instructions;
        int ip = c.eip;
        startIp = ip;
        if ((kick || windowExiting) && interruptBoundary(ip)) return; // the same boundary as untraced code
        runEnd = index + 1; // a REP instruction stops after one iteration
        try {
            if (Integer.compareUnsigned(ip, fetchEnd) >= 0) fetchSlow(ip);
            int op = ram[fetchBase + ip] & 0xFF;
            if (PREFIX[op]) executePrefixed(op, ip + 1);
            else execute(op, ip + 1, false);
            c.instructions = index + 1;
            if (mmioAnswers != 0) mmioAnswers = 0;
        } catch (Interrupted i) {
            interrupted(i);
            return;
        }
        CpuExit.Kind k = exit.kind;
        if (k != CpuExit.Kind.NONE) {
            stepPending = k != CpuExit.Kind.EXCEPTION && k != CpuExit.Kind.TRIPLE_FAULT && k != CpuExit.Kind.UNSUPPORTED;
            stepPendingIp = startIp;
            return;
        }
        if (ssLoadedAt == index) return; // MOV SS / POP SS: the trap is taken after the next instruction
        singleStepTrap();
    }

    /** a traced instruction exited: its single-step trap follows once the VMM completes it (see {@link #traced}) */
    private boolean stepPending;
    private int stepPendingIp;

    /** The trap of a traced instruction that exited, once the VMM has completed it (EIP moved past it). */
    private void stepAfterExit() {
        stepPending = false;
        if (c.eip != stepPendingIp) singleStepTrap();
    }

    /** DR6.BS / the #DB exit qualification's BS bit (SDM Vol. 3A §18.2.3 Figure 18-2; Vol. 3C Table 28-1: bit 14). */
    public static final int DR6_BS = 1 << 14;

    private void singleStepTrap() {
        startIp = c.eip; // a trap: the frame, or the exit, points at the next instruction
        if ((controls.exceptionBitmap() & 1 << 1) != 0) {
            exit.qualification = DR6_BS; // a #DB that exits leaves DR6 alone and reports in the qualification (SDM 3C §27.1)
        } else {
            c.dr[6] |= DR6_BS;
        }
        deliverException(1, c.eip, false, false);
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
        segOverride = -1; // back to the between-instructions default, whichever prefix path set it
        c.eip = startIp;
        if (spSaved) {
            c.gpr[Reg.ESP] = spBefore;
            spSaved = false;
        }
        if (i.why == Interrupted.FAULT) {
            mmioAnswers = 0;
            c.instructions++; // the faulting instruction counts as retired (its delivery is the work done)
            raiseException(i.vector, startIp, false);
        }
    }

    private static final boolean[] PREFIX = new boolean[256];
    /** The segment register a segment-override prefix selects, -1 for any other byte. */
    private static final int[] SEGMENT_PREFIX = new int[256];

    static {
        for (int p : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) PREFIX[p] = true;
        java.util.Arrays.fill(SEGMENT_PREFIX, -1);
        SEGMENT_PREFIX[0x26] = Seg.ES;
        SEGMENT_PREFIX[0x2E] = Seg.CS;
        SEGMENT_PREFIX[0x36] = Seg.SS;
        SEGMENT_PREFIX[0x3E] = Seg.DS;
        SEGMENT_PREFIX[0x64] = Seg.FS;
        SEGMENT_PREFIX[0x65] = Seg.GS;
    }

    /**
     * An instruction at {@code ip} that starts with the segment-override prefix {@code prefix}: when that is its
     * only prefix (the common case, {@code es:}/{@code cs:} operands) it runs without the general prefix loop; one
     * prefix cannot make an instruction longer than 15 bytes, so no length limit is set up. Anything else, or a
     * second byte that is not fetchable, takes {@link #executePrefixed}. An instruction that faults or stops
     * half-way leaves through {@link #interrupted}, which puts the override back. It begins a block, as an
     * unprefixed instruction does (see {@link #execute}).
     */
    private int segmentPrefixed(int prefix, int ip) {
        int next = ip + 1;
        if (Integer.compareUnsigned(next, fetchEnd) >= 0) return executePrefixed(prefix, next);
        int op = ram[fetchBase + next] & 0xFF;
        if (PREFIX[op]) return executePrefixed(prefix, next);
        segOverride = SEGMENT_PREFIX[prefix];
        int after = execute(op, next + 1, blockAllowed());
        segOverride = -1;
        return after;
    }

    /**
     * An instruction with prefixes. The prefix state is the default (no prefix) between instructions, so
     * unprefixed instructions, the common case, skip this; it is put back however the instruction ends.
     */
    private int executePrefixed(int first, int nextIp) {
        c.eip = nextIp;
        int op = first;
        boolean lock = false;
        int base = fetchBase, end = fetchEnd;
        // only a prefixed instruction can be longer than 15 bytes: make the 16th byte's fetch take the slow path
        if (Integer.compareUnsigned(startIp + MAX_LENGTH, end) < 0) fetchEnd = startIp + MAX_LENGTH;
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
                    case 0xF0: lock = true; break; // single vCPU: nothing to lock, only the #UD rule to apply
                    case 0xF2: case 0xF3: repPrefix = op; break;
                    default:
                        if (lock) checkLockable(op);
                        return execute(op, c.eip, false);
                }
                op = fetch8();
            }
        } finally {
            op32 = false;
            addr32 = false;
            segOverride = -1;
            repPrefix = 0;
            // undo the length limit; a CS change (far transfer, interrupt delivery) has set up fetch anew. Only the
            // base can move inside an instruction: real mode never loads a CS limit
            if (fetchBase == base) fetchEnd = end;
        }
    }

    /** The longest instruction; fetching byte 16 raises #GP(0) (SDM Vol. 2 §2.3.11 "AVX Instruction Length"; Vol. 3A Table 7-5 note). */
    private static final int MAX_LENGTH = 15;

    /**
     * LOCK is allowed only on ADD ADC AND BTC BTR BTS CMPXCHG DEC INC NEG NOT OR SBB SUB XOR XADD XCHG with a
     * memory destination; anywhere else it raises #UD (SDM Vol. 2 "LOCK—Assert LOCK# Signal Prefix").
     * Decided from the opcode and a peek at the ModR/M byte, before the instruction does anything.
     */
    private void checkLockable(int op) {
        int ip = c.eip;
        boolean ok;
        if (op == 0x0F) {
            int op2 = peekAt(ip);
            int m = peekAt(ip + 1);
            int reg = (m >> 3) & 7;
            ok = m < 0xC0 && (op2 == 0xAB || op2 == 0xB3 || op2 == 0xBB || op2 == 0xB0 || op2 == 0xB1
                    || op2 == 0xC0 || op2 == 0xC1 || (op2 == 0xBA && reg >= 5) || (op2 == 0xC7 && reg == 1));
        } else {
            int m = peekAt(ip);
            int reg = (m >> 3) & 7;
            boolean mem = m < 0xC0;
            if (op < 0x40) ok = (op & 7) <= 1 && (op & 0x38) != 0x38; // ALU Eb,Gb / Ev,Gv except CMP
            else if (op >= 0x80 && op <= 0x83) ok = reg != 7;           // group 1 except CMP
            else if (op == 0x86 || op == 0x87) ok = true;              // XCHG
            else if (op == 0xF6 || op == 0xF7) ok = reg == 2 || reg == 3; // NOT, NEG
            else if (op == 0xFE || op == 0xFF) ok = reg <= 1;          // INC, DEC
            else ok = false;
            ok &= mem;
        }
        if (!ok) throw fault(6);
    }

    /** The code byte at {@code ip} without moving EIP (limit and RAM checked as for a fetch). */
    private int peekAt(int ip) {
        if (Integer.compareUnsigned(ip, fetchEnd) >= 0) fetchSlow(ip);
        return ram[fetchBase + ip] & 0xFF;
    }

    /**
     * Execute the instruction whose (first) opcode byte is {@code first}, prefixes already decoded, with EIP just
     * past that byte. Returns the new EIP. EIP travels in a register from one instruction to the next: storing
     * it here and returning it lets the JIT forward the stores to the loads of the inlined fetches instead of
     * making every instruction wait for a store-to-load round trip through memory.
     * <p>
     * With {@code block}, the instructions that follow run in the same call for as long as nothing needs the run
     * loop (see the end of the loop), and the EIP returned is that of the first one it did not begin. Each is still
     * begun, counted and checked exactly as the run loop does it; what a block saves is a call into this method, a
     * large compiled frame, per instruction. An instruction that faults or stops half-way leaves by its exception,
     * with {@link #startIp} and {@link Cpu#instructions} those of that instruction, as if the run loop had begun it.
     */
    private int execute(int first, int nextIp, boolean block) {
        int op = first;
        c.eip = nextIp;
        for (;;) {
            switch (op) {
                // ADD: each opcode its own case so the JIT inlines alu() with a constant kind and size
                case 0x00: aluEbGb(0); break; case 0x01: aluEvGv(0); break; case 0x02: aluGbEb(0); break;
                case 0x03: aluGvEv(0); break; case 0x04: aluAlIb(0); break; case 0x05: aluAxIv(0); break;
                // OR
                case 0x08: aluEbGb(1); break; case 0x09: aluEvGv(1); break; case 0x0A: aluGbEb(1); break;
                case 0x0B: aluGvEv(1); break; case 0x0C: aluAlIb(1); break; case 0x0D: aluAxIv(1); break;
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
                case 0x88: decodeModrm(); writeE8(reg8(regField)); break;
                case 0x89: decodeModrm(); writeEv(regV(regField)); break;
                case 0x8A: decodeModrm(); c.setReg8(regField, readE8()); break;
                case 0x8B: decodeModrm(); setRegV(regField, readEv()); break;
                case 0x8D: decodeModrm(); if (eaReg) throw fault(6); setRegV(regField, eaOff); break;
                case 0x90: break; // NOP (XCHG eAX, eAX)
                case 0xA4: case 0xA5: case 0xA6: case 0xA7: case 0xAA: case 0xAB:
                case 0xAC: case 0xAD: case 0xAE: case 0xAF:
                    if (repPrefix == 0) stringOnce(op, (op & 1) == 0 ? 1 : opSize());
                    else stringOp(op, (op & 1) == 0 ? 1 : opSize());
                    break;
                case 0xA8: logic(c.gpr[0] & fetch8() & 0xFF, 1); break;
                case 0xA9: logic(regV(0) & fetchV(), opSize()); break;
                case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xB4: case 0xB5: case 0xB6: case 0xB7:
                    c.setReg8(op & 7, fetch8()); break;
                case 0xB8: case 0xB9: case 0xBA: case 0xBB: case 0xBC: case 0xBD: case 0xBE: case 0xBF:
                    setRegV(op & 7, fetchV()); break;
                case 0xC0: decodeModrm(); group2(1, fetch8()); break;
                case 0xC1: decodeModrm(); group2(opSize(), fetch8()); break;
                case 0xC3: ret(0); break;
                case 0xC6: decodeModrm(); if (regField != 0) throw fault(6); writeE8(fetch8()); break; // only /0 is MOV
                case 0xC7: decodeModrm(); if (regField != 0) throw fault(6); writeEv(fetchV()); break;
                case 0xD0: decodeModrm(); group2(1, 1); break;
                case 0xD1: decodeModrm(); group2(opSize(), 1); break;
                case 0xD2: decodeModrm(); group2(1, c.gpr[1] & 0xFF); break;
                case 0xD3: decodeModrm(); group2(opSize(), c.gpr[1] & 0xFF); break;
                case 0xE0: case 0xE1: case 0xE2: case 0xE3: loop(op); break;
                case 0xE8: { int rel = fetchV(); int t = checkIp(c.eip + rel); push(c.eip); c.eip = t; break; }
                case 0xE9: jumpRelative(fetchV()); break;
                case 0xEB: jumpRelative(signExtend8(fetch8())); break;
                case 0xFC: c.flagsOther &= ~Cpu.DF; break;
                case 0xFD: c.flagsOther |= Cpu.DF; break;
                case 0xFE: decodeModrm(); group4(); break;
                case 0xFF: decodeModrm(); group5(); break;
                default: executeOther(op);
            }
            int ip = c.eip;
            if (!block) return ip;
            // the next instruction, if it can run in this call as the run loop would run it: no exit, budget
            // left, no kick, fetchable, no prefix but a lone segment override. Written out here rather than as a
            // method: by this point of the switch the JIT's inlining budget is spent, and a call would remain
            segOverride = -1;
            long index = c.instructions + 1;
            if (exited || kick || index >= runEnd || (ip & 0xFFFF_FFFFL) >= fetchEnd) return ip; // fetchEnd >= 0
            int next = ip + 1;
            op = ram[fetchBase + ip] & 0xFF;
            if (PREFIX[op]) {
                op = loneSegmentOverride(op, next);
                if (op < 0) return ip;
                next++;
            }
            c.instructions = index; // the run loop's bookkeeping between two instructions
            startIp = ip;
            c.eip = next;
        }
    }

    /**
     * Whether the run loop may begin a block (see {@link #execute}): not while it must check the interrupt window at
     * every boundary, nor for an instruction restarted with MMIO answers, which it drops after that one instruction.
     * Neither changes inside a run: the VMM sets both between runs.
     */
    private boolean blockAllowed() {
        return !windowExiting && mmioAnswers == 0;
    }

    /**
     * For a block (see {@link #execute}): when {@code prefix} is a segment override and the byte at {@code next} is
     * fetchable and no prefix, the override is set and that byte is returned as the opcode; otherwise -1, and the
     * run loop takes the instruction.
     */
    private int loneSegmentOverride(int prefix, int next) {
        int seg = SEGMENT_PREFIX[prefix];
        if (seg < 0 || Integer.compareUnsigned(next, fetchEnd) >= 0) return -1;
        int op = ram[fetchBase + next] & 0xFF;
        if (PREFIX[op]) return -1;
        segOverride = seg;
        return op;
    }

    /**
     * The rest of the one-byte opcodes, apart from {@link #execute} so the JIT's inlining budget for one compiled
     * method (about 8000 bytecodes with the callees it inlines) goes to the common instructions: with every opcode
     * in one switch, the ALU forms were left as calls. The first cases (ADC, SBB, RET imm16, XCHG, CBW/CWD, FWAIT,
     * x87, IN/OUT, CLC/STC) moved here when the block loop's own code took its share of that budget.
     */
    private void executeOther(int op) {
        switch (op) {
            // ADC
            case 0x10: aluEbGb(2); break; case 0x11: aluEvGv(2); break; case 0x12: aluGbEb(2); break;
            case 0x13: aluGvEv(2); break; case 0x14: aluAlIb(2); break; case 0x15: aluAxIv(2); break;
            // SBB
            case 0x18: aluEbGb(3); break; case 0x19: aluEvGv(3); break; case 0x1A: aluGbEb(3); break;
            case 0x1B: aluGvEv(3); break; case 0x1C: aluAlIb(3); break; case 0x1D: aluAxIv(3); break;
            case 0xC2: ret(fetch16()); break;
            case 0x06: case 0x0E: case 0x16: case 0x1E: push(c.selector[op >> 3]); break;
            case 0x86: { decodeModrm(); int a = readE8(); writeE8(reg8(regField)); c.setReg8(regField, a); break; }
            case 0x87: { decodeModrm(); int a = readEv(); writeEv(regV(regField)); setRegV(regField, a); break; }
            case 0x98: if (op32) c.gpr[0] = (short) c.gpr[0]; else c.setReg16(0, (byte) c.gpr[0]); break;
            case 0x99:
                if (op32) c.gpr[2] = c.gpr[0] >> 31; else c.setReg16(2, ((short) c.gpr[0]) >> 15);
                break;
            case 0x9B: fwait(); break;
            case 0xD8: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF: x87(op); break;
            case 0xE4: { int port = fetch8(); io(true, port, 1, true); break; }
            case 0xE5: { int port = fetch8(); io(true, port, opSize(), true); break; }
            case 0xE6: { int port = fetch8(); io(false, port, 1, true); break; }
            case 0xE7: { int port = fetch8(); io(false, port, opSize(), true); break; }
            case 0xEC: io(true, c.gpr[2] & 0xFFFF, 1, false); break;
            case 0xED: io(true, c.gpr[2] & 0xFFFF, opSize(), false); break;
            case 0xEE: io(false, c.gpr[2] & 0xFFFF, 1, false); break;
            case 0xEF: io(false, c.gpr[2] & 0xFFFF, opSize(), false); break;
            case 0xF8: c.arith.setEager(c.arith.get() & ~CF); break;
            case 0xF9: c.arith.setEager(c.arith.get() | CF); break;
            case 0x07: case 0x1F: c.loadSegment(op >> 3, pop()); break;
            case 0x17: c.loadSegment(Seg.SS, pop()); ssLoadedAt = c.instructions; break;
            case 0x27: daa(); break;
            case 0x2F: das(); break;
            case 0x37: aaa(); break;
            case 0x3F: aas(); break;
            case 0x60: pusha(); break;
            case 0x62: bound(); break;
            case 0x63: throw fault(6); // ARPL is not recognized in real-address mode: #UD (SDM Vol. 2 "ARPL")
            case 0x61: popa(); break;
            case 0x68: push(fetchV()); break;
            // the immediate is fetched before the operand is read, so an MMIO exit reports the full length
            case 0x69: decodeModrm(); { int imm = fetchV(); setRegV(regField, imul3(readEv(), imm)); } break;
            case 0x6A: push(signExtend8(fetch8())); break;
            case 0x6B: decodeModrm(); { int imm = signExtend8(fetch8()); setRegV(regField, imul3(readEv(), imm)); } break;
            case 0x6C: case 0x6D: stringIo(true, op == 0x6C ? 1 : opSize()); break;
            case 0x6E: case 0x6F: stringIo(false, op == 0x6E ? 1 : opSize()); break;
            case 0x8C: decodeModrm(); checkSreg(regField);
                if (eaReg) setRegV(rm, c.selector[regField]); else writeE16(c.selector[regField]);
                break;
            case 0x8E: decodeModrm(); checkSreg(regField); if (regField == Seg.CS) throw fault(6);
                c.loadSegment(regField, readE16());
                if (regField == Seg.SS) ssLoadedAt = c.instructions;
                break;
            case 0x8F: popToMemory(); break;
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
                int a = regV(0);
                setRegV(0, regV(op & 7));
                setRegV(op & 7, a);
                break;
            }
            case 0x9A: { int ip = fetchV(); int cs = fetch16(); checkIp(ip); pushFar(); farJump(cs, ip); break; }
            case 0x9C: push(c.eflags() & (op32 ? 0x00FC_FFFF : 0xFFFF)); break; // VM and RF read as 0
            case 0x9D: popf(); break;
            case 0x9E: { int f = c.eflags() & ~0xD5 | (c.reg8(4) & 0xD5); c.arith.setEager(f); break; }
            case 0x9F: c.setReg8(4, c.eflags() & 0xFF); break;
            case 0xA0: c.setReg8(0, read8(dataSeg(), fetchAddr())); break;
            case 0xA1: setRegV(0, readV(dataSeg(), fetchAddr())); break;
            case 0xA2: write8(dataSeg(), fetchAddr(), c.gpr[0]); break;
            case 0xA3: writeV(dataSeg(), fetchAddr(), c.gpr[0]); break;
            case 0xC4: loadFarPointer(Seg.ES); break;
            case 0xC5: loadFarPointer(Seg.DS); break;
            case 0xC8: enter(); break;
            case 0xC9: leave(); break;
            case 0xCA: retFar(fetch16()); break;
            case 0xCB: retFar(0); break;
            case 0xCC: raiseException(3, c.eip, true); break;
            case 0xCD: { int v = fetch8(); deliverInterrupt(v, c.eip, false); break; }
            case 0xCE: if (c.arith.of()) raiseException(4, c.eip, true); break;
            case 0xCF: iret(); break;
            case 0xD4: aam(fetch8()); break;
            case 0xD5: aad(fetch8()); break;
            case 0xD6: c.setReg8(0, c.arith.cf() ? 0xFF : 0); break; // SALC (undocumented by Intel; AMD APM: #UD in 64-bit mode only)
            case 0xD7: {
                int off = addr32 ? c.gpr[3] + (c.gpr[0] & 0xFF) : (c.gpr[3] + (c.gpr[0] & 0xFF)) & 0xFFFF;
                c.setReg8(0, read8(dataSeg(), off));
                break;
            }
            case 0xEA: { int ip = fetchV(); int cs = fetch16(); farJump(cs, ip); break; }
            case 0xF4: hlt(); break;
            case 0xF5: c.arith.setEager(c.arith.get() ^ CF); break;
            case 0xFA: c.flagsOther &= ~Cpu.IF; break;
            case 0xFB: { // STI
                if ((c.flagsOther & Cpu.IF) == 0) stiAt = c.instructions;
                c.flagsOther |= Cpu.IF;
                break;
            }
            case 0xF6: decodeModrm(); group3(1); break;
            case 0xF7: decodeModrm(); group3(opSize()); break;
            default: unsupported(op, -1);
        }
    }

    private void twoByte() {
        int op = fetch8();
        switch (op) {
            case 0x01: group7(); return;
            case 0x0B: throw fault(6); // UD2: raises #UD by definition
            case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
            case 0x48: case 0x49: case 0x4A: case 0x4B: case 0x4C: case 0x4D: case 0x4E: case 0x4F: {
                decodeModrm(); // CMOVcc: the source is read (and may fault) whether or not the condition holds
                int v = readEv();
                if (condition(op & 0xF)) setRegV(regField, v);
                return;
            }
            case 0x1F: decodeModrm(); return; // NOP Ev (the multi-byte NOP): decodes its operand, touches nothing
            case 0x06: if (!crAccessExit(0, CrAccessQualification.CLTS, c.cr0 & ~Cpu.CR0_TS, false, 0, 0)) { c.cr0 &= ~Cpu.CR0_TS; c.systemStateWritten(); } return;
            case 0x20: case 0x21: case 0x22: case 0x23: moveControlOrDebug(op); return;
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
            case 0xA3: decodeModrm(); bitOp(0, regV(regField), false); return;
            case 0xAB: decodeModrm(); bitOp(1, regV(regField), false); return;
            case 0xB3: decodeModrm(); bitOp(2, regV(regField), false); return;
            case 0xBB: decodeModrm(); bitOp(3, regV(regField), false); return;
            case 0xBA: decodeModrm(); if (regField < 4) throw fault(6); bitOp(regField - 4, fetch8(), true); return;
            case 0xBC: case 0xBD: decodeModrm(); bitScan(op == 0xBD); return;
            case 0xA4: decodeModrm(); doubleShift(true, fetch8()); return;
            case 0xA5: decodeModrm(); doubleShift(true, c.gpr[Reg.ECX]); return;
            case 0xAC: decodeModrm(); doubleShift(false, fetch8()); return;
            case 0xAD: decodeModrm(); doubleShift(false, c.gpr[Reg.ECX]); return;
            case 0xB2: loadFarPointer(Seg.SS); return;
            case 0xB4: loadFarPointer(Seg.FS); return;
            case 0xB5: loadFarPointer(Seg.GS); return;
            case 0xB0: decodeModrm(); cmpxchg(1); return;
            case 0xB1: decodeModrm(); cmpxchg(opSize()); return;
            case 0xC0: decodeModrm(); xadd(1); return;
            case 0xC1: decodeModrm(); xadd(opSize()); return;
            case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0xCC: case 0xCD: case 0xCE: case 0xCF:
                // BSWAP: with a 16-bit operand the SDM leaves the result undefined; Intel parts write 0
                if (op32) c.gpr[op & 7] = Integer.reverseBytes(c.gpr[op & 7]); else c.setReg16(op & 7, 0);
                return;
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
        if (m >= 0xC0 && (m >> 3 & 7) != 4 && (m >> 3 & 7) != 6) {
            // Register forms of /0../3, /5, /7 are other instructions (VMX, MONITOR/MWAIT, XGETBV, CLAC/STAC,
            // SWAPGS, RDTSCP...): those this model does not implement stop the run; the encodings that are no
            // instruction at all raise #UD, as SGDT/SIDT/LGDT/LIDT with a register operand do (SDM Vol. 2 "SGDT")
            if (GROUP7_OTHER[m - 0xC0]) unsupported(0x0F, 0x01);
            else throw fault(6);
            return;
        }
        decodeModrm();
        switch (regField) {
            case 0: write16(eaSeg, eaOff, c.gdtrLimit); write32(eaSeg, eaNext(2), c.gdtrBase); return;
            case 1: write16(eaSeg, eaOff, c.idtrLimit); write32(eaSeg, eaNext(2), c.idtrBase); return;
            case 2: case 3: {
                int limit = read16(eaSeg, eaOff);
                int base = read32(eaSeg, eaNext(2)) & (op32 ? 0xFFFF_FFFF : 0x00FF_FFFF); // 24-bit base with 16-bit operand
                if (regField == 2) { c.gdtrLimit = limit; c.gdtrBase = base; } else { c.idtrLimit = limit; c.idtrBase = base; }
                c.systemStateWritten();
                return;
            }
            case 4: // SMSW: a register gets CR0 in the operand size (Intel parts: all of CR0's low 32 bits), memory 16 bits
                if (eaReg) setRegV(rm, (int) c.cr0);
                else write16(eaSeg, eaOff, (int) c.cr0);
                return;
            case 6: {
                int src = readE16();
                if (!crAccessExit(0, CrAccessQualification.LMSW, lmswValue(src), !eaReg, 0, src)) lmsw(src);
                return;
            }
            case 7: return; // INVLPG: no paging in this model, so no TLB entry to drop
            default: throw fault(6); // 0F 01 /5 with a memory operand
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Control and debug registers (SDM Vol. 2 "MOV—Move to/from Control Registers", "MOV—Move to/from Debug
    // Registers", "LMSW", "CLTS"; the registers: Vol. 3A §2.5 and §18.2)

    /** 0F 20-23: MOV r32,CRn / MOV r32,DRn / MOV CRn,r32 / MOV DRn,r32; the ModR/M mod bits are ignored. */
    private void moveControlOrDebug(int op) {
        int m = fetch8();
        int n = m >> 3 & 7, r = m & 7;
        boolean write = op >= 0x22;
        if (op == 0x21 || op == 0x23) {
            if (n == 4 || n == 5) {
                if ((c.cr4 & Cpu.CR4_DE) != 0) throw fault(6); // DR4/DR5 with CR4.DE: #UD
            }
            if (controls.movDrExiting()) { // #UD has priority over the VM exit (SDM Vol. 3C §26.1.1)
                exit.qualification = DrAccessQualification.encode(n, !write, r);
                exitFor(CpuExit.Kind.DR_ACCESS);
                return;
            }
            if (n == 4 || n == 5) n += 2; // aliases of DR6/DR7
            if (!write) c.gpr[r] = c.dr[n];
            else if (n == 6) c.dr[6] = c.gpr[r] & DR6_WRITABLE | Cpu.DR6_INIT;
            else if (n == 7) c.dr[7] = c.gpr[r] & DR7_WRITABLE | Cpu.DR7_INIT;
            else c.dr[n] = c.gpr[r];
            return;
        }
        if (n == 1 || n > 4) throw fault(6); // CR1, CR5-CR7 (and CR8 outside 64-bit mode) do not exist
        // the VM exit comes before the checks of the value written (SDM Vol. 3C §26.1.1: only #UD and
        // privilege faults have priority)
        long v = c.gpr[r] & 0xFFFF_FFFFL;
        if (crAccessExit(n, write ? CrAccessQualification.MOV_TO_CR : CrAccessQualification.MOV_FROM_CR, v, false, r, 0)) return;
        if (!write) {
            c.gpr[r] = (int) (n == 0 ? c.cr0 : n == 2 ? c.cr2 : n == 3 ? c.cr3 : c.cr4);
            return;
        }
        switch (n) {
            case 0: writeCr0(v); return;
            case 2: c.cr2 = v; return;
            case 3: c.cr3 = v; c.systemStateWritten(); return;
            default:
                if ((v & CR4_RESERVED) != 0 || (v & Cpu.CR4_PCIDE) != 0) throw fault(13); // PCIDE needs IA-32e mode
                c.cr4 = v;
                c.systemStateWritten();
        }
    }

    /** DR6 bits software can write (B0-B3, BD, BS, BT); the rest read as the power-on value. */
    private static final int DR6_WRITABLE = 0x0000_E00F;
    /** DR7 bits software can write: L0-G3, LE, GE, GD, R/W and LEN fields; bit 10 reads as 1. */
    private static final int DR7_WRITABLE = 0xFFFF_23FF;
    /** CR4 bits with no defined meaning on a current Intel part (bit 15 and 25-31) (SDM Vol. 3A §2.5, Figure 2-7). */
    private static final long CR4_RESERVED = 0xFE00_8000L;

    /**
     * MOV to CR0: reserved bits are ignored and ET is fixed at 1; PG without PE, or NW without CD, is #GP(0)
     * (SDM Vol. 3A §2.5, Vol. 2 "MOV CRn" exceptions). Setting PE enters protected mode, which this real-mode
     * model does not implement: the run stops there with the reason.
     */
    private void writeCr0(long v) {
        long value = v & Cpu.CR0_DEFINED | Cpu.CR0_ET;
        if ((value & Cpu.CR0_PG) != 0 && (value & Cpu.CR0_PE) == 0) throw fault(13);
        if ((value & Cpu.CR0_NW) != 0 && (value & Cpu.CR0_CD) == 0) throw fault(13);
        if ((value & Cpu.CR0_PE) != 0) {
            protectedModeUnsupported();
            return;
        }
        c.cr0 = value;
        c.systemStateWritten();
    }

    /**
     * A control-register access the VM-execution controls intercept: a fault-like VM exit (EIP at the instruction)
     * with the qualification of SDM Vol. 3C "Exit Qualification for Control-Register Accesses".
     */
    private boolean crAccessExit(int cr, int accessType, long value, boolean lmswMemory, int gpr, int lmswSource) {
        if (!controls.crAccessExits(cr, accessType, value)) return false;
        exit.qualification = CrAccessQualification.encode(cr, accessType, lmswMemory, gpr, lmswSource);
        exitFor(CpuExit.Kind.CR_ACCESS);
        return true;
    }

    /** CR0 after LMSW: PE MP EM TS from the source's low 4 bits; it can set PE but never clear it. */
    private long lmswValue(int v) {
        return c.cr0 & ~0xEL | v & 0xF | c.cr0 & Cpu.CR0_PE;
    }

    private void lmsw(int v) {
        long value = lmswValue(v);
        if ((value & Cpu.CR0_PE) != 0 && (c.cr0 & Cpu.CR0_PE) == 0) {
            protectedModeUnsupported();
            return;
        }
        c.cr0 = value;
        c.systemStateWritten();
    }

    private void protectedModeUnsupported() {
        long lin = startLinear();
        unsupported(lin < ramSize ? ram[(int) lin] & 0xFF : 0, -1);
        exit.detail = CpuExit.WORDS.phrase("protectedMode");
    }

    // ------------------------------------------------------------------------------------------------
    // x87: executed by X87Unit; here #NM, the operand's address and the outcomes that stop the run

    private void x87(int op) {
        if ((c.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) throw fault(7); // #NM (SDM Vol. 3A §2.5, Table 2-2)
        decodeModrm();
        int modrm = eaReg ? 0xC0 | regField << 3 | rm : mod << 6 | regField << 3 | rm;
        int addr = -1;
        if (!eaReg) {
            int size = X87Unit.memorySize(op, regField, op32);
            if (size < 0) throw fault(6);
            long a = linear(eaSeg, eaOff, size);
            if (a + size > ramSize) { // the whole operand is read or written at once: RAM only
                unsupported(op, -1);
                exit.detail = CpuExit.WORDS.phrase("x87.mmio", op, modrm, a);
                return;
            }
            addr = (int) a;
        }
        x87Outcome(fpu.execute(op, modrm, addr, op32, (int) startLinear()), op, modrm);
    }

    /** WAIT/FWAIT: #NM when MP and TS are set, then a pending unmasked x87 exception (SDM Vol. 2 "WAIT/FWAIT"). */
    private void fwait() {
        if ((c.cr0 & (Cpu.CR0_MP | Cpu.CR0_TS)) == (Cpu.CR0_MP | Cpu.CR0_TS)) throw fault(7);
        x87Outcome(fpu.pending(), 0x9B, 0);
    }

    private void x87Outcome(int r, int op, int modrm) {
        if (r > 0) throw fault(r);
        if (r == X87Unit.NOT_MODELED) {
            unsupported(op, -1);
            exit.detail = CpuExit.WORDS.phrase("x87", op, modrm);
        } else if (r == X87Unit.FERR) { // CR0.NE=0: the error goes out on FERR# to IRQ 13, which is not modeled
            unsupported(op, -1);
            exit.detail = CpuExit.WORDS.phrase("x87.ferr");
        }
    }

    /** 0F 01 C0..FF that are instructions on a current Intel CPU (SDM Vol. 2 opcode map, Table A-6), other than VMCALL. */
    private static final boolean[] GROUP7_OTHER = new boolean[64];

    static {
        for (int m : new int[] {0xC0, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCF,
                0xD0, 0xD1, 0xD4, 0xD5, 0xD6, 0xD7, 0xE8, 0xEA, 0xEE, 0xEF, 0xF9, 0xFA, 0xFB, 0xFC}) {
            GROUP7_OTHER[m - 0xC0] = true;
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
        exit.detail = op2 < 0 ? CpuExit.WORDS.phrase("opcode", op) : CpuExit.WORDS.phrase("opcode.0F", op2);
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
                    exit.detail = CpuExit.WORDS.phrase("insOutsideRam", base + o);
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
        if (v == 1) c.dr[6] |= (int) exit.qualification; // KVM queues #DB with its DR6 bits (kvm_queue_exception_p)
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
        exit.detail = CpuExit.WORDS.phrase("frameOutsideRam", vector, at);
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

    /** IRET: the new IP is checked before anything is popped, so a #GP leaves SP as it was (SDM Vol. 2 "IRET"). */
    private void iret() {
        int ip = stackAt(0);
        int cs = stackAt(1);
        int f = stackAt(2);
        checkIp(ip);
        adjustSp(3 * opSize());
        farJump(cs, ip);
        if (op32) {
            c.setEflags((c.eflags() & ~Cpu.POPF_MASK) | (f & Cpu.POPF_MASK));
        } else {
            c.setEflags((c.eflags() & 0xFFFF_0000) | (f & 0xFFFF));
        }
        if ((c.flagsOther & Cpu.TF) != 0) exited = true; // as POPF
    }

    private void popf() {
        int f = pop();
        if (op32) c.setEflags((c.eflags() & ~Cpu.POPF_MASK) | (f & Cpu.POPF_MASK));
        else c.setEflags((c.eflags() & 0xFFFF_0000) | (f & 0xFFFF));
        if ((c.flagsOther & Cpu.TF) != 0) exited = true; // leave the untraced loop; the trap follows the next instruction
    }

    // ------------------------------------------------------------------------------------------------
    // Control flow

    private void jumpRelative(int rel) {
        c.eip = checkIp(c.eip + rel);
    }

    /**
     * The target EIP of a transfer, truncated to the operand size; beyond the CS limit it raises #GP(0) at the
     * transfer, before the instruction changes anything (SDM Vol. 2 "JMP", "CALL", "RET", "Jcc", "IRET": "IF
     * tempEIP is not within code segment limit THEN #GP(0)"). Real mode keeps the CS limit across far transfers.
     */
    private int checkIp(int ip) {
        int t = op32 ? ip : ip & 0xFFFF;
        if (Integer.compareUnsigned(t, c.segLimit[Seg.CS]) > 0) throw fault(13);
        return t;
    }

    private void farJump(int cs, int ip) {
        int t = checkIp(ip);
        c.loadSegment(Seg.CS, cs);
        c.eip = t;
        setupFetch();
    }

    /** Near RET [imm16]: the popped IP is checked before SP moves. */
    private void ret(int release) {
        c.eip = checkIp(stackAt(0));
        adjustSp(opSize() + release);
    }

    /** Far RET [imm16]: IP and CS are read and IP checked before SP moves. */
    private void retFar(int release) {
        int ip = stackAt(0);
        int cs = stackAt(1);
        checkIp(ip);
        adjustSp(2 * opSize() + release);
        farJump(cs, ip);
    }

    /** Far CALL's pushes of CS and the return IP: SP moves only once both are written. */
    private void pushFar() {
        int size = opSize();
        int sp = c.gpr[Reg.ESP];
        writeV(Seg.SS, (sp - size) & 0xFFFF, c.selector[Seg.CS]); // o32: CS zero-extended (SDM Vol. 2 "CALL")
        writeV(Seg.SS, (sp - 2 * size) & 0xFFFF, c.eip);
        c.setReg16(Reg.ESP, sp - 2 * size);
    }

    /** LES LDS LSS LFS LGS: offset first, then the selector at the wrapped offset that follows it. */
    private void loadFarPointer(int seg) {
        decodeModrm();
        if (eaReg) throw fault(6);
        int v = readV(eaSeg, eaOff);
        int sel = read16(eaSeg, eaNext(op32 ? 4 : 2));
        c.loadSegment(seg, sel); // LSS does not hold off interrupts as MOV SS does (SDM Vol. 3A §6.8.3)
        setRegV(regField, v);
    }

    /**
     * POP r/m: the value is popped first; an ESP-based destination address is computed after ESP is
     * incremented (SDM Vol. 2 "POP"). A fault writing the destination leaves SP as it was.
     */
    private void popToMemory() {
        if (((peek8() >> 3) & 7) != 0) throw fault(6); // 8F /1../7 are not POP
        saveSp();
        int v = pop();
        decodeModrm();
        writeEv(v);
        spDone();
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
        saveSp();
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
        adjustSp(-alloc);
        setRegV(Reg.EBP, frameTemp);
        spDone();
    }

    /** LEAVE: SP = BP, then POP BP; a fault in the pop leaves SP as it was before the instruction. */
    private void leave() {
        saveSp();
        c.setReg16(Reg.ESP, c.gpr[Reg.EBP]);
        int bp = pop();
        setRegV(Reg.EBP, bp);
        spDone();
    }

    private void pusha() {
        saveSp();
        int sp = regV(Reg.ESP);
        for (int r = 0; r < 8; r++) push(r == Reg.ESP ? sp : regV(r));
        spDone();
    }

    private void popa() {
        saveSp();
        int di = pop(), si = pop(), bp = pop();
        pop(); // the SP image is discarded
        int bx = pop(), dx = pop(), cx = pop(), ax = pop();
        setRegV(Reg.EDI, di); setRegV(Reg.ESI, si); setRegV(Reg.EBP, bp); setRegV(Reg.EBX, bx);
        setRegV(Reg.EDX, dx); setRegV(Reg.ECX, cx); setRegV(Reg.EAX, ax);
        spDone();
    }

    /**
     * SP before an instruction that moves it more than once (ENTER, LEAVE, POP m, PUSHA, POPA): a fault or an
     * MMIO restart part-way puts it back, as faults are precise (SDM Vol. 3A §7.5 "Exception Classifications":
     * a fault's state is that before the faulting instruction).
     */
    private int spBefore;
    private boolean spSaved;

    private void saveSp() {
        spBefore = c.gpr[Reg.ESP];
        spSaved = true;
    }

    private void spDone() {
        spSaved = false;
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

    /**
     * ADD OR ADC SBB AND SUB XOR CMP, in /reg order. Operands masked to size; returns the masked result. Each
     * operation is a method of its own so that a call site with a constant kind inlines the dispatch and one
     * small body (the JIT charges the whole of an inlined method's bytecode against its budget).
     */
    private int alu(int kind, int size, int dst, int src) {
        int m = LazyFlags.mask(size);
        switch (kind) {
            case 0: return add(size, dst & m, src & m, m);
            case 1: return logicResult(size, (dst | src) & m);
            case 2: return addWithCarry(size, dst & m, src & m, m);
            case 3: return subtractWithBorrow(size, dst & m, src & m, m);
            case 4: return logicResult(size, dst & src & m);
            case 5: case 7: return subtract(size, dst & m, src & m, m);
            default: return logicResult(size, (dst ^ src) & m);
        }
    }

    private int add(int size, int dst, int src, int m) {
        int res = (dst + src) & m;
        c.arith.set(ADD, size, dst, src, res);
        return res;
    }

    private int subtract(int size, int dst, int src, int m) {
        int res = (dst - src) & m;
        c.arith.set(SUB, size, dst, src, res);
        return res;
    }

    private int addWithCarry(int size, int dst, int src, int m) {
        int cin = c.arith.cf() ? 1 : 0;
        int res = (dst + src + cin) & m;
        c.arith.set(ADC, size, dst, src, res, cin);
        return res;
    }

    private int subtractWithBorrow(int size, int dst, int src, int m) {
        int cin = c.arith.cf() ? 1 : 0;
        int res = (dst - src - cin) & m;
        c.arith.set(SBB, size, dst, src, res, cin);
        return res;
    }

    /** AND OR XOR: the (masked) result, flags recorded as a logic operation's. */
    private int logicResult(int size, int res) {
        c.arith.set(LOGIC, size, res, res, res);
        return res;
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

    /**
     * Shifts and rotates (C0, C1, D0-D3); flags per the SDM "RCL/RCR/ROL/ROR" and "SAL/SAR/SHL/SHR" pages. A shift's
     * flags stay lazy ({@link LazyFlags#setShift}); a rotate changes CF and OF only. The count is at most 31 here,
     * so every shift below stays inside an int.
     */
    private void group2(int size, int rawCount) {
        int count = rawCount & 0x1F;
        int v = readSizedE(size);
        if (count == 0) return;
        writeSizedE(size, regField >= 4 ? shift(size, count, v) : rotate(size, count, v));
    }

    /** SHL/SAL, SHR, SAR (/4 /6, /5, /7) of {@code v} by {@code count} (1-31): the result, flags recorded lazily. */
    private int shift(int size, int count, int v) {
        int bits = size << 3;
        int m = LazyFlags.mask(size);
        int sb = LazyFlags.signBit(size);
        int x = v & m;
        int res;
        switch (regField) {
            case 5: // SHR
                res = x >>> count;
                c.arith.setShift(size, res, count <= bits && ((x >>> (count - 1)) & 1) != 0, (x & sb) != 0);
                return res;
            case 7: { // SAR
                int sx = size == 1 ? (byte) x : size == 2 ? (short) x : x;
                res = (sx >> count) & m;
                c.arith.setShift(size, res, ((sx >> (count - 1)) & 1) != 0, false);
                return res;
            }
            default: { // SHL/SAL
                res = (x << count) & m;
                boolean cf = count <= bits && ((x << (count - 1)) & sb) != 0;
                c.arith.setShift(size, res, cf, ((res & sb) != 0) ^ cf);
                return res;
            }
        }
    }

    /**
     * ROL, ROR, RCL, RCR (/0 to /3) of {@code v} by {@code count} (1-31): the result; CF and OF set. One method
     * above the JIT's hot-inlining size, so a shift's call site inlines {@link #shift} alone.
     */
    private int rotate(int size, int count, int v) {
        int bits = size << 3;
        int m = LazyFlags.mask(size);
        int sb = LazyFlags.signBit(size);
        int x = v & m;
        int res;
        switch (regField) {
            case 0: { // ROL; a 32-bit x >>> 32 is x itself, so n = 0 gives x at every size
                int n = count & (bits - 1);
                res = ((x << n) | (x >>> (bits - n))) & m;
                boolean cf = (res & 1) != 0;
                c.arith.setCarryOverflow(cf, ((res & sb) != 0) ^ cf);
                return res;
            }
            case 1: { // ROR
                int n = count & (bits - 1);
                res = ((x >>> n) | (x << (bits - n))) & m;
                c.arith.setCarryOverflow((res & sb) != 0, ((res & sb) != 0) ^ ((res & (sb >>> 1)) != 0));
                return res;
            }
            default: { // RCL, RCR: through CF, bits + 1 wide
                long r = x & 0xFFFF_FFFFL, mask = m & 0xFFFF_FFFFL, sign = sb & 0xFFFF_FFFFL;
                boolean cf = c.arith.cf();
                int n = count % (bits + 1);
                boolean of;
                if (regField == 2) {
                    for (int i = 0; i < n; i++) {
                        boolean out = (r & sign) != 0;
                        r = ((r << 1) | (cf ? 1 : 0)) & mask;
                        cf = out;
                    }
                    of = ((r & sign) != 0) ^ cf;
                } else {
                    of = ((r & sign) != 0) ^ cf;
                    for (int i = 0; i < n; i++) {
                        boolean out = (r & 1) != 0;
                        r = (r >>> 1) | (cf ? sign : 0);
                        cf = out;
                    }
                }
                c.arith.setCarryOverflow(cf, of);
                return (int) r;
            }
        }
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
            case 2: { int t = checkIp(readEv()); push(c.eip); c.eip = t; return; }
            case 3: case 5: {
                if (eaReg) throw fault(6);
                int ip = readV(eaSeg, eaOff);
                int cs = read16(eaSeg, eaNext(op32 ? 4 : 2));
                checkIp(ip);
                if (regField == 3) pushFar();
                farJump(cs, ip);
                return;
            }
            case 4: c.eip = checkIp(readEv()); return;
            case 6: push(readEv()); return;
            default: throw fault(6); // FF /7 is undefined: #UD
        }
    }

    // ------------------------------------------------------------------------------------------------
    // BCD adjustments (SDM Vol. 2 "DAA", "DAS", "AAA", "AAS", "AAM", "AAD"); undefined flags per LazyFlags' rule

    private void daa() {
        int al = c.gpr[0] & 0xFF, f = c.arith.get();
        boolean cf = false, af = false;
        int r = al;
        if ((al & 0xF) > 9 || (f & LazyFlags.AF) != 0) {
            r = al + 6;
            cf = (f & CF) != 0 || r > 0xFF;
            af = true;
        }
        if (al > 0x99 || (f & CF) != 0) {
            r += 0x60;
            cf = true;
        } else {
            cf = false;
        }
        bcdResult(r & 0xFF, cf, af);
    }

    private void das() {
        int al = c.gpr[0] & 0xFF, f = c.arith.get();
        boolean cf = false, af = false;
        int r = al;
        if ((al & 0xF) > 9 || (f & LazyFlags.AF) != 0) {
            r = al - 6;
            cf = (f & CF) != 0 || r < 0;
            af = true;
        }
        if (al > 0x99 || (f & CF) != 0) {
            r -= 0x60;
            cf = true;
        }
        bcdResult(r & 0xFF, cf, af);
    }

    private void bcdResult(int al, boolean cf, boolean af) {
        c.setReg8(0, al);
        c.arith.setEager(shiftFlags(al, 1, cf, false) | (af ? LazyFlags.AF : 0));
    }

    /** AAA (adjust == +1) and AAS (-1): AX += 0x106 or AX -= 6, AH -= 1, as current processors do. */
    private void aaa() {
        asciiAdjust(true);
    }

    private void aas() {
        asciiAdjust(false);
    }

    private void asciiAdjust(boolean add) {
        int ax = c.gpr[0] & 0xFFFF;
        boolean adjust = (ax & 0xF) > 9 || c.arith.af();
        if (adjust) ax = add ? ax + 0x106 : ((ax - 6) & 0xFF) | (((ax >> 8) - 1) & 0xFF) << 8;
        ax = ax & 0xFF0F;
        c.setReg16(0, ax);
        c.arith.setEager(shiftFlags(ax & 0xFF, 1, adjust, false) | (adjust ? LazyFlags.AF : 0));
    }

    /** AAM imm8: AH = AL / imm8, AL = AL mod imm8; imm8 = 0 raises #DE. */
    private void aam(int base) {
        if (base == 0) throw fault(0);
        int al = c.gpr[0] & 0xFF;
        c.setReg16(0, (al / base) << 8 | al % base);
        c.arith.setEager(shiftFlags(al % base, 1, false, false));
    }

    /** AAD imm8: AL = AL + AH * imm8, AH = 0. */
    private void aad(int base) {
        int al = (c.gpr[0] + ((c.gpr[0] >> 8) & 0xFF) * base) & 0xFF;
        c.setReg16(0, al);
        c.arith.setEager(shiftFlags(al, 1, false, false));
    }

    /** BOUND r, m: #BR (vector 5, a fault) if the signed register lies outside [lower, upper] at m (SDM Vol. 2 "BOUND"). */
    private void bound() {
        decodeModrm();
        if (eaReg) throw fault(6);
        int size = opSize();
        int lower = readV(eaSeg, eaOff), upper = readV(eaSeg, eaNext(size));
        int idx = regV(regField);
        if (size == 2) {
            lower = (short) lower;
            upper = (short) upper;
            idx = (short) idx;
        }
        if (idx < lower || idx > upper) throw fault(5);
    }

    // ------------------------------------------------------------------------------------------------
    // Bit instructions (SDM Vol. 2 "BT", "BTS", "BTR", "BTC", "BSF", "BSR", "SHLD", "SHRD") and CMPXCHG, XADD

    /**
     * BT (kind 0), BTS (1), BTR (2), BTC (3). A register bit offset with a memory operand is a signed offset from
     * the operand's address (SDM Vol. 2 "BT", Figure 3-2): the word (dword) at EA + 2 × (offset >> 4) (4 × (offset
     * >> 5)), wrapped by the address size; an immediate offset or a register operand takes it modulo the size.
     * CF = the selected bit; ZF is unaffected; OF SF AF PF are undefined and left as they were.
     */
    private void bitOp(int kind, int offset, boolean immediate) {
        int size = opSize();
        int bits = size * 8;
        int bit = offset & (bits - 1);
        int v, off = eaOff;
        if (eaReg) {
            v = regV(rm);
        } else {
            if (!immediate) {
                int signed = size == 2 ? (short) offset : offset;
                int disp = (signed >> (size == 2 ? 4 : 5)) * size;
                off = addr32 ? eaOff + disp : (eaOff + disp) & 0xFFFF;
            }
            v = readV(eaSeg, off);
        }
        boolean set = (v >>> bit & 1) != 0;
        int f = c.arith.get() & ~CF | (set ? CF : 0);
        c.arith.setEager(f);
        if (kind == 0) return;
        int r = kind == 1 ? v | 1 << bit : kind == 2 ? v & ~(1 << bit) : v ^ 1 << bit;
        if (eaReg) setRegV(rm, r);
        else writeV(eaSeg, off, r);
    }

    /** BSF/BSR: source 0 sets ZF and leaves the destination as it was (Intel and AMD parts both do). */
    private void bitScan(boolean reverse) {
        int size = opSize();
        int src = readEv() & LazyFlags.mask(size);
        int f = c.arith.get();
        if (src == 0) {
            c.arith.setEager(f | LazyFlags.ZF);
            return;
        }
        int index = reverse ? 31 - Integer.numberOfLeadingZeros(src) : Integer.numberOfTrailingZeros(src);
        setRegV(regField, index);
        // ZF = 0 (the source was not 0; an index of 0 must not set it); undefined CF OF SF AF PF per the rule
        c.arith.setEager(shiftFlags(index, size, false, false) & ~LazyFlags.ZF);
    }

    /**
     * SHLD/SHRD Ev, Gv, count: count mod 32; 0 changes nothing. A 16-bit operand with a count above 16 has an
     * undefined result; modeled as shifting through dst:src:dst, as Intel parts do.
     */
    private void doubleShift(boolean left, int rawCount) {
        int count = rawCount & 0x1F;
        int size = opSize();
        int dst = readEv();
        if (count == 0) return;
        int src = regV(regField);
        int bits = size * 8;
        long m = LazyFlags.mask(size) & 0xFFFF_FFFFL;
        long d = dst & m, s = src & m;
        long res;
        boolean cf;
        if (size == 2 && left) { // 48 bits dst:src:dst shifted left; the result is the top 16
            long w = d << 32 | s << 16 | d;
            res = (w >>> (32 - count)) & m;
            cf = (w >>> (48 - count) & 1) != 0;
        } else if (size == 2) { // 48 bits dst:src:dst (dst lowest) shifted right; the result is the low 16
            long w = d << 32 | s << 16 | d;
            res = (w >>> count) & m;
            cf = (w >>> (count - 1) & 1) != 0;
        } else if (left) {
            res = (d << count | s >>> (bits - count)) & m;
            cf = (d >>> (bits - count) & 1) != 0;
        } else {
            res = (d >>> count | s << (bits - count)) & m;
            cf = (d >>> (count - 1) & 1) != 0;
        }
        long sb = LazyFlags.signBit(size) & 0xFFFF_FFFFL;
        boolean of = ((res ^ d) & sb) != 0; // defined for count 1: the sign changed
        c.arith.setEager(shiftFlags(res, size, cf, of));
        writeEv((int) res);
    }

    /** CMPXCHG: compare the accumulator with the destination (flags as CMP); equal: dest = src, else acc = dest. */
    private void cmpxchg(int size) {
        int dst = readSizedE(size) & LazyFlags.mask(size);
        int acc = c.gpr[0] & LazyFlags.mask(size);
        alu(7, size, acc, dst);
        if (acc == dst) {
            writeSizedE(size, size == 1 ? reg8(regField) : regV(regField));
        } else {
            writeSizedE(size, dst); // the processor writes the destination either way (SDM Vol. 2 "CMPXCHG")
            setRegSized(0, size, dst);
        }
    }

    /** XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP (flags as ADD). */
    private void xadd(int size) {
        int dst = readSizedE(size);
        int src = size == 1 ? reg8(regField) : regV(regField);
        int sum = alu(0, size, dst, src);
        if (size == 1) c.setReg8(regField, dst);
        else setRegV(regField, dst);
        writeSizedE(size, sum);
    }

    // ------------------------------------------------------------------------------------------------
    // String instructions (MOVS, CMPS, STOS, LODS, SCAS) with REP/REPE/REPNE

    /**
     * MOVS CMPS STOS LODS SCAS without a REP prefix: one iteration, as {@link #stringOp}'s loop body does it,
     * without the loop's count, budget and bulk logic (LODSB in a loop is common code).
     */
    private void stringOnce(int op, int size) {
        int step = (c.flagsOther & Cpu.DF) != 0 ? -size : size;
        switch (op) {
            case 0xAC: case 0xAD:
                setRegSized(0, size, readSized(dataSeg(), index(Reg.ESI), size));
                setIndex(Reg.ESI, index(Reg.ESI) + step);
                return;
            case 0xAA: case 0xAB:
                writeSized(Seg.ES, index(Reg.EDI), size, c.gpr[0]);
                setIndex(Reg.EDI, index(Reg.EDI) + step);
                return;
            case 0xA4: case 0xA5:
                writeSized(Seg.ES, index(Reg.EDI), size, readSized(dataSeg(), index(Reg.ESI), size));
                setIndex(Reg.ESI, index(Reg.ESI) + step);
                setIndex(Reg.EDI, index(Reg.EDI) + step);
                return;
            default:
                stringOp(op, size); // CMPS, SCAS
        }
    }

    private void stringOp(int op, int size) {
        boolean rep = repPrefix != 0;
        if (rep && counter() == 0) return;
        int step = (c.flagsOther & Cpu.DF) != 0 ? -size : size;
        int src = dataSeg();
        boolean bulk = rep && op <= 0xAB && (op <= 0xA5 || op >= 0xAA); // REP MOVS, REP STOS
        for (;;) {
            long done = bulk ? bulkStringOp(op == 0xAA || op == 0xAB, size, step, src) : 0;
            if (done > 0) { // as many iterations as the loop below would have done one by one, and counted alike
                c.instructions += done - 1;
                long left = counter() - done;
                setCounter(left);
                if (left == 0) return;
                if (c.instructions + 1 >= runEnd) {
                    c.eip = startIp;
                    return;
                }
                c.instructions++;
                continue;
            }
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

    /**
     * REP MOVS / REP STOS iterations done at once on RAM, without an access that could fault or exit: returns how
     * many it did (0 when the next one needs the one-by-one path). Never more than the count, the budget allows
     * ({@link #unitsLeft}: a single-stepped REP still stops after one iteration), nor than stay inside the segment
     * limits, the address size (no SI/DI wrap) and RAM. A MOVS whose source and destination overlap is left to
     * the one-by-one path, whose element order the overlap makes visible.
     */
    private long bulkStringOp(boolean stos, int size, int step, int srcSeg) {
        long n = Math.min(counter(), unitsLeft());
        long d = index(Reg.EDI) & 0xFFFF_FFFFL;
        n = Math.min(n, bulkRoom(Seg.ES, d, size, step));
        long s = 0;
        if (!stos) {
            s = index(Reg.ESI) & 0xFFFF_FFFFL;
            n = Math.min(n, bulkRoom(srcSeg, s, size, step));
        }
        if (n <= 1) return 0; // one iteration: the ordinary path is as fast and exact by construction
        long bytes = n * size;
        // lowest linear address each side covers
        long dLo = (c.segBase[Seg.ES] & 0xFFFF_FFFFL) + (step > 0 ? d : d - bytes + size);
        if (stos) {
            fill((int) dLo, (int) bytes, size, c.gpr[Reg.EAX]);
        } else {
            long sLo = (c.segBase[srcSeg] & 0xFFFF_FFFFL) + (step > 0 ? s : s - bytes + size);
            if (sLo < dLo + bytes && dLo < sLo + bytes) return 0;
            System.arraycopy(ram, (int) sLo, ram, (int) dLo, (int) bytes);
            setIndex(Reg.ESI, (int) (s + n * step));
        }
        setIndex(Reg.EDI, (int) (d + n * step));
        return n;
    }

    /**
     * How many {@code size}-byte elements at offsets {@code off}, {@code off + step}, ... lie inside {@code seg}'s
     * limit, inside the address size's offsets (so SI/DI never wrap in between) and inside RAM. All in longs: every
     * operand is below 2^32.
     */
    private long bulkRoom(int seg, long off, int size, int step) {
        long limit = Math.min(c.segLimit[seg] & 0xFFFF_FFFFL, addr32 ? 0xFFFF_FFFFL : 0xFFFF);
        long base = c.segBase[seg] & 0xFFFF_FFFFL;
        long lastByte = Math.min(limit, ramSize - 1 - base); // highest offset whose byte is addressable
        if (off + size - 1 > lastByte) return 0;
        return step > 0 ? (lastByte - off - (size - 1)) / size + 1 : off / size + 1;
    }

    /** STOS's store of {@code bytes / size} copies of the low {@code size} bytes of {@code v} from RAM index {@code at}. */
    private void fill(int at, int bytes, int size, int v) {
        if (size == 1) {
            java.util.Arrays.fill(ram, at, at + bytes, (byte) v);
            return;
        }
        for (int i = 0; i < bytes; i += size) {
            ram[at + i] = (byte) v;
            ram[at + i + 1] = (byte) (v >>> 8);
            if (size == 4) {
                ram[at + i + 2] = (byte) (v >>> 16);
                ram[at + i + 3] = (byte) (v >>> 24);
            }
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

    /**
     * ModR/M: the register form inline, the memory forms in {@link #decodeMemoryOperand}. That one is kept larger
     * than HotSpot inlines a hot callee (FreqInlineSize, 325 bytecodes) on purpose: every instruction's decode then
     * inlines only these few bytes, and the compiled {@link #execute}'s inlining budget (DesiredMethodLimit, 8000
     * bytecodes with everything it inlines) is left to the instructions themselves instead of a copy of the
     * memory-form decoder per opcode.
     */
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
        decodeMemoryOperand();
    }

    /** The memory forms of ModR/M (16-bit: SDM Vol. 2 Table 2-1; 32-bit with SIB: Tables 2-2 and 2-3). */
    private void decodeMemoryOperand() {
        int off;
        int seg = Seg.DS;
        if (!addr32) {
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
            return;
        }
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

    /**
     * Offset {@code delta} bytes past the decoded one, for a multi-part operand's later part (far pointers,
     * LGDT/SGDT, BOUND): the effective address is computed in the address size, so with 16-bit addressing it wraps
     * within the segment (SDM Vol. 1 §3.7.5: 16-bit effective addresses are taken modulo 2^16).
     */
    private int eaNext(int delta) {
        return addr32 ? eaOff + delta : (eaOff + delta) & 0xFFFF;
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
        return peekAt(c.eip);
    }

    /**
     * A fetch at or past {@link #fetchEnd}: byte 16 of an instruction or EIP beyond the CS limit raises #GP(0)
     * (SDM Vol. 2 §2.3.11; Vol. 3A §21.1.1); a fetch from outside RAM cannot be done. Returns normally when the
     * byte is fetchable after all (fetchEnd was lowered for the length limit).
     */
    private void fetchSlow(int ip) {
        if (ip - startIp >= MAX_LENGTH) throw fault(13);
        if (Integer.compareUnsigned(ip, c.segLimit[Seg.CS]) > 0) throw fault(13);
        long lin = (c.segBase[Seg.CS] & 0xFFFF_FFFFL) + (ip & 0xFFFF_FFFFL);
        if (lin >= ramSize) fetchOutsideRam(lin);
    }

    /**
     * Two code bytes with one check of the fetch window; near its end (the CS limit, RAM, the 15-byte length
     * limit) byte by byte, so a fault or stop happens at the byte that causes it.
     */
    private int fetch16() {
        int ip = c.eip;
        if ((ip & 0xFFFF_FFFFL) + 2 > fetchEnd) {
            int lo = fetch8();
            return lo | fetch8() << 8;
        }
        c.eip = ip + 2;
        int i = fetchBase + ip;
        return (ram[i] & 0xFF) | (ram[i + 1] & 0xFF) << 8;
    }

    private int fetch32() {
        int ip = c.eip;
        if ((ip & 0xFFFF_FFFFL) + 4 > fetchEnd) {
            int lo = fetch8() | fetch8() << 8;
            return lo | fetch8() << 16 | fetch8() << 24;
        }
        c.eip = ip + 4;
        int i = fetchBase + ip;
        return (ram[i] & 0xFF) | (ram[i + 1] & 0xFF) << 8 | (ram[i + 2] & 0xFF) << 16 | (ram[i + 3] & 0xFF) << 24;
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
        exit.detail = CpuExit.WORDS.phrase("fetchOutsideRam", lin, ramSize);
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
            exit.detail = CpuExit.WORDS.phrase("twoMmioWrites");
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

    /** The {@code k}-th operand-sized stack element above SS:SP, read without popping it. */
    private int stackAt(int k) {
        return readV(Seg.SS, (c.gpr[Reg.ESP] + k * opSize()) & 0xFFFF);
    }

    private void adjustSp(int delta) {
        c.setReg16(Reg.ESP, c.gpr[Reg.ESP] + delta);
    }
}
