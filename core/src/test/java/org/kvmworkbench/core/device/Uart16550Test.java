package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.device.Uart16550.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Uart16550Test {
    private final RecordingSink sink = new RecordingSink();
    private final RecordingSink.Irq irq = new RecordingSink.Irq();
    private final Uart16550 uart = new Uart16550(sink, irq);

    private int in(int offset) {
        return (int) uart.read(offset, 1);
    }

    private void out(int offset, int value) {
        uart.write(offset, 1, value);
    }

    @Test void dlabSwitchesOffsetsZeroAndOneToTheDivisorLatch() {
        out(LCR, 0x83);                  // DLAB + 8N1
        out(RBR_THR, 0x01);              // DLL
        out(IER, 0x00);                  // DLM
        assertEquals(0x01, in(RBR_THR));
        assertEquals(0x00, in(IER));
        assertEquals(115200, uart.baudRate());
        assertEquals("", sink.text(), "a DLL write is not a transmitted byte");

        out(LCR, 0x03);                  // DLAB off: offsets 0/1 are THR/IER again
        out(IER, 0x05);
        assertEquals(0x05, in(IER));
        out(LCR, 0x83);
        assertEquals(0x01, in(RBR_THR), "IER write did not touch DLL");
        assertEquals(0x00, in(IER), "IER write did not touch DLM");

        out(RBR_THR, 0x0C);
        out(IER, 0x00);
        assertEquals(9600, uart.baudRate());
        DeviceSnapshot snap = uart.snapshot();
        assertEquals(0x0C, snap.register("DLL").value());
        assertTrue(snap.details().contains("baud: 9600 (divisor 12)"), snap.details().toString());
    }

    @Test void lcrAndScratchReadBackWhatWasWritten() {
        out(LCR, 0x1B);
        out(SCR, 0xA5);
        assertEquals(0x1B, in(LCR));
        assertEquals(0xA5, in(SCR));
        assertTrue(uart.snapshot().register("LCR").meaning().startsWith("8E1"));
        out(SCR, 0x5A);
        assertEquals(0x5A, in(SCR));
    }

    @Test void thrWritesGoToTheSinkAndLsrAlwaysShowsTransmitterEmpty() {
        out(RBR_THR, 'H');
        out(RBR_THR, 'i');
        uart.write(RBR_THR, 2, 0x1241);  // wide access: low byte only
        assertEquals("HiA", sink.text());
        assertEquals(List.of("uart", "uart", "uart"), sink.sources);
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR));
        assertEquals(3, uart.bytesTransmitted());
        assertEquals('A', uart.snapshot().register("THR").value());
    }

    @Test void receivedBytesArePoppedFromRbrAndDrivesLsrDataReady() {
        assertEquals(0, in(LSR) & LSR_DR);
        assertEquals(2, uart.enqueueInput("ab".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x61, in(LSR));
        assertEquals('a', uart.snapshot().register("RBR").value(), "snapshot peeks without popping");
        assertEquals('a', in(RBR_THR));
        assertEquals('b', (int) uart.read(RBR_THR, 4), "wide read returns the byte in the low 8 bits");
        assertEquals(0, in(LSR) & LSR_DR);
        assertEquals(0, uart.rxFifoDepth());

        uart.enqueueInput('c');
        out(IIR_FCR, FCR_ENABLE | FCR_CLEAR_RX);
        assertEquals(0, in(LSR) & LSR_DR, "FCR bit 1 empties the receive FIFO");
    }

    @Test void inputBeyondTheFifoIsDroppedCountedAndFlagsOverrunUntilLsrIsRead() {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        assertEquals(RX_CAPACITY, uart.enqueueInput(data));
        assertFalse(uart.enqueueInput('x'));
        assertEquals(45, uart.droppedInputBytes());
        assertEquals(RX_CAPACITY, uart.rxFifoDepth());

        assertEquals(LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT, in(LSR));
        assertEquals(LSR_DR | LSR_THRE | LSR_TEMT, in(LSR), "OE clears when LSR is read");
        assertEquals(0, in(RBR_THR), "the oldest bytes were kept");
        assertEquals(1, in(RBR_THR));
        assertTrue(uart.snapshot().details().contains("input bytes dropped: 45"));
    }

    @Test void iirReportsTheHighestPriorityPendingInterrupt() {
        assertEquals(IIR_NONE, in(IIR_FCR));

        out(IER, IER_ETBEI);             // enabling it with THR empty raises THRE
        assertEquals(IIR_THRE, in(IIR_FCR));
        assertEquals(IIR_NONE, in(IIR_FCR), "reading IIR cleared THRE, as it was the reported source");
        out(RBR_THR, 'x');               // the byte leaves at once: THR empty again
        assertEquals(IIR_THRE, in(IIR_FCR));

        out(RBR_THR, 'y');
        uart.enqueueInput('z');
        out(IER, IER_ETBEI | IER_ERBFI | IER_ELSI);
        assertEquals(IIR_RDA, in(IIR_FCR), "received data outranks THR empty, which stays pending");

        uart.enqueueInput(new byte[RX_CAPACITY]);  // overflow
        assertEquals(IIR_RLS, in(IIR_FCR), "line status outranks received data");
        in(LSR);
        assertEquals(IIR_RDA, in(IIR_FCR));
        while ((in(LSR) & LSR_DR) != 0) in(RBR_THR);
        assertEquals(IIR_THRE, in(IIR_FCR));
        assertEquals(IIR_NONE, in(IIR_FCR));

        out(IIR_FCR, FCR_ENABLE);
        assertEquals(IIR_FIFO_ENABLED | IIR_NONE, in(IIR_FCR));
    }

    @Test void modemStatusInterruptIsLowestAndClearedByReadingMsr() {
        out(MCR, MCR_LOOP);
        in(MSR);
        out(IER, IER_EDSSI);
        out(MCR, MCR_LOOP | 0x01);       // DTR -> DSR changes
        assertEquals(IIR_MSI, in(IIR_FCR));
        assertEquals(0x20 | 0x02, in(MSR), "DSR with its delta bit");
        assertEquals(IIR_NONE, in(IIR_FCR));
        assertEquals(0x20, in(MSR));
    }

    @Test void loopbackFeedsTransmittedBytesToTheReceiverAndMcrToMsr() {
        assertEquals(MSR_CTS_DSR_DCD, in(MSR));
        out(MCR, MCR_LOOP | 0x0F);       // DTR, RTS, OUT1, OUT2 -> DSR, CTS, RI, DCD
        assertEquals(0xF0, in(MSR) & 0xF0);
        out(MCR, MCR_LOOP);
        assertEquals(0x00, in(MSR) & 0xF0);

        out(RBR_THR, 'L');
        assertEquals("", sink.text(), "loopback keeps the byte off the line");
        assertEquals(LSR_DR, in(LSR) & LSR_DR);
        assertEquals('L', in(RBR_THR));

        out(MCR, 0);
        out(RBR_THR, 'M');
        assertEquals("M", sink.text());
        assertEquals(MSR_CTS_DSR_DCD, in(MSR) & 0xF0);
    }

    @Test void irqLineFollowsPendingAndOut2AndIsDrivenOnlyOnChange() {
        out(IER, IER_ERBFI);
        uart.enqueueInput('a');
        assertEquals(List.of(), irq.levels, "OUT2 clear gates the interrupt");
        out(MCR, MCR_OUT2);
        assertEquals(List.of(true), irq.levels);
        uart.enqueueInput('b');
        in(LSR);
        assertEquals(List.of(true), irq.levels, "no repeat while the level is unchanged");
        in(RBR_THR);
        in(RBR_THR);
        assertEquals(List.of(true, false), irq.levels);

        out(IER, IER_ETBEI);
        assertEquals(List.of(true, false, true), irq.levels);
        out(RBR_THR, 'x');               // cleared and immediately re-armed: no glitch on the line
        assertEquals(List.of(true, false, true), irq.levels);
        in(IIR_FCR);
        assertEquals(List.of(true, false, true, false), irq.levels);
        assertFalse(uart.irqLevel());
    }

    @Test void resetRestoresPowerOnRegistersAndLowersTheLine() {
        out(MCR, MCR_OUT2);
        out(IER, IER_ETBEI);
        out(LCR, 0x83);
        out(RBR_THR, 1);
        out(SCR, 7);
        uart.enqueueInput('q');
        assertTrue(uart.irqLevel());

        uart.reset();
        assertFalse(uart.irqLevel());
        assertEquals(List.of(true, false), irq.levels);
        assertEquals(0, in(LCR));
        assertEquals(0, in(IER));
        assertEquals(0, in(SCR));
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR));
        assertEquals(IIR_NONE, in(IIR_FCR));
        assertEquals(9600, uart.baudRate());
    }

    @Test
    void typedAheadInputSurvivesAFifoResetAndSnapshotsDoNotConsumeIt() {
        RecordingSink sink = new RecordingSink();
        Uart16550 u = new Uart16550(sink, IrqLine.NONE);
        u.typeInput("hi".getBytes());
        u.snapshot(); // the GUI looking must not move input into the chip
        u.write(Uart16550.IIR_FCR, 1, 0x07); // driver init: enable and clear both FIFOs
        assertEquals(0x01, u.read(Uart16550.LSR, 1) & 0x01, "data ready once the guest looks");
        assertEquals('h', u.read(Uart16550.RBR_THR, 1));
        assertEquals('i', u.read(Uart16550.RBR_THR, 1));
        assertEquals(0, u.read(Uart16550.LSR, 1) & 0x01);
    }

    @Test void aConsoleWithNoRoomStallsTheLineAndLsrSaysNotReadyUntilItDrains() {
        sink.room = 0;
        assertEquals(LSR_THRE, in(LSR), "the transmitter is busy (TEMT clear); THR itself is empty");
        out(RBR_THR, 'a');
        assertEquals(0, in(LSR) & (LSR_THRE | LSR_TEMT), "THR holds the byte: not ready");
        assertEquals(0, in(LSR) & (LSR_THRE | LSR_TEMT), "still not ready, however often it is polled");
        assertEquals("", sink.text());
        sink.room = 1;
        assertEquals(LSR_THRE, in(LSR) & (LSR_THRE | LSR_TEMT), "the byte left; the line is full again");
        assertEquals("a", sink.text());
        sink.room = Integer.MAX_VALUE;
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR));
        out(RBR_THR, 'b');
        assertEquals("ab", sink.text());
        assertEquals(0, uart.droppedOutputBytes());
    }

    @Test void aGuestThatWaitsForThreNeverLosesAByteThroughASlowConsole() {
        String text = "polled output survives a console that takes one byte now and then";
        int sent = 0;
        for (int poll = 0; sent < text.length(); poll++) {
            sink.room = poll % 7 == 0 ? 1 : 0; // the reader takes a byte every 7th poll
            if ((in(LSR) & LSR_THRE) != 0) out(RBR_THR, text.charAt(sent++));
        }
        sink.room = Integer.MAX_VALUE;
        in(LSR);
        assertEquals(text, sink.text());
        assertEquals(0, uart.droppedOutputBytes());
    }

    @Test void inFifoModeSixteenBytesWaitAndMoreAreLostAndCounted() {
        out(IIR_FCR, FCR_ENABLE);
        sink.room = 0;
        for (int i = 0; i < TX_FIFO_DEPTH + 3; i++) out(RBR_THR, 'A' + i);
        assertEquals(TX_FIFO_DEPTH, uart.txFifoDepth());
        assertEquals(3, uart.droppedOutputBytes());
        assertEquals(0, in(LSR) & (LSR_THRE | LSR_TEMT));
        sink.room = Integer.MAX_VALUE;
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR) & (LSR_THRE | LSR_TEMT));
        assertEquals("ABCDEFGHIJKLMNOP", sink.text());
    }

    @Test void theThreInterruptWaitsUntilTheLineTakesTheBytes() {
        out(IER, IER_ETBEI);
        in(IIR_FCR); // take the interrupt raised by enabling ETBEI
        sink.room = 0;
        out(RBR_THR, 'x');
        assertEquals(IIR_NONE, in(IIR_FCR) & 0x0F, "THR is not empty");
        sink.room = Integer.MAX_VALUE;
        assertEquals(IIR_THRE, in(IIR_FCR) & 0x0F, "empty again once the byte left");
    }

    @Test void clearingTheTransmitFifoDiscardsWaitingBytes() {
        out(IIR_FCR, FCR_ENABLE);
        sink.room = 0;
        out(RBR_THR, 'q');
        out(IIR_FCR, FCR_ENABLE | FCR_CLEAR_TX);
        assertEquals(0, uart.txFifoDepth());
        sink.room = Integer.MAX_VALUE;
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR));
        assertEquals("", sink.text());
    }
}
