package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebugConsoleTest {
    private final RecordingSink sink = new RecordingSink();
    private final DebugConsole con = new DebugConsole(sink);

    @Test void writesPrintTheLowByteAndReadsReturnE9() {
        con.write(0, 1, 'o');
        con.write(0, 1, 'k');
        con.write(0, 4, 0x1234_5621);    // wide access: '!'
        assertEquals("ok!", sink.text());
        assertEquals(List.of("debugcon", "debugcon", "debugcon"), sink.sources);
        assertEquals(0xE9, con.read(0, 1));
        assertEquals(3, con.bytesWritten());
        assertEquals('!', con.lastByte());
    }

    @Test void snapshotShowsCountAndLastByteAndResetClearsThem() {
        assertEquals("nothing written yet", con.snapshot().register("LAST").meaning());
        con.write(0, 1, 'Z');
        DeviceSnapshot snap = con.snapshot();
        assertEquals('Z', snap.register("LAST").value());
        assertEquals("last byte written 'Z'", snap.register("LAST").meaning());
        assertEquals("bytes written: 1", snap.details().get(0));
        con.reset();
        assertEquals(0, con.bytesWritten());
        assertEquals(-1, con.lastByte());
    }

    @Test void aByteForAConsoleWithNoRoomIsDroppedAndCountedNeverWaitedFor() {
        sink.room = 1;
        con.write(0, 1, 'a');
        con.write(0, 1, 'b');
        con.write(0, 1, 'c');
        assertEquals("a", sink.text());
        assertEquals(3, con.bytesWritten());
        assertEquals(2, con.bytesDropped());
        assertEquals("bytes dropped (console had no room): 2", con.snapshot().details().get(2));
    }
}
