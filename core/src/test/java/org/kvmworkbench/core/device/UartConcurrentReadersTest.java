package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The UART's accesses take no lock; other threads still see it between two accesses: snapshots and getters taken
 * while one thread writes THR as fast as it can never show half an access, and bytes typed from another thread
 * all reach the guest, in order.
 */
class UartConcurrentReadersTest {
    private static final int WRITES = 2_000_000;

    @Test
    void snapshotsDuringAHotWriteLoopShowWholeAccesses() throws Exception {
        Uart16550 uart = new Uart16550((source, b) -> { }, IrqLine.NONE);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong snapshots = new AtomicLong();
        Thread reader = new Thread(() -> {
            long lastTransmitted = 0;
            while (!done.get() && torn.get() == null) {
                DeviceSnapshot s = uart.snapshot();
                long transmitted = transmitted(s);
                long thr = s.register("THR").value();
                // the guest writes (i & 0xFF) as its i-th byte: THR is always the last of `transmitted` bytes
                if (transmitted > 0 && thr != ((transmitted - 1) & 0xFF)) torn.set("THR " + thr + " after " + transmitted);
                if (transmitted < lastTransmitted) torn.set("count went back: " + lastTransmitted + " → " + transmitted);
                lastTransmitted = transmitted;
                snapshots.incrementAndGet();
            }
        }, "uart-reader");
        reader.start();
        try {
            for (int i = 0; i < WRITES; i++) {
                uart.write(Uart16550.RBR_THR, 1, i & 0xFF);
                if ((i & 0xFFFF) == 0 && snapshots.get() == 0) Thread.yield(); // let the reader start
            }
        } finally {
            done.set(true);
            reader.join(30_000);
        }
        assertEquals(null, torn.get(), "a snapshot showed half an access");
        assertTrue(snapshots.get() > 0, "the reader took snapshots");
        assertEquals(WRITES, uart.bytesTransmitted());
    }

    @Test
    void bytesTypedFromAnotherThreadAllReachTheGuestInOrder() throws Exception {
        Uart16550 uart = new Uart16550((source, b) -> { }, IrqLine.NONE);
        int total = 200_000;
        Thread typist = new Thread(() -> {
            for (int sent = 0; sent < total; ) {
                byte[] chunk = new byte[Math.min(100, total - sent)];
                for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) (sent + i);
                int n = uart.typeInput(chunk); // the line takes what fits; the rest is typed again
                if (n == 0) Thread.onSpinWait();
                sent += n;
            }
        }, "typist");
        typist.start();
        int received = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (received < total && System.nanoTime() < deadline) {
            if ((uart.read(Uart16550.LSR, 1) & Uart16550.LSR_DR) != 0) {
                assertEquals(received & 0xFF, uart.read(Uart16550.RBR_THR, 1), "byte " + received);
                received++;
            }
        }
        typist.join(30_000);
        assertEquals(total, received);
    }

    private static long transmitted(DeviceSnapshot s) {
        for (String d : s.details()) {
            if (d.startsWith("bytes transmitted: ")) return Long.parseLong(d.substring("bytes transmitted: ".length()));
        }
        throw new AssertionError("no transmitted count in " + s.details());
    }
}
