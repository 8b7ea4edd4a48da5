package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.device.VirtioConsole.*;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/**
 * The issue-11 cases against the virtio console: a descriptor whose addr + len wraps, and a kick whose buffers add
 * up to far more than a console should take at once, or more than the sink has room for.
 */
class VirtioConsoleGuestSafetyTest {
    private static final long DESC = 0x4000, AVAIL = DESC + 16 * QUEUE_SIZE, USED = 0x5000;

    /** Counts bytes instead of keeping them (some tests send megabytes), with a settable room. */
    static final class CountingSink implements ConsoleSink {
        long bytes;
        int room = Integer.MAX_VALUE;

        @Override public void write(String source, int b) {
            if (room <= 0) throw new AssertionError("written past room(): the device would have blocked");
            bytes++;
            if (room != Integer.MAX_VALUE) room--;
        }

        @Override public int room() {
            return room;
        }
    }

    /** A driver with the transmitq at 0x4000 in {@code ram} bytes of RAM. */
    static final class Rig {
        final ArrayGuestMemory mem;
        final CountingSink sink = new CountingSink();
        final RecordingSink.Irq irq = new RecordingSink.Irq();
        final VirtioConsole dev;

        Rig(int ram) {
            mem = new ArrayGuestMemory(ram);
            dev = new VirtioConsole(mem, sink, irq);
            dev.write(REG_QUEUE_SELECT, 2, TRANSMITQ);
            dev.write(REG_QUEUE_PFN, 4, DESC >> 12);
        }

        void desc(int index, long addr, long len, int flags, int next) {
            long at = DESC + 16L * index;
            mem.write64(at, addr);
            mem.write32(at + 8, (int) len);
            mem.write16(at + 12, flags);
            mem.write16(at + 14, next);
        }

        void publish(int head) {
            int idx = mem.read16(AVAIL + 2);
            mem.write16(AVAIL + 4 + 2L * (idx % QUEUE_SIZE), head);
            mem.write16(AVAIL + 2, (idx + 1) & 0xFFFF);
        }

        int usedIdx() {
            return mem.read16(USED + 2);
        }

        void kick() {
            dev.write(REG_QUEUE_NOTIFY, 2, TRANSMITQ);
        }
    }

    private final Rig r = new Rig(0x10000);
    private final ArrayGuestMemory mem = r.mem;
    private final CountingSink sink = r.sink;
    private final RecordingSink.Irq irq = r.irq;
    private final VirtioConsole dev = r.dev;

    @Test
    void aDescriptorWhoseEndWrapsPast2To63NeedsResetInsteadOfThrowing() {
        r.desc(0, 0x7FFF_FFFF_FFFF_FF00L, 0x100, 0, 0); // addr + len = 2^63: wrapped, looked like 0 on the old code
        r.publish(0);
        r.kick();
        assertTrue((dev.deviceStatus() & STATUS_NEEDS_RESET) != 0);
        assertNotNull(dev.lastError());
        assertTrue(dev.lastError().contains("outside RAM"), dev.lastError());
        assertEquals(0, sink.bytes);
        assertEquals(0, r.usedIdx());
    }

    @Test
    void oneKickSendsAtMostOnePassAndTheRestStaysOnTheRing() {
        Rig t = new Rig(17 << 20);
        // 16 chains, each one 1 MiB buffer at 1 MiB (legal: inside RAM): 16 MiB in one kick on the old code
        for (int i = 0; i < QUEUE_SIZE; i++) {
            t.desc(i, 1 << 20, 1 << 20, 0, 0);
            t.publish(i);
        }
        t.kick();
        assertEquals(MAX_BYTES_PER_PASS, t.sink.bytes);
        assertEquals(0, t.usedIdx(), "the first chain is not finished, so nothing is used yet");
        assertTrue(t.dev.hasPendingOutput());
        assertEquals(0, t.dev.queueState(TRANSMITQ).lastAvailIdx());

        // 1 MiB / 64 KiB = 16 passes finish the first chain, partly sent chains are continued where they stopped
        for (int pass = 1; pass < 16; pass++) t.dev.serviceTransmit();
        assertEquals(1 << 20, t.sink.bytes);
        assertEquals(1, t.usedIdx());
        assertEquals(1, t.dev.counters().chainsProcessed());
        assertEquals(1 << 20, t.dev.counters().bytesTransmitted());
        assertEquals(1, t.dev.counters().kicks(), "serviceTransmit is not a kick");
        assertEquals(0, t.dev.deviceStatus() & STATUS_NEEDS_RESET);
    }

    @Test
    void aFullSinkLeavesTheBufferOnTheRingUntilThereIsRoom() {
        mem.write(0x8000, "hello world".getBytes(), 0, 11);
        r.desc(0, 0x8000, 6, VirtQueue.DESC_F_NEXT, 1);
        r.desc(1, 0x8006, 5, 0, 0);
        r.publish(0);
        sink.room = 0;
        r.kick();
        assertEquals(0, sink.bytes);
        assertEquals(0, r.usedIdx());
        assertTrue(dev.hasPendingOutput());
        assertFalse(irq.levels.contains(true), "no used buffer, no interrupt");

        sink.room = 8; // room for part of the chain, across the descriptor boundary
        dev.serviceTransmit();
        assertEquals(8, sink.bytes);
        assertEquals(0, r.usedIdx());

        sink.room = Integer.MAX_VALUE;
        r.kick();
        assertEquals(11, sink.bytes, "the chain continues where it stopped: no byte twice");
        assertEquals(1, r.usedIdx());
        assertFalse(dev.hasPendingOutput());
        assertEquals(ISR_QUEUE, dev.isrPeek());
    }

    @Test
    void aFullSinkDropsEmergencyWritesInsteadOfBlocking() {
        sink.room = 0;
        dev.write(REG_EMERG_WR, 4, 'E');
        assertEquals(0, sink.bytes);
        assertEquals(1, dev.counters().emergencyWrites());
    }

    @Test
    void rewritingTheQueuePfnForgetsAPartlySentChain() {
        mem.write(0x8000, "abcdef".getBytes(), 0, 6);
        r.desc(0, 0x8000, 6, 0, 0);
        r.publish(0);
        sink.room = 3;
        r.kick();
        assertEquals(3, sink.bytes);
        dev.write(REG_QUEUE_PFN, 4, DESC >> 12); // the driver sets the queue up again: last_avail_idx back to 0
        sink.room = Integer.MAX_VALUE;
        r.kick();
        assertEquals(9, sink.bytes, "the chain is sent whole again from its start");
    }

    @Test
    void aDriverCannotSetNeedsResetItself() {
        dev.write(REG_DEVICE_STATUS, 1, STATUS_DRIVER_OK | STATUS_NEEDS_RESET);
        assertEquals(STATUS_DRIVER_OK, dev.deviceStatus(), "only the device reports it needs a reset");
        mem.write(0x8000, "ok".getBytes(), 0, 2);
        r.desc(0, 0x8000, 2, 0, 0);
        r.publish(0);
        r.kick();
        assertEquals(2, sink.bytes);
    }
}
