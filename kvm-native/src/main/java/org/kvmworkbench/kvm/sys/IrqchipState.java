package org.kvmworkbench.kvm.sys;

/**
 * struct kvm_irqchip (include/uapi/linux/kvm.h), 520 bytes: u32 chip_id, u32 pad, then a 512-byte union at 8
 * whose PIC member is struct kvm_pic_state (arch/x86/include/uapi/asm/kvm.h, 16 × u8). The argument of
 * KVM_GET_IRQCHIP (KVM fills the union for the chip named by chip_id).
 */
public final class IrqchipState extends StructView {
    public static final int SIZE = 520, CHIP_ID = 0, CHIP = 8;
    /** chip_id values (asm/kvm.h): KVM_IRQCHIP_PIC_MASTER 0, KVM_IRQCHIP_PIC_SLAVE 1, KVM_IRQCHIP_IOAPIC 2. */
    public static final int PIC_MASTER = 0, PIC_SLAVE = 1;
    /** struct kvm_pic_state offsets inside the union (asm/kvm.h). */
    public static final int PIC_LAST_IRR = 0, PIC_IRR = 1, PIC_IMR = 2, PIC_ISR = 3, PIC_PRIORITY_ADD = 4,
            PIC_IRQ_BASE = 5, PIC_READ_REG_SELECT = 6, PIC_POLL = 7, PIC_SPECIAL_MASK = 8, PIC_INIT_STATE = 9,
            PIC_AUTO_EOI = 10, PIC_ROTATE_ON_AUTO_EOI = 11, PIC_SPECIAL_FULLY_NESTED_MODE = 12, PIC_INIT4 = 13,
            PIC_ELCR = 14, PIC_ELCR_MASK = 15, PIC_STATE_SIZE = 16;

    public IrqchipState() {
        super(SIZE);
    }

    /** Prepare for KVM_GET_IRQCHIP of {@code chipId}. */
    public void select(int chipId) {
        clear();
        buf.putInt(CHIP_ID, chipId);
    }

    /** Byte {@code field} (a PIC_* offset) of the PIC state KVM returned. */
    public int pic(int field) {
        return buf.get(CHIP + field) & 0xFF;
    }
}
