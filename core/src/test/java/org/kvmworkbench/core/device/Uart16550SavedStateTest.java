package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.kvmworkbench.core.device.Uart16550.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UART's state saved as numbers and described later gives the snapshot the UART gave at that moment. */
class Uart16550SavedStateTest {
    private final RecordingSink sink = new RecordingSink();
    private final Uart16550 uart = new Uart16550(sink, new RecordingSink.Irq());

    private final List<long[]> saved = new ArrayList<>();
    private final List<DeviceSnapshot> then = new ArrayList<>();

    private void save() {
        long[] s = new long[uart.stateLength() + 3];
        uart.saveState(s, 3); // at an offset, as in a table of slots
        saved.add(s);
        then.add(uart.snapshot());
    }

    @Test void everySavedMomentIsDescribedAsItsSnapshot() {
        save(); // power-on
        uart.write(LCR, 1, 0x83);
        uart.write(RBR_THR, 1, 0x01);
        uart.write(LCR, 1, 0x03);
        save(); // divisor 1, 8N1
        uart.write(IER, 1, IER_ERBFI | IER_ETBEI | IER_ELSI);
        uart.write(IIR_FCR, 1, FCR_ENABLE);
        uart.write(MCR, 1, 0x0B);
        uart.write(SCR, 1, 0x5A);
        uart.write(RBR_THR, 1, 'H');
        save();
        for (int i = 0; i < 300; i++) uart.enqueueInput('a' + i % 26); // past the receive FIFO: overrun, dropped bytes
        save();
        uart.read(RBR_THR, 1);
        sink.room = 0; // the line stalls: the next bytes wait in the transmit FIFO
        uart.write(RBR_THR, 1, 'i');
        uart.write(RBR_THR, 1, '!');
        save();
        uart.write(MCR, 1, MCR_LOOP | 0x03); // loopback: modem-status deltas
        save();
        for (int i = 0; i < saved.size(); i++) {
            assertEquals(then.get(i), uart.describe(saved.get(i), 3), "moment " + i);
        }
        assertNotEquals(then.get(1), then.get(2));
        assertEquals('H', then.get(2).register("THR").value());
    }
}
