package org.kvmworkbench.core.device;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.bus.BusDevice;

/**
 * The PC/AT interrupt controller: two cascaded {@link Pic8259}s, the slave's INT on master IR2, with the ELCR pair.
 * Device lines IRQ 0-7 go to the master, 8-15 to the slave. Like KVM's {@code pic_update_irq} (i8259.c), a request
 * pending on the slave pulses master IR2 on every update. {@link #hasInterrupt()} is the CPU's INTR pin and
 * {@link #acknowledge()} the INTA cycle that returns the vector ({@code kvm_pic_read_irq}): with nothing left to
 * acknowledge, a spurious IRQ 7 (master) or IRQ 15 (slave) vector, nothing put in service.
 *
 * <p>Thread-safe: devices raise lines from the vCPU thread, the console's input thread or a device thread; the INTR
 * pin is a volatile the CPU reads once per instruction boundary.
 */
public final class Pic8259Pair implements Device {
    private static final Messages M = Messages.of(Pic8259Pair.class);
    private final Pic8259 master = new Pic8259(true);
    private final Pic8259 slave = new Pic8259(false);
    private final IrqLine[] lines = new IrqLine[16];
    private volatile boolean intr;
    /** Told when INTR rises (e.g. to kick a running vCPU); called with this pair's lock held, so it must not block. */
    private volatile Runnable onRequest = () -> { };
    private long acknowledged, spurious;
    /** The IRQ the last {@link #acknowledge()} put in service, or -1 for a spurious one. */
    private int lastIrq = -1;

    public Pic8259Pair() {
        for (int i = 0; i < 16; i++) {
            int irq = i;
            lines[i] = level -> setIrq(irq, level);
        }
        master.powerOn();
        slave.powerOn();
    }

    @Override public String name() {
        return "pic";
    }

    /** The pins devices drive: IRQ 0-15 (any other number goes nowhere). */
    public IrqLines lines() {
        return irq -> irq >= 0 && irq < 16 ? lines[irq] : IrqLine.NONE;
    }

    public void setRequestListener(Runnable listener) {
        onRequest = listener == null ? () -> { } : listener;
    }

    public synchronized void setIrq(int irq, boolean level) {
        if (irq < 0 || irq > 15) return;
        (irq < 8 ? master : slave).setPin(irq & 7, level);
        update();
    }

    private void update() {
        if (slave.pendingPin() >= 0) {
            master.setPin(2, true);
            master.setPin(2, false);
        }
        boolean before = intr;
        intr = master.pendingPin() >= 0;
        if (intr && !before) onRequest.run();
    }

    /** The INTR pin: an unmasked request above everything in service. */
    public boolean hasInterrupt() {
        return intr;
    }

    /** INTA: puts the highest request in service and returns its vector (a spurious IRQ 7/15 vector if none). */
    public synchronized int acknowledge() {
        int pin = master.pendingPin();
        int vector;
        lastIrq = -1;
        if (pin < 0) {
            spurious++;
            vector = master.irqBase + 7;
        } else {
            master.acknowledge(pin);
            if (pin == 2) {
                int spin = slave.pendingPin();
                if (spin >= 0) {
                    slave.acknowledge(spin);
                    vector = slave.irqBase + spin;
                    lastIrq = 8 + spin;
                } else {
                    spurious++;
                    vector = slave.irqBase + 7;
                }
            } else {
                vector = master.irqBase + pin;
                lastIrq = pin;
            }
            acknowledged++;
        }
        update();
        return vector;
    }

    /** The IRQ (0-15) the last acknowledge put in service, or -1 when it was spurious. */
    public synchronized int lastAcknowledgedIrq() {
        return lastIrq;
    }

    /** The vector {@link #acknowledge()} would return for {@code irq}: what the BIOS programmed into ICW2. */
    public synchronized int vectorOf(int irq) {
        return irq < 8 ? master.irqBase + (irq & 7) : slave.irqBase + (irq & 7);
    }

    // ---- the three port windows: master 0x20-0x21 (this device), slave 0xA0-0xA1, ELCR 0x4D0-0x4D1

    @Override public long read(int offset, int size) {
        return readChip(master, offset);
    }

    @Override public void write(int offset, int size, long value) {
        writeChip(master, offset, (int) value & 0xFF);
    }

    /** The slave's window (0xA0-0xA1). */
    public BusDevice slaveWindow() {
        return new BusDevice() {
            @Override public long read(int offset, int size) {
                return readChip(slave, offset);
            }

            @Override public void write(int offset, int size, long value) {
                writeChip(slave, offset, (int) value & 0xFF);
            }
        };
    }

    /** The edge/level control registers (0x4D0 master, 0x4D1 slave). */
    public BusDevice elcrWindow() {
        return new BusDevice() {
            @Override public long read(int offset, int size) {
                synchronized (Pic8259Pair.this) {
                    return (offset & 1) == 0 ? master.elcr : slave.elcr;
                }
            }

            @Override public void write(int offset, int size, long value) {
                synchronized (Pic8259Pair.this) {
                    ((offset & 1) == 0 ? master : slave).writeElcr((int) value & 0xFF);
                    update();
                }
            }
        };
    }

    private synchronized int readChip(Pic8259 chip, int offset) {
        if (chip.poll) {
            chip.poll = false;
            int pin = chip.pendingPin();
            if (pin < 0) return 0;
            chip.acknowledge(pin);
            update();
            return 0x80 | pin;
        }
        return (offset & 1) == 0 ? chip.readCommand() : chip.imr;
    }

    private synchronized void writeChip(Pic8259 chip, int offset, int value) {
        if ((offset & 1) == 0) chip.writeCommand(value);
        else chip.writeData(value);
        update();
    }

    @Override public synchronized void reset() {
        master.powerOn();
        slave.powerOn();
        acknowledged = spurious = 0;
        lastIrq = -1;
        update();
    }

    /** IRR, ISR, IMR of the master (bits 0-7) and slave (bits 8-15). */
    public synchronized int irr() {
        return master.irr | slave.irr << 8;
    }

    public synchronized int isr() {
        return master.isr | slave.isr << 8;
    }

    public synchronized int imr() {
        return master.imr | slave.imr << 8;
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        List<DeviceSnapshot.Register> regs = new ArrayList<>();
        chipRegisters(regs, M.get("master"), master);
        chipRegisters(regs, M.get("slave"), slave);
        List<String> details = List.of(
                M.get(intr ? "detail.intr.raised" : "detail.intr.low"),
                M.format("detail.acknowledged", acknowledged, spurious));
        return new DeviceSnapshot(name(), regs, details);
    }

    private static void chipRegisters(List<DeviceSnapshot.Register> regs, String which, Pic8259 chip) {
        int base = chip.master ? 0 : 8;
        regs.add(reg(which + " IRR", chip.irr, M.format("irr", irqs(chip.irr, base))));
        regs.add(reg(which + " ISR", chip.isr, M.format("isr", irqs(chip.isr, base))));
        regs.add(reg(which + " IMR", chip.imr, M.format("imr", irqs(chip.imr, base))));
        regs.add(reg(which + " ELCR", chip.elcr, M.format("elcr", irqs(chip.elcr, base))));
        regs.add(reg(M.format("base", which), chip.irqBase, chip.initState != 0
                ? M.format("initialising", chip.initState + 1)
                : M.format(chip.autoEoi ? "vector.autoEoi" : "vector", base, chip.irqBase)));
    }

    private static String irqs(int bits, int base) {
        if (bits == 0) return M.get("none");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if ((bits & (1 << i)) != 0) b.append(b.length() == 0 ? "IRQ " : ", ").append(base + i);
        }
        return b.toString();
    }

    private static DeviceSnapshot.Register reg(String name, int value, String meaning) {
        return new DeviceSnapshot.Register(name, value, 8, meaning);
    }
}
