package org.kvmworkbench.core.device;

/**
 * The interrupt controller's input pins as the device models see them: IRQ n of the 8259A pair (GSI n on KVM).
 * On the simulator they go to the PIC model; on KVM to the in-kernel irqchip (KVM_IRQ_LINE or an irqfd).
 */
public interface IrqLines {
    /** A board with no interrupt controller: every line goes nowhere. */
    IrqLines NONE = irq -> IrqLine.NONE;

    IrqLine line(int irq);
}
