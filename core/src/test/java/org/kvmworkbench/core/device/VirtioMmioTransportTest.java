package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.device.VirtioMmioTransport.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** The legacy virtio-mmio register layout in front of the same console model as the port transport. */
class VirtioMmioTransportTest {
    private final ArrayGuestMemory mem = new ArrayGuestMemory(0x10000);
    private final RecordingSink sink = new RecordingSink();
    private final RecordingSink.Irq irq = new RecordingSink.Irq();
    private final VirtioConsole dev = new VirtioConsole(mem, sink, irq, VirtioConsole.Transport.MMIO);

    private long reg(int offset) {
        return dev.read(offset, 4);
    }

    @Test
    void identification() {
        assertEquals(0x74726976L, reg(REG_MAGIC));
        assertEquals(1, reg(REG_VERSION));
        assertEquals(3, reg(REG_DEVICE_ID));
        assertEquals(VENDOR_ID & 0xFFFF_FFFFL, reg(REG_VENDOR_ID));
        assertEquals(0, reg(REG_HOST_FEATURES));
        assertEquals('v', dev.read(REG_MAGIC, 1));
        assertEquals(0x7472, dev.read(REG_MAGIC + 2, 2));
        assertEquals(0x200, dev.windowSize());
        assertEquals(0x50, dev.queueNotifyOffset());
    }

    @Test
    void queueSizeAndConfigSpace() {
        dev.write(REG_QUEUE_SEL, 4, 1);
        assertEquals(16, reg(REG_QUEUE_NUM_MAX));
        dev.write(REG_QUEUE_SEL, 4, 2);
        assertEquals(0, reg(REG_QUEUE_NUM_MAX));
        assertEquals(80, dev.read(REG_CONFIG, 2));
        assertEquals(25, dev.read(REG_CONFIG + 2, 2));
        assertEquals(1, reg(REG_CONFIG + 4));
        dev.write(REG_CONFIG + 8, 4, 'E');
        assertEquals("E", sink.text());
    }

    private void setUpTransmitq(int pageSize, int num, int align) {
        dev.write(REG_STATUS, 4, 0);
        dev.write(REG_STATUS, 4, 3);
        dev.write(REG_GUEST_PAGE_SIZE, 4, pageSize);
        dev.write(REG_QUEUE_SEL, 4, VirtioConsole.TRANSMITQ);
        dev.write(REG_QUEUE_NUM, 4, num);
        dev.write(REG_QUEUE_ALIGN, 4, align);
        dev.write(REG_QUEUE_PFN, 4, 4);
        dev.write(REG_STATUS, 4, 7);
    }

    @Test
    void aKickTransmitsAndInterruptStatusIsAcknowledgedNotReadCleared() {
        setUpTransmitq(4096, 16, 4096);
        assertEquals(4, reg(REG_QUEUE_PFN));
        byte[] text = "hi mmio".getBytes(StandardCharsets.ISO_8859_1);
        mem.write(0x6000, text, 0, text.length);
        mem.write64(0x4000, 0x6000);
        mem.write32(0x4008, text.length);
        mem.write16(0x4104, 0);      // avail.ring[0] = descriptor 0
        mem.write16(0x4102, 1);      // avail.idx = 1
        dev.write(REG_QUEUE_NOTIFY, 4, VirtioConsole.TRANSMITQ);
        assertEquals("hi mmio", sink.text());
        assertEquals(1, mem.read16(0x5002));
        assertEquals(1, reg(REG_INTERRUPT_STATUS));
        assertEquals(1, reg(REG_INTERRUPT_STATUS), "reading does not clear it on MMIO");
        assertTrue(dev.irqLevel());
        dev.write(REG_INTERRUPT_ACK, 4, 1);
        assertEquals(0, reg(REG_INTERRUPT_STATUS));
        assertEquals(7, reg(REG_STATUS));
        assertEquals(1, dev.counters().kicks());
    }

    @Test
    void unsupportedQueueLayoutNeedsReset() {
        setUpTransmitq(4096, 8, 4096);
        assertEquals(0, dev.queueState(VirtioConsole.TRANSMITQ).pfn());
        assertTrue((reg(REG_STATUS) & VirtioConsole.STATUS_NEEDS_RESET) != 0);
        assertNotNull(dev.lastError());
        assertTrue(dev.lastError().contains("QueueNum 8"), dev.lastError());
        dev.write(REG_STATUS, 4, 0);
        assertEquals(0, reg(REG_STATUS));
    }

    @Test
    void snapshotShowsTheVirtioMmioRegisters() {
        VirtioConsole dev = new VirtioConsole(new org.kvmworkbench.core.memory.ArrayGuestMemory(64 * 1024),
                (src, b) -> { }, IrqLine.NONE, VirtioConsole.Transport.MMIO);
        DeviceSnapshot s = dev.snapshot();
        assertEquals(0x74726976L, s.register("MagicValue (+0x000)").value());
        assertEquals(1, s.register("Version (+0x004)").value());
        assertEquals(3, s.register("DeviceID (+0x008)").value());
        assertEquals(16, s.register("QueueNumMax (+0x034)").value());
    }
}
