package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.device.VirtioConsole.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** Plays the driver: lays out legacy virtqueues by hand in guest memory and talks through the registers. */
class VirtioConsoleTest {
    private static final int TX_PFN = 4;
    private static final long DESC = 0x4000;
    private static final long AVAIL = DESC + 16 * QUEUE_SIZE;   // 0x4100
    private static final long USED = 0x5000;                    // next 4 KiB boundary
    private static final int NEXT = VirtQueue.DESC_F_NEXT;

    private final ArrayGuestMemory mem = new ArrayGuestMemory(0x10000);
    private final RecordingSink sink = new RecordingSink();
    private final RecordingSink.Irq irq = new RecordingSink.Irq();
    private final VirtioConsole dev = new VirtioConsole(mem, sink, irq);
    private long nextBuffer = 0x8000;

    private int reg(int offset, int size) {
        return (int) dev.read(offset, size);
    }

    private void setupTransmitq() {
        dev.write(REG_QUEUE_SELECT, 2, TRANSMITQ);
        dev.write(REG_QUEUE_PFN, 4, TX_PFN);
    }

    private void kick() {
        dev.write(REG_QUEUE_NOTIFY, 2, TRANSMITQ);
    }

    private long buffer(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        long at = nextBuffer;
        mem.write(at, b, 0, b.length);
        nextBuffer += 0x100;
        return at;
    }

    private void desc(int index, long addr, long len, int flags, int next) {
        long at = DESC + 16L * index;
        mem.write64(at, addr);
        mem.write32(at + 8, (int) len);
        mem.write16(at + 12, flags);
        mem.write16(at + 14, next);
    }

    /** A one-descriptor chain of device-readable text at {@code index}. */
    private void textDesc(int index, String text) {
        desc(index, buffer(text), text.length(), 0, 0);
    }

    private void publish(int head) {
        int idx = mem.read16(AVAIL + 2);
        mem.write16(AVAIL + 4 + 2L * (idx % QUEUE_SIZE), head);
        mem.write16(AVAIL + 2, (idx + 1) & 0xFFFF);
    }

    private long usedId(int slot) {
        return mem.read32(USED + 4 + 8L * slot);
    }

    private long usedLen(int slot) {
        return mem.read32(USED + 8 + 8L * slot);
    }

    private int usedIdx() {
        return mem.read16(USED + 2);
    }

    @Test void legacyRegisterLayoutReadsBack() {
        assertEquals(0, reg(REG_DEVICE_FEATURES, 4));
        dev.write(REG_DRIVER_FEATURES, 4, 0x8000_0001L);
        assertEquals(0x8000_0001, reg(REG_DRIVER_FEATURES, 4));

        assertEquals(QUEUE_SIZE, reg(REG_QUEUE_SIZE, 2));           // queue 0 selected at reset
        dev.write(REG_QUEUE_PFN, 4, 2);
        setupTransmitq();
        assertEquals(TRANSMITQ, reg(REG_QUEUE_SELECT, 2));
        assertEquals(TX_PFN, reg(REG_QUEUE_PFN, 4));
        assertEquals(QUEUE_SIZE, reg(REG_QUEUE_SIZE, 2));
        dev.write(REG_QUEUE_SELECT, 2, RECEIVEQ);
        assertEquals(2, reg(REG_QUEUE_PFN, 4), "each queue keeps its own PFN");
        dev.write(REG_QUEUE_SELECT, 2, 2);
        assertEquals(0, reg(REG_QUEUE_SIZE, 2), "size 0: no queue 2");
        assertEquals(0, reg(REG_QUEUE_PFN, 4));

        dev.write(REG_DEVICE_STATUS, 1, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
        assertEquals(0x03, reg(REG_DEVICE_STATUS, 1));

        assertEquals(COLS, reg(REG_COLS, 2));
        assertEquals(ROWS, reg(REG_ROWS, 2));
        assertEquals(1, reg(REG_MAX_NR_PORTS, 4));
        assertEquals(ROWS << 16 | COLS, reg(REG_COLS, 4), "any width at any offset reads the LE image");

        dev.write(REG_EMERG_WR, 4, 'E');
        assertEquals("E", sink.text());
        assertEquals(List.of("virtio-console"), sink.sources);
        assertEquals(0, reg(REG_EMERG_WR, 4));
        assertEquals(1, dev.counters().emergencyWrites());
    }

    @Test void kickSendsTheBufferToTheSinkAndReturnsItInTheUsedRing() {
        setupTransmitq();
        textDesc(0, "hello");
        publish(0);
        kick();

        assertEquals("hello", sink.text());
        assertTrue(sink.sources.stream().allMatch("virtio-console"::equals));
        assertEquals(1, usedIdx());
        assertEquals(0, usedId(0));
        assertEquals(0, usedLen(0), "the device wrote nothing into the buffer");
        assertEquals(new QueueState(TRANSMITQ, "transmitq", QUEUE_SIZE, TX_PFN, DESC, AVAIL, USED, 1, 1, 1),
                dev.queueState(TRANSMITQ));
        assertEquals(new Counters(1, 1, 5, 0, 0), dev.counters());
        assertEquals(List.of(true), irq.levels);
    }

    @Test void readingIsrClearsItAndLowersTheLine() {
        setupTransmitq();
        textDesc(0, "a");
        publish(0);
        kick();
        assertEquals(ISR_QUEUE, reg(REG_ISR, 1));
        assertEquals(0, reg(REG_ISR, 1));
        assertEquals(List.of(true, false), irq.levels);

        textDesc(1, "b");
        publish(1);
        kick();
        assertEquals(ISR_QUEUE, dev.isrPeek());
        assertEquals(ISR_QUEUE, reg(REG_QUEUE_NOTIFY, 4) >>> 24, "a 32-bit read at 0x10 covers the ISR byte");
        assertEquals(0, dev.isrPeek());
        assertEquals(List.of(true, false, true, false), irq.levels);
    }

    @Test void noInterruptFlagSuppressesIsrAndIrqButNotTheWork() {
        setupTransmitq();
        mem.write16(AVAIL, VirtQueue.AVAIL_F_NO_INTERRUPT);
        textDesc(0, "quiet");
        publish(0);
        kick();
        assertEquals("quiet", sink.text());
        assertEquals(1, usedIdx());
        assertEquals(0, reg(REG_ISR, 1));
        assertEquals(List.of(), irq.levels);
    }

    @Test void chainedDescriptorsAreConcatenatedAndEveryAvailableChainIsConsumed() {
        setupTransmitq();
        desc(0, buffer("ab"), 2, NEXT, 5);
        desc(5, buffer("XX"), 2, NEXT | VirtQueue.DESC_F_WRITE, 2);   // device-writable: not output
        desc(2, buffer("cd"), 2, 0, 0);
        publish(0);
        textDesc(3, "!");
        publish(3);
        kick();

        assertEquals("abcd!", sink.text());
        assertEquals(2, usedIdx());
        assertEquals(0, usedId(0));
        assertEquals(3, usedId(1));
        assertEquals(2, dev.counters().chainsProcessed());
        assertEquals(5, dev.counters().bytesTransmitted());
    }

    @Test void ringIndicesWrapModuloTheQueueSize() {
        setupTransmitq();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            int d = i % QUEUE_SIZE;
            textDesc(d, Character.toString('a' + i));
            publish(d);
            expected.append((char) ('a' + i));
            if (i % 7 == 6) kick();
        }
        kick();
        assertEquals(expected.toString(), sink.text());
        assertEquals(20, usedIdx());
        assertEquals(19 % QUEUE_SIZE, usedId(19 % QUEUE_SIZE));
        assertEquals(20, dev.queueState(TRANSMITQ).lastAvailIdx());
    }

    private void assertNeedsReset(String errorPart) {
        assertEquals(STATUS_NEEDS_RESET, reg(REG_DEVICE_STATUS, 1) & STATUS_NEEDS_RESET);
        assertNotNull(dev.lastError());
        assertTrue(dev.lastError().contains(errorPart), dev.lastError());
        assertTrue(dev.snapshot().details().contains("last error: " + dev.lastError()));
    }

    @Test void bufferOutsideRamSetsNeedsResetWithoutThrowing() {
        setupTransmitq();
        desc(0, 0xFFF8, 16, 0, 0);       // RAM ends at 0x10000
        publish(0);
        assertDoesNotThrow(this::kick);
        assertNeedsReset("outside RAM");
        assertEquals("", sink.text());
        assertEquals(0, usedIdx());

        textDesc(1, "later");
        publish(1);
        kick();
        assertEquals("", sink.text(), "a device that needs a reset processes nothing");
        assertEquals(1, dev.counters().ignoredNotifies());
    }

    @Test void descriptorLoopSetsNeedsReset() {
        setupTransmitq();
        desc(0, buffer("x"), 1, NEXT, 1);
        desc(1, buffer("y"), 1, NEXT, 0);
        publish(0);
        assertDoesNotThrow(this::kick);
        assertNeedsReset("longer than the queue");
        assertEquals("", sink.text());
        org.kvmworkbench.core.i18n.Messages.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
        try {
            assertTrue(dev.snapshot().details().contains("最近的错误：transmitq：从头部 0 开始的链比队列还长（成环了？）"),
                    "the Devices tab says the ring's error in Chinese: " + dev.snapshot().details());
        } finally {
            org.kvmworkbench.core.i18n.Messages.setLocale(java.util.Locale.ROOT);
        }
        assertEquals("transmitq: chain from head 0 is longer than the queue (a loop?)", dev.lastError(), "English");
    }

    @Test void indirectDescriptorSetsNeedsReset() {
        setupTransmitq();
        desc(0, buffer("0123456789abcdef"), 16, VirtQueue.DESC_F_INDIRECT, 0);
        publish(0);
        assertDoesNotThrow(this::kick);
        assertNeedsReset("indirect");
    }

    @Test void availIndexRunningAheadOfTheQueueSetsNeedsReset() {
        setupTransmitq();
        mem.write16(AVAIL + 2, QUEUE_SIZE + 1);
        assertDoesNotThrow(this::kick);
        assertNeedsReset("more than the queue size");
    }

    @Test void ringsOutsideRamSetNeedsResetAndRaiseAConfigInterruptOnceDriverOk() {
        dev.write(REG_DEVICE_STATUS, 1, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
        dev.write(REG_QUEUE_SELECT, 2, TRANSMITQ);
        dev.write(REG_QUEUE_PFN, 4, 0xF);    // rings at 0xF000, used ring at 0x10000: past RAM
        assertDoesNotThrow(this::kick);
        assertNeedsReset("outside RAM");
        assertEquals(-1, dev.queueState(TRANSMITQ).availIdx());
        assertEquals(List.of(true), irq.levels);
        assertEquals(ISR_CONFIG, reg(REG_ISR, 1));

        dev.write(REG_DEVICE_STATUS, 1, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
        assertEquals(STATUS_NEEDS_RESET, reg(REG_DEVICE_STATUS, 1) & STATUS_NEEDS_RESET,
                "the driver cannot clear NEEDS_RESET except by a reset");
    }

    @Test void writingStatusZeroResetsTheDeviceAndItWorksAgain() {
        dev.write(REG_DRIVER_FEATURES, 4, 5);
        dev.write(REG_DEVICE_STATUS, 1, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
        setupTransmitq();
        desc(0, 0x20000, 1, 0, 0);
        publish(0);
        kick();
        assertTrue(dev.irqLevel());

        dev.write(REG_DEVICE_STATUS, 1, 0);
        assertEquals(0, reg(REG_DEVICE_STATUS, 1));
        assertEquals(0, dev.isrPeek());
        assertEquals(List.of(true, false), irq.levels);
        assertEquals(0, reg(REG_DRIVER_FEATURES, 4));
        assertEquals(RECEIVEQ, reg(REG_QUEUE_SELECT, 2));
        dev.write(REG_QUEUE_SELECT, 2, TRANSMITQ);
        assertEquals(0, reg(REG_QUEUE_PFN, 4), "queues are disabled by the reset");

        mem.write(DESC, new byte[0x1000], 0, 0x1000);  // the driver lays out a fresh ring
        setupTransmitq();
        textDesc(0, "again");
        publish(0);
        kick();
        assertEquals("again", sink.text());
        assertEquals(1, usedIdx());
        assertEquals(2, dev.counters().kicks(), "counters survive a driver reset");
    }

    @Test void notifiesOfUnconfiguredOrMissingQueuesAreIgnoredAndCounted() {
        kick();                                   // transmitq has no PFN yet
        dev.write(REG_QUEUE_NOTIFY, 2, 7);
        assertEquals(7, reg(REG_QUEUE_NOTIFY, 2), "the notify register reads back the last kick");
        dev.notify(-1);
        assertEquals(new Counters(3, 0, 0, 3, 0), dev.counters());

        dev.write(REG_QUEUE_PFN, 4, 2);           // receiveq: a kick is legal, there is just nothing to send
        dev.write(REG_QUEUE_NOTIFY, 2, RECEIVEQ);
        assertEquals(3, dev.counters().ignoredNotifies());
        assertEquals(4, dev.counters().kicks());
        assertNull(dev.lastError());
    }

    @Test void snapshotShowsRegistersAndQueueLines() {
        setupTransmitq();
        textDesc(0, "s");
        publish(0);
        kick();
        DeviceSnapshot snap = dev.snapshot();
        assertEquals(TX_PFN, snap.register("QUEUE_PFN").value());
        assertEquals(TRANSMITQ, snap.register("QUEUE_SEL").value());
        assertEquals(ISR_QUEUE, snap.register("ISR").value());
        assertEquals(ISR_QUEUE, reg(REG_ISR, 1), "the snapshot did not clear the ISR");
        assertEquals("0 receiveq: disabled", snap.details().get(0));
        assertEquals("1 transmitq: desc 0x4000, avail 0x4100, used 0x5000, avail.idx 1, used.idx 1, "
                + "last_avail_idx 1", snap.details().get(1));

        dev.reset();
        assertEquals(new Counters(0, 0, 0, 0, 0), dev.counters());
        assertEquals(0, dev.snapshot().register("QUEUE_PFN").value());
    }

    @Test void queueRingsShowWhatTheRingsHoldWithoutSideEffects() {
        assertEquals(List.of(), dev.queueRings(TRANSMITQ).descriptors(), "disabled queue: nothing to read");
        setupTransmitq();
        textDesc(0, "ab");
        textDesc(1, "cd");
        publish(1);
        publish(0);
        kick();
        VirtioConsole.QueueRings rings = dev.queueRings(TRANSMITQ);
        assertEquals(dev.queueState(TRANSMITQ), rings.state());
        assertEquals(QUEUE_SIZE, rings.descriptors().size());
        assertEquals(new VirtQueue.Descriptor(0x8000, 2, 0, 0), rings.descriptors().get(0));
        assertEquals(0x8100, rings.descriptors().get(1).addr());
        assertEquals(List.of(1, 0), rings.availRing().subList(0, 2));
        assertEquals(List.of(1, 0, 0), rings.usedIds().subList(0, 3));
        assertEquals(2, dev.queueState(TRANSMITQ).usedIdx(), "reading the rings changed nothing");
        assertEquals(ISR_QUEUE, dev.isrPeek());
    }
}
