package org.kvmworkbench.core.device;

import org.kvmworkbench.core.i18n.Messages;

/**
 * The legacy (version 1) virtio-mmio register layout (virtio 1.x spec 4.2.2 and 4.2.4, "Legacy interface") in front
 * of a {@link VirtioConsole}'s device model: the same queues, status, ISR and console as the port transport, reached
 * by loads and stores to a 0x200-byte MMIO window instead of IN/OUT. Registers are 32 bits wide and little-endian;
 * a narrower read returns the addressed bytes of the register, a narrower write acts on the register that contains
 * the offset. The device config (cols, rows, max_nr_ports, emerg_wr) starts at 0x100.
 *
 * <p>Differences from the port transport a student sees: the driver must tell the device the guest page size and
 * the queue size and alignment (here only 4096 / 16 / 4096 are accepted; anything else is refused with
 * DEVICE_NEEDS_RESET when QueuePFN is written), and the interrupt status is not cleared by reading it but by
 * writing the bits to InterruptACK. Not thread-safe on its own: {@link VirtioConsole} calls it under its lock.
 */
public final class VirtioMmioTransport {
    private static final Messages M = Messages.of(VirtioMmioTransport.class);
    /** Bytes of the MMIO window. */
    public static final int WINDOW_SIZE = 0x200;
    /** "virt" in little-endian. */
    public static final int MAGIC = 0x74726976;
    /** Legacy layout. */
    public static final int VERSION = 1;
    /** "KVWB" in little-endian; any value is allowed. */
    public static final int VENDOR_ID = 0x4257564B;

    public static final int REG_MAGIC = 0x000;
    public static final int REG_VERSION = 0x004;
    public static final int REG_DEVICE_ID = 0x008;
    public static final int REG_VENDOR_ID = 0x00C;
    public static final int REG_HOST_FEATURES = 0x010;
    public static final int REG_HOST_FEATURES_SEL = 0x014;
    public static final int REG_GUEST_FEATURES = 0x020;
    public static final int REG_GUEST_FEATURES_SEL = 0x024;
    public static final int REG_GUEST_PAGE_SIZE = 0x028;
    public static final int REG_QUEUE_SEL = 0x030;
    public static final int REG_QUEUE_NUM_MAX = 0x034;
    public static final int REG_QUEUE_NUM = 0x038;
    public static final int REG_QUEUE_ALIGN = 0x03C;
    public static final int REG_QUEUE_PFN = 0x040;
    public static final int REG_QUEUE_NOTIFY = 0x050;
    public static final int REG_INTERRUPT_STATUS = 0x060;
    public static final int REG_INTERRUPT_ACK = 0x064;
    public static final int REG_STATUS = 0x070;
    public static final int REG_CONFIG = 0x100;

    private final VirtioConsole device;
    private int hostFeaturesSel;
    private int guestFeaturesSel;
    private int guestPageSize;
    private final int[] queueNum = new int[2];
    private final int[] queueAlign = new int[2];

    VirtioMmioTransport(VirtioConsole device) {
        this.device = device;
    }

    /** The driver's device reset (status 0) also forgets what the driver told the transport. */
    void reset() {
        hostFeaturesSel = guestFeaturesSel = guestPageSize = 0;
        java.util.Arrays.fill(queueNum, 0);
        java.util.Arrays.fill(queueAlign, 0);
    }

    long read(int offset, int size) {
        if (offset < 0 || offset + size > WINDOW_SIZE) return 0;
        long v;
        if (offset >= REG_CONFIG) v = config(offset & ~3);
        else v = register(offset & ~3) & 0xFFFF_FFFFL;
        int shift = 8 * (offset & 3);
        long mask = size >= 8 ? -1L : (1L << (8 * size)) - 1;
        return (v >>> shift) & mask;
    }

    private long register(int reg) {
        return switch (reg) {
            case REG_MAGIC -> MAGIC;
            case REG_VERSION -> VERSION;
            case REG_DEVICE_ID -> VirtioConsole.DEVICE_ID;
            case REG_VENDOR_ID -> VENDOR_ID;
            case REG_HOST_FEATURES -> hostFeaturesSel == 0 ? VirtioConsole.DEVICE_FEATURES : 0;
            case REG_QUEUE_NUM_MAX -> device.selectedQueueSize();
            case REG_QUEUE_PFN -> device.selectedQueuePfn();
            case REG_INTERRUPT_STATUS -> device.isr();
            case REG_STATUS -> device.deviceStatus();
            default -> 0; // write-only registers read as 0
        };
    }

    private static long config(int at) {
        return switch (at - REG_CONFIG) {
            case 0 -> VirtioConsole.COLS | (VirtioConsole.ROWS << 16);
            case 4 -> 1; // max_nr_ports
            default -> 0; // emerg_wr reads as 0, the rest of the window is unused
        };
    }

    void write(int offset, int size, long value) {
        if (offset < 0 || offset >= WINDOW_SIZE) return;
        int v = (int) (size >= 4 ? value : value & ((1L << (8 * size)) - 1));
        int reg = offset & ~3;
        int q = device.selectedQueue();
        boolean validQueue = q < queueNum.length;
        switch (reg) {
            case REG_HOST_FEATURES_SEL -> hostFeaturesSel = v;
            case REG_GUEST_FEATURES -> {
                if (guestFeaturesSel == 0) device.setDriverFeatures(v);
            }
            case REG_GUEST_FEATURES_SEL -> guestFeaturesSel = v;
            case REG_GUEST_PAGE_SIZE -> guestPageSize = v;
            case REG_QUEUE_SEL -> device.selectQueue(v);
            case REG_QUEUE_NUM -> {
                if (validQueue) queueNum[q] = v;
            }
            case REG_QUEUE_ALIGN -> {
                if (validQueue) queueAlign[q] = v;
            }
            case REG_QUEUE_PFN -> queuePfn(q, v & 0xFFFF_FFFFL);
            case REG_QUEUE_NOTIFY -> device.notify(v);
            case REG_INTERRUPT_ACK -> device.acknowledge(v);
            case REG_STATUS -> device.driverWritesStatus(v);
            case REG_CONFIG + 8 -> device.emergencyWrite(v);
            default -> { } // read-only registers and the rest of the config
        }
    }

    private void queuePfn(int q, long pfn) {
        if (pfn != 0 && q < queueNum.length) {
            org.kvmworkbench.core.i18n.Phrase bad = null;
            if (guestPageSize != VirtQueue.ALIGN)
                bad = M.phrase("error.only", "GuestPageSize", guestPageSize, VirtQueue.ALIGN);
            else if (queueNum[q] != VirtioConsole.QUEUE_SIZE)
                bad = M.phrase("error.only", "QueueNum", queueNum[q], VirtioConsole.QUEUE_SIZE);
            else if (queueAlign[q] != VirtQueue.ALIGN)
                bad = M.phrase("error.only", "QueueAlign", queueAlign[q], VirtQueue.ALIGN);
            if (bad != null) {
                device.transportError(M.phrase("error.queue", q, bad));
                return;
            }
        }
        device.setSelectedQueuePfn(pfn);
    }

    /** What the driver told the transport, for the device panel. */
    /** The registers as the driver reads them at their virtio-mmio offsets, for the device panel (no side effects). */
    java.util.List<DeviceSnapshot.Register> registers(int queueSel) {
        int q = queueSel >= 0 && queueSel < queueNum.length ? queueSel : -1;
        return java.util.List.of(
                reg("MagicValue", REG_MAGIC, register(REG_MAGIC), M.get("magic")),
                reg("Version", REG_VERSION, register(REG_VERSION), M.get("version")),
                reg("DeviceID", REG_DEVICE_ID, register(REG_DEVICE_ID), M.get("deviceId")),
                reg("VendorID", REG_VENDOR_ID, register(REG_VENDOR_ID), M.get("vendorId")),
                reg("HostFeatures", REG_HOST_FEATURES, register(REG_HOST_FEATURES), M.get("hostFeatures")),
                reg("GuestPageSize", REG_GUEST_PAGE_SIZE, guestPageSize, M.get("driverWritten")),
                reg("QueueSel", REG_QUEUE_SEL, queueSel, q < 0 ? M.get("noQueue") : q == VirtioConsole.TRANSMITQ ? "transmitq" : "receiveq"),
                reg("QueueNumMax", REG_QUEUE_NUM_MAX, register(REG_QUEUE_NUM_MAX), M.get("queueNumMax")),
                reg("QueueNum", REG_QUEUE_NUM, q < 0 ? 0 : queueNum[q], M.get("driverWritten")),
                reg("QueueAlign", REG_QUEUE_ALIGN, q < 0 ? 0 : queueAlign[q], M.get("queueAlign")),
                reg("QueuePFN", REG_QUEUE_PFN, register(REG_QUEUE_PFN), M.get("queuePfn")),
                reg("InterruptStatus", REG_INTERRUPT_STATUS, register(REG_INTERRUPT_STATUS), M.get("interruptStatus")),
                reg("Status", REG_STATUS, register(REG_STATUS), M.get("status")));
    }

    private static DeviceSnapshot.Register reg(String name, int offset, long value, String meaning) {
        return new DeviceSnapshot.Register(String.format("%s (+0x%03X)", name, offset), value, 32, meaning);
    }

    String describe() {
        return M.format("describe", guestPageSize, queueNum[0], queueNum[1], queueAlign[0], queueAlign[1]);
    }

}
