package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.device.Uart16550.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed-ahead input (config {@code input:}) reaches an interrupt-driven guest: IER write, then edge per byte. */
class UartTypedInputIrqTest {
    private final RecordingSink sink = new RecordingSink();
    private final RecordingSink.Irq irq = new RecordingSink.Irq();
    private final Uart16550 uart = new Uart16550(sink, irq);

    @Test
    void enablingTheReceiveInterruptDeliversTheFirstTypedByte() {
        uart.typeInput("ab".getBytes(StandardCharsets.ISO_8859_1));
        uart.write(MCR, 1, MCR_OUT2);
        uart.write(IIR_FCR, 1, FCR_ENABLE | FCR_CLEAR_RX); // a FIFO reset before IER must not lose the byte
        assertEquals(List.of(), irq.levels, "interrupts not enabled yet");
        uart.write(IER, 1, IER_ERBFI);
        assertEquals(List.of(true), irq.levels);
        assertEquals(IIR_RDA, uart.read(IIR_FCR, 1) & 0x0F);
        assertEquals('a', uart.read(RBR_THR, 1));
        assertEquals(List.of(true, false), irq.levels, "RBR read empties the FIFO: line low");
        uart.write(RBR_THR, 1, 'a'); // the echo: the next access brings the next byte, a new rising edge
        assertEquals(List.of(true, false, true), irq.levels);
        assertEquals('b', uart.read(RBR_THR, 1));
        assertEquals(0, uart.read(LSR, 1) & LSR_DR);
        assertEquals("a", sink.text());
    }
}
