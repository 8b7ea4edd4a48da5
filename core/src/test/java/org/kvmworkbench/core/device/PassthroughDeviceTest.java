package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** The modeled passthrough device: a request is a memory write to its page; guest-supplied buffers are checked. */
class PassthroughDeviceTest {
    private static final long BAR = 0xE000;
    private final ArrayGuestMemory ram = new ArrayGuestMemory(64 * 1024);
    private final StringBuilder console = new StringBuilder();
    private final List<Boolean> line = new ArrayList<>();
    private final PassthroughDevice dev = new PassthroughDevice(ram, BAR, (s, b) -> console.append((char) b), line::add);

    private void ring(int request, long addr, int len) {
        ram.write32(BAR + PassthroughDevice.ADDR, (int) addr);
        ram.write16(BAR + PassthroughDevice.LEN, len);
        ram.write16(BAR + PassthroughDevice.DOORBELL, request);
    }

    @Test
    void aDoorbellWriteIsServedOncePrintedCompletedAndInterrupted() {
        byte[] text = "hi\n".getBytes();
        ram.write(0x2000, text, 0, text.length);
        assertFalse(dev.service(), "nothing rung yet");
        ring(1, 0x2000, text.length);
        assertTrue(dev.service());
        assertEquals("hi\n", console.toString());
        assertEquals(1, ram.read16(BAR + PassthroughDevice.COMPLETION));
        assertEquals(PassthroughDevice.STATUS_DONE, ram.read16(BAR + PassthroughDevice.STATUS));
        assertEquals(List.of(true, false), line, "an edge: raise, then lower");
        assertFalse(dev.service(), "the same doorbell value is not a new request");
        assertEquals("hi\n", console.toString());
    }

    @Test
    void aBufferOutsideRamIsAGuestVisibleErrorNotACrash() {
        ring(1, 0xFFFF_FFF0L, 0x20); // addr + len overflows 32 bits and lies outside 64 KiB
        assertTrue(dev.service());
        assertEquals(PassthroughDevice.STATUS_BAD_BUFFER, ram.read16(BAR + PassthroughDevice.STATUS));
        ring(2, 0xFFF0, 0x20); // runs past the end of RAM
        assertTrue(dev.service());
        assertEquals(PassthroughDevice.STATUS_BAD_BUFFER, ram.read16(BAR + PassthroughDevice.STATUS));
        ring(3, 0x100, PassthroughDevice.MAX_LEN + 1);
        assertTrue(dev.service());
        assertEquals(PassthroughDevice.STATUS_BAD_BUFFER, ram.read16(BAR + PassthroughDevice.STATUS));
        assertEquals(3, ram.read16(BAR + PassthroughDevice.COMPLETION));
        assertEquals("", console.toString());
        assertEquals(6, line.size(), "each failed request still completes with an interrupt");
    }

    @Test
    void snapshotShowsThePageAndSaysWhatIsModeled() {
        ring(7, 0x2000, 0);
        dev.service();
        DeviceSnapshot s = dev.snapshot();
        assertEquals(7, s.register("DOORBELL (+0)").value());
        assertEquals(7, s.register("COMPLETION (+2)").value());
        assertTrue(s.details().stream().anyMatch(d -> d.contains("no IOMMU")));
    }
}
