package org.kvmworkbench.core.cpu;

/**
 * Architectural state of the simulated x86 vCPU in real-address mode: what a VMCS guest-state area
 * holds (SDM Vol. 3C §25.4) for a real-mode guest. Segment bases are kept apart from selectors
 * because that is how the hardware (and the VMCS) keeps them: base = selector × 16 after a real-mode load.
 */
public final class Cpu {
    /** EFLAGS bits other than the arithmetic ones (SDM Vol. 1 §3.4.3). */
    public static final int FLAG_RESERVED1 = 1 << 1, TF = 1 << 8, IF = 1 << 9, DF = 1 << 10,
            IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16, VM = 1 << 17, AC = 1 << 18, ID = 1 << 21;
    /** Bits POPF can change in real mode (32-bit operand); VM and RF are never set by POPF. */
    static final int POPF_MASK = LazyFlags.ARITH | TF | IF | DF | IOPL | NT | AC | ID;

    public static final int DR6_INIT = 0xFFFF_0FF0, DR7_INIT = 0x400;
    /** CR0 bits (SDM Vol. 3A §2.5, Figure 2-7); CR0_DEFINED are those MOV to CR0 can change (the rest are ignored). */
    public static final long CR0_PE = 1, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4,
            CR0_NE = 1 << 5, CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1L << 29, CR0_CD = 1L << 30, CR0_PG = 1L << 31,
            CR0_DEFINED = CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_NW | CR0_CD | CR0_PG;
    public static final long CR4_DE = 1 << 3, CR4_PCIDE = 1 << 17;

    public final int[] gpr = new int[8];
    public final int[] selector = new int[6];
    public final int[] segBase = new int[6];
    public final int[] segLimit = new int[6];
    /** VMX access-rights format (SDM Vol. 3C §25.4.1, Table 25-2): 0x93 data, 0x9B code in real mode. */
    public final int[] segAccess = new int[6];
    public int eip;
    public final LazyFlags arith = new LazyFlags();
    /** The non-arithmetic EFLAGS bits (bit 1 always set). */
    public int flagsOther = FLAG_RESERVED1;

    public long cr0 = 0x60000010L; // CD | NW | ET: the power-on value (SDM Vol. 3A §10.1.1, Table 10-1)
    public long cr2, cr3, cr4, efer;
    /** DR0-DR7; DR4/DR5 are aliases of DR6/DR7 (CR4.DE = 0). Power-on DR6 = FFFF0FF0H, DR7 = 400H (SDM Vol. 3A Table 10-1). */
    public final int[] dr = new int[8];
    public int idtrBase, idtrLimit = 0x3FF, gdtrBase, gdtrLimit = 0xFFFF;
    /** The x87 FPU's registers, status, control and tag words. */
    public final X87 fpu = new X87();
    /** Instructions retired since reset; drives the guest's RDTSC when RDTSC does not exit. */
    public long instructions;
    /**
     * Moves at every write of a segment register, CR0, CR3, CR4, EFER, GDTR or IDTR, so the simulated VMCS saves
     * those 32 fields again only when it moved. {@link #loadSegment} and {@link #reset} count their writes; code that
     * assigns those fields itself calls {@link #systemStateWritten}.
     */
    private long systemStateVersion;

    public Cpu() {
        reset();
    }

    public void reset() {
        java.util.Arrays.fill(gpr, 0);
        for (int s = 0; s < 6; s++) {
            selector[s] = 0;
            segBase[s] = 0;
            segLimit[s] = 0xFFFF;
            segAccess[s] = s == Seg.CS ? 0x9B : 0x93;
        }
        eip = 0;
        flagsOther = FLAG_RESERVED1;
        arith.setEager(0);
        cr0 = 0x60000010L;
        cr2 = cr3 = cr4 = efer = 0;
        java.util.Arrays.fill(dr, 0);
        dr[6] = DR6_INIT;
        dr[7] = DR7_INIT;
        fpu.reset();
        idtrBase = 0;
        idtrLimit = 0x3FF;
        gdtrBase = 0;
        gdtrLimit = 0xFFFF;
        instructions = 0;
        systemStateVersion++;
    }

    public long systemStateVersion() {
        return systemStateVersion;
    }

    /** A segment register, CR0, CR3, CR4, EFER, GDTR or IDTR was assigned directly. */
    public void systemStateWritten() {
        systemStateVersion++;
    }

    public int eflags() {
        return flagsOther | arith.get();
    }

    public void setEflags(int value) {
        flagsOther = (value & ~LazyFlags.ARITH & ~(1 << 3) & ~(1 << 5) & ~(1 << 15)) | FLAG_RESERVED1;
        arith.setEager(value);
    }

    /** Real-mode segment load: base = selector << 4 (SDM Vol. 3A §21.1.1). */
    public void loadSegment(int seg, int value) {
        selector[seg] = value & 0xFFFF;
        segBase[seg] = (value & 0xFFFF) << 4;
        systemStateVersion++;
    }

    public boolean interruptsEnabled() {
        return (flagsOther & IF) != 0;
    }

    public int reg16(int r) {
        return gpr[r] & 0xFFFF;
    }

    public void setReg16(int r, int v) {
        gpr[r] = (gpr[r] & 0xFFFF_0000) | (v & 0xFFFF);
    }

    public int reg8(int r) {
        return r < 4 ? gpr[r] & 0xFF : (gpr[r - 4] >>> 8) & 0xFF;
    }

    public void setReg8(int r, int v) {
        if (r < 4) gpr[r] = (gpr[r] & 0xFFFF_FF00) | (v & 0xFF);
        else gpr[r - 4] = (gpr[r - 4] & 0xFFFF_00FF) | ((v & 0xFF) << 8);
    }

    /** Linear address of CS:IP. */
    public long linearIp() {
        return (segBase[Seg.CS] & 0xFFFF_FFFFL) + (eip & 0xFFFF_FFFFL);
    }

    /** Real-mode reset of the guest to CS:IP with the usual flat state (kvmtool and Firecracker do the same). */
    public void startAt(int cs, int ip) {
        loadSegment(Seg.CS, cs);
        eip = ip & 0xFFFF;
    }
}
