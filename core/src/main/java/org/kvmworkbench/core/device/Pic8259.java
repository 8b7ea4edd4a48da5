package org.kvmworkbench.core.device;

/**
 * One Intel 8259A programmable interrupt controller, the state and decoding of Linux's in-kernel model
 * (arch/x86/kvm/i8259.c, whose fields {@code struct kvm_pic_state} in uapi asm/kvm.h exports 1:1), so the simulator's
 * chip and KVM's behave alike. Not thread-safe: {@link Pic8259Pair} holds the lock.
 *
 * <p>Where this differs from KVM, it follows the 8259A datasheet: the poll command (OCW3 bit 2) makes the next
 * read an interrupt acknowledge and returns 0x80 | level ("1000 0WWW"), or 0 when nothing is requested.
 */
final class Pic8259 {
    final boolean master;
    /** Input levels as last driven, for edge detection (KVM's last_irr). */
    int lastIrr;
    int irr, imr, isr;
    /** Rotation: the pin with priority 0 is (priorityAdd & 7). */
    int priorityAdd;
    /** Vector of IR0: ICW2 & 0xF8. */
    int irqBase;
    boolean readIsr, poll, specialMask, autoEoi, rotateOnAutoEoi, specialFullyNested, init4;
    /** 0 = initialised (OCW1 on the odd port), 1-3 = expecting ICW2, ICW3, ICW4. */
    int initState;
    /** Edge/level control (ELCR, ports 0x4D0/0x4D1): bit set = level-triggered. */
    int elcr;
    final int elcrMask;

    Pic8259(boolean master) {
        this.master = master;
        // Pins that are always edge-triggered: IRQ 0, 1, 2 on the master, IRQ 8 and 13 on the slave (KVM's masks).
        this.elcrMask = master ? 0xF8 : 0xDE;
    }

    void powerOn() {
        lastIrr = irr = imr = isr = priorityAdd = irqBase = initState = elcr = 0;
        readIsr = poll = specialMask = autoEoi = rotateOnAutoEoi = specialFullyNested = init4 = false;
    }

    /** Drive input pin {@code pin} (0..7). Edge: IRR latches a 0→1 change; level: IRR follows the pin. */
    void setPin(int pin, boolean level) {
        int mask = 1 << pin;
        if ((elcr & mask) != 0) {
            irr = level ? irr | mask : irr & ~mask;
        } else if (level && (lastIrr & mask) == 0) {
            irr |= mask;
        }
        lastIrr = level ? lastIrr | mask : lastIrr & ~mask;
    }

    /** Priority (0 highest) of the highest-priority bit in {@code mask}, or 8 when none. */
    private int priority(int mask) {
        if (mask == 0) return 8;
        int p = 0;
        while ((mask & (1 << ((p + priorityAdd) & 7))) == 0) p++;
        return p;
    }

    /** The pin this chip would raise INT for now, or -1: requested, unmasked, and above everything in service. */
    int pendingPin() {
        int p = priority(irr & ~imr);
        if (p == 8) return -1;
        int inService = isr;
        if (specialFullyNested && master) inService &= ~(1 << 2); // the slave may nest its own priorities
        if (specialMask) inService &= ~imr;
        return p < priority(inService) ? (p + priorityAdd) & 7 : -1;
    }

    /** The INTA cycle for {@code pin}: into service (unless auto-EOI), an edge request is consumed. */
    void acknowledge(int pin) {
        int mask = 1 << pin;
        if (autoEoi) {
            if (rotateOnAutoEoi) priorityAdd = (pin + 1) & 7;
        } else {
            isr |= mask;
        }
        if ((elcr & mask) == 0) irr &= ~mask;
    }

    /** Even port (0x20 / 0xA0): ICW1, OCW2 or OCW3. */
    void writeCommand(int val) {
        if ((val & 0x10) != 0) { // ICW1
            init4 = (val & 0x01) != 0;
            lastIrr = 0;
            irr &= elcr; // a level request that is still asserted survives
            imr = isr = priorityAdd = 0;
            specialMask = readIsr = poll = false;
            if (!init4) specialFullyNested = autoEoi = false;
            initState = 1;
        } else if ((val & 0x08) != 0) { // OCW3
            if ((val & 0x04) != 0) poll = true;
            if ((val & 0x02) != 0) readIsr = (val & 0x01) != 0;
            if ((val & 0x40) != 0) specialMask = (val & 0x20) != 0;
        } else { // OCW2: bits 7:5 = R, SL, EOI
            int cmd = val >> 5 & 7;
            switch (cmd) {
                case 0, 4 -> rotateOnAutoEoi = cmd == 4;
                case 1, 5 -> { // non-specific EOI (5: and rotate)
                    int p = priority(isr);
                    if (p != 8) {
                        int pin = (p + priorityAdd) & 7;
                        if (cmd == 5) priorityAdd = (pin + 1) & 7;
                        isr &= ~(1 << pin);
                    }
                }
                case 3 -> isr &= ~(1 << (val & 7));                 // specific EOI
                case 6 -> priorityAdd = (val + 1) & 7;               // set priority: pin val&7 lowest
                case 7 -> {                                          // rotate on specific EOI
                    priorityAdd = ((val & 7) + 1) & 7;
                    isr &= ~(1 << (val & 7));
                }
                default -> { } // 2: no operation
            }
        }
    }

    /** Odd port (0x21 / 0xA1): ICW2-ICW4 during initialisation, else OCW1 (the mask). */
    void writeData(int val) {
        switch (initState) {
            case 1 -> {
                irqBase = val & 0xF8;
                initState = 2;
            }
            case 2 -> initState = init4 ? 3 : 0; // ICW3: cascade wiring, fixed on this board
            case 3 -> {
                specialFullyNested = (val & 0x10) != 0;
                autoEoi = (val & 0x02) != 0;
                initState = 0;
            }
            default -> imr = val;
        }
    }

    /** Even-port read without poll: IRR or ISR as OCW3 selected. */
    int readCommand() {
        return readIsr ? isr : irr;
    }

    void writeElcr(int val) {
        elcr = val & elcrMask;
    }
}
