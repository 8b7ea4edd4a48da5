package org.kvmworkbench.core.device;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.memory.GuestMemory;
import org.kvmworkbench.core.memory.GuestMemoryException;

/**
 * A virtio console (device ID 3) behind the legacy virtio PCI I/O register layout (virtio 1.x spec 4.1.4.8,
 * "Legacy Interfaces: A Note on PCI Device Layout"), placed straight on the port bus with no PCI config space
 * (transport "virtio-pio"), or behind the legacy virtio-mmio layout on the MMIO bus ({@link Transport#MMIO},
 * {@link VirtioMmioTransport}): one device model, two ways to reach its registers. No feature is offered; queue 0 is the receiveq (never filled: there is no host input
 * on it) and queue 1 the transmitq, whose buffers go to the {@link ConsoleSink} as "virtio-console".
 *
 * <p>A malformed ring never throws to the caller: the device sets DEVICE_NEEDS_RESET, stops processing (further
 * notifies are ignored) until the driver resets it by writing 0 to the status, and keeps the error message.
 * The ISR drives the IRQ line as a level (legacy INTx): high while the ISR is non-zero, low once read.
 */
public final class VirtioConsole implements Device {
    private static final Messages M = Messages.of(VirtioConsole.class);
    /** virtio device ID of a console. */
    public static final int DEVICE_ID = 3;
    /** Bytes of the register window: 0x14 common legacy registers + 12 bytes of console config. */
    public static final int WINDOW_SIZE = 0x20;
    /** Size of each queue; legacy drivers cannot change it. */
    public static final int QUEUE_SIZE = 16;
    public static final int RECEIVEQ = 0;
    public static final int TRANSMITQ = 1;
    /** Features offered: none (no F_SIZE, F_MULTIPORT, F_EMERG_WRITE; no indirect descriptors or event index). */
    public static final int DEVICE_FEATURES = 0;
    /**
     * Most bytes one pass over the transmitq sends to the sink: a full ring of page-sized buffers (16 × 4 KiB, what
     * Linux's virtio_console queues). The rest stays on the ring for the next kick or {@link #serviceTransmit()}.
     */
    public static final int MAX_BYTES_PER_PASS = QUEUE_SIZE * 4096;

    // Register offsets (legacy layout, no MSI-X).
    /** Device features, R 32. */
    public static final int REG_DEVICE_FEATURES = 0x00;
    /** Driver (guest) features, R/W 32. */
    public static final int REG_DRIVER_FEATURES = 0x04;
    /** Selected queue's guest-physical page frame number (address >> 12), R/W 32; 0 disables the queue. */
    public static final int REG_QUEUE_PFN = 0x08;
    /** Selected queue's size, R 16; 0 means no such queue. */
    public static final int REG_QUEUE_SIZE = 0x0C;
    /** Queue select, R/W 16. */
    public static final int REG_QUEUE_SELECT = 0x0E;
    /** Queue notify, R/W 16: writing a queue index is the driver's kick. */
    public static final int REG_QUEUE_NOTIFY = 0x10;
    /** Device status, R/W 8; writing 0 resets the device. */
    public static final int REG_DEVICE_STATUS = 0x12;
    /** ISR status, R 8; reading clears it. */
    public static final int REG_ISR = 0x13;
    /** Console config: columns, R 16. */
    public static final int REG_COLS = 0x14;
    /** Console config: rows, R 16. */
    public static final int REG_ROWS = 0x16;
    /** Console config: max_nr_ports, R 32. */
    public static final int REG_MAX_NR_PORTS = 0x18;
    /** Console config: emerg_wr, W 32: the low byte is printed at once. */
    public static final int REG_EMERG_WR = 0x1C;

    // Device status bits.
    public static final int STATUS_ACKNOWLEDGE = 0x01;
    public static final int STATUS_DRIVER = 0x02;
    public static final int STATUS_DRIVER_OK = 0x04;
    public static final int STATUS_FEATURES_OK = 0x08;
    public static final int STATUS_NEEDS_RESET = 0x40;
    public static final int STATUS_FAILED = 0x80;

    // ISR bits.
    /** Used buffers were returned on some queue. */
    public static final int ISR_QUEUE = 0x01;
    /** Configuration changed (here: the device needs a reset). */
    public static final int ISR_CONFIG = 0x02;

    /** Console size reported in the config space (only meaningful with F_SIZE, which is not offered). */
    public static final int COLS = 80;
    public static final int ROWS = 25;

    /** What a queue looks like now; {@code availIdx}/{@code usedIdx} are -1 when the rings cannot be read. */
    public record QueueState(int index, String name, int size, long pfn, long descAddr, long availAddr,
                             long usedAddr, int availIdx, int usedIdx, int lastAvailIdx) {
        public boolean ready() {
            return pfn != 0;
        }
    }

    /**
     * A queue's state plus what its rings hold in guest memory now, for the GUI's ring picture: every descriptor,
     * every available-ring slot (descriptor heads) and every used-ring slot (descriptor ids), indexed by slot.
     * The lists are empty when the queue is disabled or its rings are not inside RAM.
     */
    public record QueueRings(QueueState state, List<VirtQueue.Descriptor> descriptors, List<Integer> availRing,
                             List<Integer> usedIds) {
        public QueueRings {
            descriptors = List.copyOf(descriptors);
            availRing = List.copyOf(availRing);
            usedIds = List.copyOf(usedIds);
        }
    }

    /** Statistics; they survive a driver reset (status 0) and are cleared by {@link #reset()}. */
    public record Counters(long kicks, long chainsProcessed, long bytesTransmitted, long ignoredNotifies,
                           long emergencyWrites) {}

    /** How the driver reaches the device's registers; the device model behind them is the same. */
    public enum Transport {
        /** Legacy virtio-PCI I/O register layout on the port bus ({@link #WINDOW_SIZE} ports). */
        PIO,
        /** Legacy (version 1) virtio-mmio register layout on the MMIO bus ({@link VirtioMmioTransport}). */
        MMIO
    }

    private final GuestMemory memory;
    private final ConsoleSink sink;
    private final IrqLine irq;
    private final VirtQueue[] queues;
    private final Transport transport;
    /** The MMIO register decoder, or null on the port transport. */
    private final VirtioMmioTransport mmio;

    private int driverFeatures;
    private int queueSelect;
    private int lastNotify;
    private int status;
    private int isr;
    private boolean irqLevel;
    private Phrase lastError;
    private long kicks;
    private long chains;
    private long bytesOut;
    private long ignored;
    private long emergencyWrites;
    /** Bytes of the transmitq's head chain already sent: a chain larger than one pass is sent over several. */
    private long txChainSent;
    private final byte[] chunk = new byte[4096];

    /** A console on the port transport (legacy virtio-PCI I/O layout). */
    public VirtioConsole(GuestMemory memory, ConsoleSink sink, IrqLine irq) {
        this(memory, sink, irq, Transport.PIO);
    }

    public VirtioConsole(GuestMemory memory, ConsoleSink sink, IrqLine irq, Transport transport) {
        this.memory = memory;
        this.sink = sink;
        this.irq = irq;
        this.queues = new VirtQueue[] {new VirtQueue(memory, QUEUE_SIZE), new VirtQueue(memory, QUEUE_SIZE)};
        this.transport = transport;
        this.mmio = transport == Transport.MMIO ? new VirtioMmioTransport(this) : null;
    }

    public Transport transport() {
        return transport;
    }

    /** Bytes of the register window on the transport's bus. */
    public int windowSize() {
        return transport == Transport.MMIO ? VirtioMmioTransport.WINDOW_SIZE : WINDOW_SIZE;
    }

    /** Offset of the QueueNotify register (the doorbell) in the transport's window. */
    public int queueNotifyOffset() {
        return transport == Transport.MMIO ? VirtioMmioTransport.REG_QUEUE_NOTIFY : REG_QUEUE_NOTIFY;
    }

    /** Width in bytes of a QueueNotify write: 16 bits on the port transport, 32 on MMIO. */
    public int queueNotifyWidth() {
        return transport == Transport.MMIO ? 4 : 2;
    }

    @Override public String name() {
        return "virtio-console";
    }

    /** Power-on reset: device reset plus counters and error message cleared. */
    @Override public synchronized void reset() {
        deviceReset();
        lastError = null;
        kicks = chains = bytesOut = ignored = emergencyWrites = 0;
    }

    /** What the driver's write of 0 to the status does. Counters and the last error message stay. */
    private void deviceReset() {
        driverFeatures = queueSelect = lastNotify = status = isr = 0;
        txChainSent = 0;
        for (VirtQueue q : queues) q.reset();
        if (mmio != null) mmio.reset();
        updateIrq();
    }

    /**
     * Reads {@code size} bytes (1, 2 or 4) at {@code offset} from the little-endian register image, so any width
     * works at any offset. A read that covers the ISR byte clears the ISR.
     */
    @Override public synchronized long read(int offset, int size) {
        if (mmio != null) return mmio.read(offset, size);
        byte[] image = registerImage();
        long v = 0;
        for (int i = 0; i < size; i++) {
            int at = offset + i;
            int b = at >= 0 && at < WINDOW_SIZE ? image[at] & 0xFF : 0xFF;
            v |= (long) b << (8 * i);
        }
        if (offset <= REG_ISR && offset + size > REG_ISR) {
            isr = 0;
            updateIrq();
        }
        return v;
    }

    /** Writes act on the register that starts at {@code offset}; the value is cut to the access size. */
    @Override public synchronized void write(int offset, int size, long value) {
        if (mmio != null) {
            mmio.write(offset, size, value);
            return;
        }
        int v = (int) (size >= 4 ? value : value & ((1L << (8 * size)) - 1));
        switch (offset) {
            case REG_DRIVER_FEATURES -> driverFeatures = v;
            case REG_QUEUE_PFN -> setSelectedQueuePfn(v & 0xFFFF_FFFFL);
            case REG_QUEUE_SELECT -> queueSelect = v & 0xFFFF;
            case REG_QUEUE_NOTIFY -> {
                lastNotify = v & 0xFFFF;
                notify(lastNotify);
            }
            case REG_DEVICE_STATUS -> writeStatus(v & 0xFF);
            case REG_EMERG_WR -> emergencyWrite(v);
            default -> { } // read-only registers and the config fields other than emerg_wr
        }
    }

    /**
     * The driver's kick of queue {@code queueIndex}, from the notify register or (with ioeventfd) a device thread.
     * On the transmitq, sends available chains to the sink, at most {@link #MAX_BYTES_PER_PASS} bytes and no more
     * than the sink has room for: what is left stays on the available ring for the next kick or
     * {@link #serviceTransmit()}. Never blocks.
     */
    public synchronized void notify(int queueIndex) {
        kicks++;
        if (queueIndex < 0 || queueIndex >= queues.length || !queues[queueIndex].ready()
                || (status & STATUS_NEEDS_RESET) != 0) {
            ignored++;
            return;
        }
        if (queueIndex == TRANSMITQ) drainTransmit(queues[TRANSMITQ]);
    }

    /**
     * Sends what the transmitq still holds (a pass cut short by {@link #MAX_BYTES_PER_PASS} or a full sink), as
     * a device does when its backend becomes writable again. Not a kick: no counter moves unless a buffer is sent.
     * The VMM calls it between runs while {@link #hasPendingOutput()}.
     */
    public synchronized void serviceTransmit() {
        VirtQueue q = queues[TRANSMITQ];
        if (q.ready() && (status & STATUS_NEEDS_RESET) == 0) drainTransmit(q);
    }

    /** Whether the transmitq holds buffers not sent yet (the rings are readable and avail.idx is ahead). */
    public synchronized boolean hasPendingOutput() {
        VirtQueue q = queues[TRANSMITQ];
        if (!q.ready() || (status & STATUS_NEEDS_RESET) != 0 || !memory.contains(q.descAddr(), q.footprint()))
            return false;
        return q.availIdx() != q.lastAvailIdx();
    }

    // The device model's operations, shared by both transports (called with this object's lock held).

    void setDriverFeatures(int v) {
        driverFeatures = v;
    }

    int driverFeatures() {
        return driverFeatures;
    }

    void selectQueue(int index) {
        queueSelect = index & 0xFFFF;
    }

    int selectedQueue() {
        return queueSelect;
    }

    /** The selected queue's size, 0 if there is no such queue. */
    int selectedQueueSize() {
        return queueSelect < queues.length ? QUEUE_SIZE : 0;
    }

    long selectedQueuePfn() {
        return queueSelect < queues.length ? queues[queueSelect].pfn() : 0;
    }

    void setSelectedQueuePfn(long pfn) {
        if (queueSelect >= queues.length) return;
        queues[queueSelect].setPfn(pfn & 0xFFFF_FFFFL);
        if (queueSelect == TRANSMITQ) txChainSent = 0; // the ring starts over
    }

    /** The driver's write to the status register: 0 resets the device. */
    void driverWritesStatus(int v) {
        writeStatus(v & 0xFF);
    }

    int isr() {
        return isr;
    }

    /** Clears the given ISR bits (MMIO InterruptACK; the port transport clears all on read). */
    void acknowledge(int bits) {
        isr &= ~bits;
        updateIrq();
    }

    void emergencyWrite(int b) {
        emergencyWrites++;
        if (sink.room() > 0) sink.write("virtio-console", b & 0xFF); // emerg_wr has no flow control: drop, never block
    }

    /** A malformed setup the transport refuses: NEEDS_RESET, as for a malformed ring. */
    void transportError(Phrase message) {
        fail(message);
    }

    private void drainTransmit(VirtQueue q) {
        boolean used = false;
        long budget = MAX_BYTES_PER_PASS;
        try {
            for (VirtQueue.Chain chain = q.peek(); chain != null; chain = q.peek()) {
                long sent = send(chain, txChainSent, budget);
                budget -= sent - txChainSent;
                if (sent < length(chain)) { // out of budget or sink room: the chain stays on the ring
                    txChainSent = sent;
                    break;
                }
                txChainSent = 0;
                q.advance();
                q.pushUsed(chain.head(), 0);
                chains++;
                used = true;
            }
        } catch (VirtQueue.VirtQueueException | GuestMemoryException e) {
            txChainSent = 0;
            fail(M.phrase("error.transmitq", Phrase.of(e)));
        }
        if (used && !suppressed(q)) {
            isr |= ISR_QUEUE;
            updateIrq();
        }
    }

    /** Bytes of the chain's device-readable buffers (each fits in RAM, so the sum of 16 fits a long). */
    private static long length(VirtQueue.Chain chain) {
        long n = 0;
        for (VirtQueue.Descriptor d : chain.descriptors()) if (!d.writable()) n += d.len();
        return n;
    }

    /**
     * Sends the chain's readable bytes from offset {@code from}, at most {@code budget} and what the sink has room
     * for. Returns the chain offset reached.
     */
    private long send(VirtQueue.Chain chain, long from, long budget) {
        long at = 0; // chain offset of the current descriptor's first byte
        long done = from;
        long left = budget;
        for (VirtQueue.Descriptor d : chain.descriptors()) {
            if (d.writable()) continue;
            long end = at + d.len();
            while (done < end && left > 0) {
                int n = (int) Math.min(Math.min(chunk.length, end - done), Math.min(left, sink.room()));
                if (n <= 0) return done;
                memory.read(d.addr() + (done - at), chunk, 0, n);
                for (int i = 0; i < n; i++) sink.write("virtio-console", chunk[i] & 0xFF);
                bytesOut += n;
                done += n;
                left -= n;
            }
            if (done < end) return done;
            at = end;
        }
        return done;
    }

    private boolean suppressed(VirtQueue q) {
        try {
            return q.interruptSuppressed();
        } catch (GuestMemoryException e) {
            return false;
        }
    }

    private void fail(Phrase message) {
        lastError = message;
        status |= STATUS_NEEDS_RESET;
        if ((status & STATUS_DRIVER_OK) != 0) isr |= ISR_CONFIG;
        updateIrq();
    }

    private void writeStatus(int v) {
        if (v == 0) deviceReset();
        // only a reset clears NEEDS_RESET, and only the device sets it ("the device has experienced an error from
        // which it can't recover", virtio 1.x §2.1): a driver's write of the bit is ignored
        else status = (v & ~STATUS_NEEDS_RESET) | (status & STATUS_NEEDS_RESET);
    }

    private void updateIrq() {
        boolean level = isr != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    private byte[] registerImage() {
        byte[] b = new byte[WINDOW_SIZE];
        boolean valid = queueSelect < queues.length;
        put(b, REG_DEVICE_FEATURES, 4, DEVICE_FEATURES);
        put(b, REG_DRIVER_FEATURES, 4, driverFeatures);
        put(b, REG_QUEUE_PFN, 4, valid ? queues[queueSelect].pfn() : 0);
        put(b, REG_QUEUE_SIZE, 2, valid ? QUEUE_SIZE : 0);
        put(b, REG_QUEUE_SELECT, 2, queueSelect);
        put(b, REG_QUEUE_NOTIFY, 2, lastNotify);
        put(b, REG_DEVICE_STATUS, 1, status);
        put(b, REG_ISR, 1, isr);
        put(b, REG_COLS, 2, COLS);
        put(b, REG_ROWS, 2, ROWS);
        put(b, REG_MAX_NR_PORTS, 4, 1);
        return b; // emerg_wr reads as 0
    }

    private static void put(byte[] b, int offset, int size, long value) {
        for (int i = 0; i < size; i++) b[offset + i] = (byte) (value >>> (8 * i));
    }

    // Read-only accessors for tests and the GUI.

    /** @throws IllegalArgumentException unless 0 <= index < {@link #queueCount()} */
    public synchronized QueueState queueState(int index) {
        if (index < 0 || index >= queues.length) throw new IllegalArgumentException("no queue " + index);
        VirtQueue q = queues[index];
        boolean readable = q.ready() && memory.contains(q.descAddr(), q.footprint());
        return new QueueState(index, index == RECEIVEQ ? "receiveq" : "transmitq", q.size(), q.pfn(),
                q.descAddr(), q.availAddr(), q.usedAddr(), readable ? q.availIdx() : -1,
                readable ? q.usedIdx() : -1, q.lastAvailIdx());
    }

    /** {@link #queueState} plus the rings' contents; reads guest memory without side effects. */
    public synchronized QueueRings queueRings(int index) {
        QueueState state = queueState(index);
        if (state.availIdx() < 0) return new QueueRings(state, List.of(), List.of(), List.of());
        VirtQueue q = queues[index];
        List<VirtQueue.Descriptor> descriptors = new ArrayList<>(q.size());
        List<Integer> avail = new ArrayList<>(q.size());
        List<Integer> used = new ArrayList<>(q.size());
        for (int i = 0; i < q.size(); i++) {
            descriptors.add(q.descriptor(i));
            avail.add(q.availRingEntry(i));
            used.add(q.usedRingId(i));
        }
        return new QueueRings(state, descriptors, avail, used);
    }

    public int queueCount() {
        return queues.length;
    }

    public synchronized Counters counters() {
        return new Counters(kicks, chains, bytesOut, ignored, emergencyWrites);
    }

    public synchronized int deviceStatus() {
        return status;
    }

    /** The ISR without the read-to-clear side effect. */
    public synchronized int isrPeek() {
        return isr;
    }

    /** The last malformed-ring error, or null. */
    public synchronized String lastError() {
        return lastError == null ? null : lastError.english();
    }

    public synchronized boolean irqLevel() {
        return irqLevel;
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        boolean valid = queueSelect < queues.length;
        List<DeviceSnapshot.Register> regs = List.of(
                new DeviceSnapshot.Register("DEVICE_FEATURES", DEVICE_FEATURES, 32, M.get("features.none")),
                new DeviceSnapshot.Register("DRIVER_FEATURES", driverFeatures & 0xFFFF_FFFFL, 32,
                        M.get("driverWritten")),
                new DeviceSnapshot.Register("QUEUE_SEL", queueSelect, 16,
                        valid ? queueState(queueSelect).name() : M.get("noQueue")),
                new DeviceSnapshot.Register("QUEUE_PFN", valid ? queues[queueSelect].pfn() : 0, 32,
                        valid && queues[queueSelect].ready()
                                ? M.format("rings", queues[queueSelect].descAddr()) : M.get("disabled")),
                new DeviceSnapshot.Register("QUEUE_NUM", valid ? QUEUE_SIZE : 0, 16, M.get("queueNum")),
                new DeviceSnapshot.Register("STATUS", status, 8, statusMeaning()),
                new DeviceSnapshot.Register("ISR", isr, 8, isrMeaning()));
        if (mmio != null) regs = mmio.registers(queueSelect); // what the driver sees at the virtio-mmio offsets
        List<String> details = new ArrayList<>();
        for (int i = 0; i < queues.length; i++) details.add(queueLine(queueState(i)));
        details.add(M.format("detail.counts", kicks, ignored, chains, bytesOut, emergencyWrites));
        details.add(lastError == null ? M.get("detail.noError") : M.format("detail.error", lastError));
        if (mmio != null) details.add(mmio.describe());
        return new DeviceSnapshot(name(), regs, details);
    }

    private static String queueLine(QueueState s) {
        if (!s.ready()) return M.format("queue.disabled", s.index(), s.name());
        return M.format("queue",
                s.index(), s.name(), s.descAddr(), s.availAddr(), s.usedAddr(),
                s.availIdx() < 0 ? "?" : s.availIdx(), s.usedIdx() < 0 ? "?" : s.usedIdx(), s.lastAvailIdx());
    }

    private String isrMeaning() {
        if (isr == 0) return M.get("isr.none");
        if (isr == ISR_QUEUE) return M.get("isr.queue");
        return M.get(isr == ISR_CONFIG ? "isr.config" : "isr.both");
    }

    private String statusMeaning() {
        if (status == 0) return M.get("status.reset");
        List<String> on = new ArrayList<>();
        if ((status & STATUS_ACKNOWLEDGE) != 0) on.add("ACKNOWLEDGE");
        if ((status & STATUS_DRIVER) != 0) on.add("DRIVER");
        if ((status & STATUS_DRIVER_OK) != 0) on.add("DRIVER_OK");
        if ((status & STATUS_FEATURES_OK) != 0) on.add("FEATURES_OK");
        if ((status & STATUS_NEEDS_RESET) != 0) on.add("NEEDS_RESET");
        if ((status & STATUS_FAILED) != 0) on.add("FAILED");
        return String.join(" | ", on);
    }
}
