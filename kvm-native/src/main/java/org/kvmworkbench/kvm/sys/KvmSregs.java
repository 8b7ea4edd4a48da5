package org.kvmworkbench.kvm.sys;

import com.sun.jna.Pointer;

/**
 * struct kvm_sregs (arch/x86/include/uapi/asm/kvm.h), 312 bytes: eight struct kvm_segment (24 bytes each: u64 base,
 * u32 limit, u16 selector, u8 type, present, dpl, db, s, l, g, avl, unusable, padding), then struct kvm_dtable gdt
 * and idt (u64 base, u16 limit), then cr0, cr2, cr3, cr4, cr8, efer, apic_base and the interrupt bitmap.
 */
public final class KvmSregs extends StructView {
    public static final int SIZE = 312;
    /** Segment slots in struct order. */
    public static final int CS = 0, DS = 1, ES = 2, FS = 3, GS = 4, SS = 5, TR = 6, LDT = 7;
    public static final int SEGMENT_SIZE = 24;
    static final int SEG_BASE = 0, SEG_LIMIT = 8, SEG_SELECTOR = 12, SEG_TYPE = 14, SEG_PRESENT = 15, SEG_DPL = 16,
            SEG_DB = 17, SEG_S = 18, SEG_L = 19, SEG_G = 20, SEG_AVL = 21, SEG_UNUSABLE = 22;
    public static final int GDT = 192, IDT = 208, DTABLE_BASE = 0, DTABLE_LIMIT = 8;
    public static final int CR0 = 224, CR2 = 232, CR3 = 240, CR4 = 248, EFER = 264;

    public KvmSregs() {
        super(SIZE);
    }

    public KvmSregs(Pointer at) {
        super(at, SIZE);
    }

    public int selector(int seg) {
        return buf.getShort(seg * SEGMENT_SIZE + SEG_SELECTOR) & 0xFFFF;
    }

    public long base(int seg) {
        return buf.getLong(seg * SEGMENT_SIZE + SEG_BASE);
    }

    public long limit(int seg) {
        return buf.getInt(seg * SEGMENT_SIZE + SEG_LIMIT) & 0xFFFF_FFFFL;
    }

    /** The D/B flag: 1 = 32-bit default operand size (for CS). */
    public boolean defaultOperand32(int seg) {
        return u8(seg, SEG_DB) != 0;
    }

    private int u8(int seg, int field) {
        return buf.get(seg * SEGMENT_SIZE + field) & 0xFF;
    }

    /** A real-mode segment: base = selector * 16, 64 KiB limit; type and flags stay as KVM set them. */
    public void setRealModeSegment(int seg, int selector) {
        int at = seg * SEGMENT_SIZE;
        buf.putShort(at + SEG_SELECTOR, (short) selector);
        buf.putLong(at + SEG_BASE, (long) selector << 4);
        buf.putInt(at + SEG_LIMIT, 0xFFFF);
    }

    /**
     * The segment's access rights in the VMCS format (SDM Vol. 3C §25.4.1 "Guest Register State"): type 3:0,
     * S 4, DPL 6:5, P 7, AVL 12, L 13, D/B 14, G 15, unusable 16.
     */
    public long vmxAccessRights(int seg) {
        return u8(seg, SEG_TYPE) & 0xF | (u8(seg, SEG_S) & 1) << 4 | (u8(seg, SEG_DPL) & 3) << 5
                | (u8(seg, SEG_PRESENT) & 1) << 7 | (u8(seg, SEG_AVL) & 1) << 12 | (u8(seg, SEG_L) & 1) << 13
                | (u8(seg, SEG_DB) & 1) << 14 | (u8(seg, SEG_G) & 1) << 15 | (long) (u8(seg, SEG_UNUSABLE) & 1) << 16;
    }

    public long tableBase(int table) {
        return buf.getLong(table + DTABLE_BASE);
    }

    public int tableLimit(int table) {
        return buf.getShort(table + DTABLE_LIMIT) & 0xFFFF;
    }

    public void setTable(int table, long base, int limit) {
        buf.putLong(table + DTABLE_BASE, base);
        buf.putShort(table + DTABLE_LIMIT, (short) limit);
    }

    /** CR0, CR2, CR3, CR4 or EFER by offset. */
    public long get(int offset) {
        return buf.getLong(offset);
    }

    public void set(int offset, long value) {
        buf.putLong(offset, value);
    }
}
