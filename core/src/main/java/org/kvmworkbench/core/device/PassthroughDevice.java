package org.kvmworkbench.core.device;

import java.lang.invoke.VarHandle;
import java.util.List;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.memory.GuestMemory;

/**
 * The MODEL of a passthrough (assigned, VT-d / SR-IOV style) device: its register page ("BAR") is a page of guest RAM,
 * so the guest's doorbell store is an ordinary memory write with no exit at all. The device is not on any bus; whoever
 * hosts it calls {@link #service()} to let it look at its page, as the device's own logic would: on KVM a device thread
 * polling the page, on the simulator the vCPU loop between slices. Not modeled: an IOMMU, DMA or interrupt remapping,
 * real hardware.
 *
 * <p>Register page (little-endian): +0 u16 DOORBELL (the request number; written last), +2 u16 COMPLETION (the request
 * number finished), +4 u16 STATUS (0 done, 1 buffer outside RAM or too long, 2 console full), +8 u32 ADDR and +12 u16
 * LEN of the buffer to print. A request prints LEN bytes from ADDR on the console, writes STATUS and COMPLETION, then
 * pulses its IRQ line (an edge: raise, lower).
 */
public final class PassthroughDevice implements Device {
    private static final Messages M = Messages.of(PassthroughDevice.class);
    public static final int DOORBELL = 0, COMPLETION = 2, STATUS = 4, ADDR = 8, LEN = 12;
    public static final int STATUS_DONE = 0, STATUS_BAD_BUFFER = 1, STATUS_CONSOLE_FULL = 2;
    /** Longest buffer one request may print. */
    public static final int MAX_LEN = 4096;

    private final GuestMemory memory;
    private final long bar;
    private final ConsoleSink console;
    private final IrqLine irq;
    private int seen;
    private long completed, failed;

    public PassthroughDevice(GuestMemory memory, long bar, ConsoleSink console, IrqLine irq) {
        if (bar < 0 || bar + 4096 > memory.size()) throw new IllegalArgumentException("register page outside RAM");
        this.memory = memory;
        this.bar = bar;
        this.console = console;
        this.irq = irq;
    }

    /** Its name in device lists: more than the config type says. */
    public static final String NAME = "passthrough (modeled assigned device)";

    @Override public String name() {
        return NAME;
    }

    /** Guest-physical address of the register page. */
    public long bar() {
        return bar;
    }

    /**
     * Looks at the doorbell; if it changed, serves that request and interrupts. Returns whether it served one.
     * Callable from a device thread while the vCPU runs (the page is shared memory; the guest writes DOORBELL last).
     */
    public synchronized boolean service() {
        int doorbell = memory.read16(bar + DOORBELL);
        if (doorbell == seen) return false;
        VarHandle.acquireFence(); // read ADDR and LEN only after the doorbell that published them
        seen = doorbell;
        long addr = memory.read32(bar + ADDR) & 0xFFFF_FFFFL;
        int len = memory.read16(bar + LEN);
        int status;
        if (len > MAX_LEN || addr > memory.size() - len) {
            status = STATUS_BAD_BUFFER;
        } else if (console.room() < len) {
            status = STATUS_CONSOLE_FULL;
        } else {
            for (int i = 0; i < len; i++) console.write("passthrough", memory.read8(addr + i));
            status = STATUS_DONE;
        }
        if (status == STATUS_DONE) completed++;
        else failed++;
        memory.write16(bar + STATUS, status);
        memory.write16(bar + COMPLETION, doorbell);
        VarHandle.releaseFence(); // the guest's ISR must see STATUS and COMPLETION
        irq.set(true);
        irq.set(false);
        return true;
    }

    @Override public long read(int offset, int size) {
        throw new IllegalStateException("the passthrough register page is memory, not on a bus");
    }

    @Override public void write(int offset, int size, long value) {
        throw new IllegalStateException("the passthrough register page is memory, not on a bus");
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        List<DeviceSnapshot.Register> regs = List.of(
                new DeviceSnapshot.Register("DOORBELL (+0)", memory.read16(bar + DOORBELL), 16,
                        M.get("doorbell")),
                new DeviceSnapshot.Register("COMPLETION (+2)", memory.read16(bar + COMPLETION), 16,
                        M.get("completion")),
                new DeviceSnapshot.Register("STATUS (+4)", memory.read16(bar + STATUS), 16,
                        M.get("status." + Math.min(2, Math.max(0, memory.read16(bar + STATUS))))),
                new DeviceSnapshot.Register("ADDR (+8)", memory.read32(bar + ADDR) & 0xFFFF_FFFFL, 32, M.get("addr")),
                new DeviceSnapshot.Register("LEN (+12)", memory.read16(bar + LEN), 16, M.get("len")));
        return new DeviceSnapshot(name(), regs, List.of(
                M.format("detail.page", bar),
                M.format("detail.requests", completed, failed),
                M.get("detail.modeled")));
    }

    @Override public synchronized void reset() {
        seen = 0;
        completed = 0;
        failed = 0;
    }
}
