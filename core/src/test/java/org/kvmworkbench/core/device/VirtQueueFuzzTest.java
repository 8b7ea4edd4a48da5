package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/**
 * Random virtqueue contents against the virtio console on both transports: descriptor tables (addresses that wrap,
 * lengths up to 4 GiB, loops, out-of-range next indices, indirect flags), available rings and indices, used
 * indices, queue PFNs anywhere, random register accesses of every width, kicks, a sink whose room comes and goes.
 * Seeded and bounded by count. Asserts no host exception, no pass sends more than {@link
 * VirtioConsole#MAX_BYTES_PER_PASS} or more than the sink's room, and a device that refused a ring says why.
 */
class VirtQueueFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x7669_7274L);
    private static final int CASES = 20_000;
    private static final int RAM = 0x20000;

    /** Fails the test if the device writes past room() (it would have blocked). */
    static final class Sink implements ConsoleSink {
        int room = Integer.MAX_VALUE;
        long bytes;

        @Override public void write(String source, int b) {
            if (room <= 0) throw new AssertionError("written past room()");
            if (room != Integer.MAX_VALUE) room--;
            bytes++;
        }

        @Override public int room() {
            return room;
        }
    }

    @Test
    void randomRingsNeverThrowAndEveryPassIsBounded() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            long caseSeed = rnd.nextLong();
            try {
                runCase(new Random(caseSeed));
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (case seed " + caseSeed + ", test seed " + SEED + "): " + t, t);
            }
        }
    }

    private static void runCase(Random rnd) {
        ArrayGuestMemory mem = new ArrayGuestMemory(RAM);
        Sink sink = new Sink();
        boolean mmio = rnd.nextBoolean();
        VirtioConsole dev = new VirtioConsole(mem, sink, level -> { },
                mmio ? VirtioConsole.Transport.MMIO : VirtioConsole.Transport.PIO);
        Driver d = new Driver(dev, mmio);
        long pfn = rnd.nextInt(4) == 0 ? rnd.nextInt() & 0xFFFF_FFFFL : 1 + rnd.nextInt(RAM / 4096 + 2);
        d.setUp(pfn, rnd.nextInt(6) == 0 ? rnd.nextInt(8192) : 4096, rnd.nextInt(6) == 0 ? rnd.nextInt(64) : 16);
        long desc = pfn * 4096;
        int ops = 1 + rnd.nextInt(16);
        for (int op = 0; op < ops; op++) {
            long before = sink.bytes;
            int roomBefore = sink.room;
            switch (rnd.nextInt(10)) {
                case 0: case 1: fillDescriptors(mem, desc, rnd); break;
                case 2: fillAvail(mem, desc, rnd); break;
                case 3: write16(mem, desc + 0x1000 + 2, rnd.nextInt(0x10000)); break; // used.idx
                case 4: d.randomAccess(rnd); break;
                case 5: sink.room = rnd.nextInt(3) == 0 ? 0 : rnd.nextBoolean() ? rnd.nextInt(100) : Integer.MAX_VALUE; break;
                case 6: dev.serviceTransmit(); break;
                case 7: dev.queueRings(VirtioConsole.TRANSMITQ); dev.snapshot(); dev.hasPendingOutput(); break;
                default: d.kick(rnd.nextInt(8) == 0 ? rnd.nextInt() : VirtioConsole.TRANSMITQ);
            }
            long sent = sink.bytes - before;
            if (sent > VirtioConsole.MAX_BYTES_PER_PASS) fail("one pass sent " + sent + " bytes");
            if (roomBefore != Integer.MAX_VALUE && sent > roomBefore) fail("sent " + sent + " with room " + roomBefore);
            if ((dev.deviceStatus() & VirtioConsole.STATUS_NEEDS_RESET) != 0) assertNotNull(dev.lastError());
        }
        assertTrue(dev.counters().bytesTransmitted() >= 0);
    }

    /** Plays the driver through the transport's registers. */
    private static final class Driver {
        final VirtioConsole dev;
        final boolean mmio;

        Driver(VirtioConsole dev, boolean mmio) {
            this.dev = dev;
            this.mmio = mmio;
        }

        void setUp(long pfn, int pageSize, int num) {
            if (mmio) {
                dev.write(VirtioMmioTransport.REG_GUEST_PAGE_SIZE, 4, pageSize);
                dev.write(VirtioMmioTransport.REG_QUEUE_SEL, 4, VirtioConsole.TRANSMITQ);
                dev.write(VirtioMmioTransport.REG_QUEUE_NUM, 4, num);
                dev.write(VirtioMmioTransport.REG_QUEUE_ALIGN, 4, pageSize);
                dev.write(VirtioMmioTransport.REG_QUEUE_PFN, 4, pfn);
                dev.write(VirtioMmioTransport.REG_STATUS, 4, VirtioConsole.STATUS_DRIVER_OK);
            } else {
                dev.write(VirtioConsole.REG_QUEUE_SELECT, 2, VirtioConsole.TRANSMITQ);
                dev.write(VirtioConsole.REG_QUEUE_PFN, 4, pfn);
                dev.write(VirtioConsole.REG_DEVICE_STATUS, 1, VirtioConsole.STATUS_DRIVER_OK);
            }
        }

        void kick(int queue) {
            if (mmio) dev.write(VirtioMmioTransport.REG_QUEUE_NOTIFY, 4, queue & 0xFFFF_FFFFL);
            else dev.write(VirtioConsole.REG_QUEUE_NOTIFY, 2, queue & 0xFFFF);
        }

        void randomAccess(Random rnd) {
            int window = dev.windowSize();
            int offset = rnd.nextInt(8) == 0 ? rnd.nextInt() : rnd.nextInt(window + 8);
            int size = new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
            if (rnd.nextBoolean()) dev.read(offset, size);
            else dev.write(offset, size, rnd.nextLong());
        }
    }

    private static void fillDescriptors(ArrayGuestMemory mem, long desc, Random rnd) {
        for (int i = 0; i < VirtioConsole.QUEUE_SIZE; i++) {
            long at = desc + 16L * i;
            if (!mem.contains(at, 16)) return;
            long addr;
            switch (rnd.nextInt(5)) {
                case 0: addr = rnd.nextLong(); break;
                case 1: addr = 0x7FFF_FFFF_FFFF_FF00L + rnd.nextInt(0x100); break;
                case 2: addr = RAM - rnd.nextInt(0x100); break;
                default: addr = 0x8000 + rnd.nextInt(0x1000);
            }
            int len = switch (rnd.nextInt(5)) {
                case 0 -> rnd.nextInt();
                case 1 -> -1;
                case 2 -> rnd.nextInt(0x10000);
                default -> rnd.nextInt(64);
            };
            mem.write64(at, addr);
            mem.write32(at + 8, len);
            mem.write16(at + 12, rnd.nextInt(8));
            mem.write16(at + 14, rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(20));
        }
    }

    private static void fillAvail(ArrayGuestMemory mem, long desc, Random rnd) {
        long avail = desc + 16L * VirtioConsole.QUEUE_SIZE;
        if (!mem.contains(avail, 4 + 2L * VirtioConsole.QUEUE_SIZE)) return;
        for (int i = 0; i < VirtioConsole.QUEUE_SIZE; i++) mem.write16(avail + 4 + 2L * i, rnd.nextInt(20));
        mem.write16(avail, rnd.nextInt(2));
        mem.write16(avail + 2, rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(18));
    }

    private static void write16(ArrayGuestMemory mem, long at, int v) {
        if (mem.contains(at, 2)) mem.write16(at, v);
    }
}
