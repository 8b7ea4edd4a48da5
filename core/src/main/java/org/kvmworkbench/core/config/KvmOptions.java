package org.kvmworkbench.core.config;

/**
 * Options that only matter on the KVM backend.
 * @param irqchip KVM's in-kernel PIC/IOAPIC/LAPIC (KVM_CREATE_IRQCHIP): HLT with IF=1 sleeps in the kernel, and the
 *                board's i8259/i8254 are KVM's own
 * @param irqfd   with the irqchip, devices raise their IRQ by writing an eventfd registered with KVM_IRQFD (one
 *                write(2) per edge) instead of KVM_IRQ_LINE (two ioctl(2)s per edge); lets the two be compared
 */
public record KvmOptions(boolean irqchip, boolean irqfd) {
    public KvmOptions(boolean irqchip) {
        this(irqchip, false);
    }

    public static KvmOptions defaults() {
        return new KvmOptions(false, false);
    }
}
