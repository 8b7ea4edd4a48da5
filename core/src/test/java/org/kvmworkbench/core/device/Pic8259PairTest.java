package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 8259A pair as a real-mode BIOS programs it (SeaBIOS pic_reset): vectors 0x08 and 0x70, IRQ2 cascade. */
class Pic8259PairTest {
    private Pic8259Pair pic;

    @BeforeEach
    void biosInit() {
        pic = new Pic8259Pair();
        master(0, 0x11);
        master(1, 0x08);
        master(1, 0x04);
        master(1, 0x01);
        slave(0, 0x11);
        slave(1, 0x70);
        slave(1, 0x02);
        slave(1, 0x01);
        master(1, 0x00); // unmask everything
        slave(1, 0x00);
    }

    private void master(int offset, int value) {
        pic.write(offset, 1, value);
    }

    private void slave(int offset, int value) {
        pic.slaveWindow().write(offset, 1, value);
    }

    private void pulse(int irq) {
        pic.setIrq(irq, true);
        pic.setIrq(irq, false);
    }

    @Test
    void timerInterruptIsAcknowledgedAndEndedByEoi() {
        assertFalse(pic.hasInterrupt());
        pulse(0);
        assertTrue(pic.hasInterrupt());
        assertEquals(0x01, pic.irr());
        assertEquals(0x08, pic.acknowledge());
        assertEquals(0, pic.irr() & 1, "an edge request is consumed by INTA");
        assertEquals(0x01, pic.isr());
        assertFalse(pic.hasInterrupt());
        master(0, 0x20); // non-specific EOI
        assertEquals(0, pic.isr());
    }

    @Test
    void higherPriorityNestsLowerWaits() {
        pulse(3);
        pulse(1);
        assertEquals(0x09, pic.acknowledge(), "IRQ1 beats IRQ3");
        assertFalse(pic.hasInterrupt(), "IRQ3 waits while IRQ1 is in service");
        pulse(0);
        assertTrue(pic.hasInterrupt(), "IRQ0 outranks the IRQ1 in service");
        assertEquals(0x08, pic.acknowledge());
        master(0, 0x20); // ends IRQ0, the highest in service
        assertEquals(0x02, pic.isr());
        master(0, 0x20);
        assertEquals(0x0B, pic.acknowledge());
    }

    @Test
    void slaveRequestsCascadeThroughIrq2() {
        pulse(10);
        assertTrue(pic.hasInterrupt());
        assertEquals(0x72, pic.acknowledge());
        assertEquals(1 << 2 | 1 << 10, pic.isr(), "master IR2 and slave IR2 (IRQ10) both in service");
        slave(0, 0x20);
        master(0, 0x20);
        assertEquals(0, pic.isr());
    }

    @Test
    void maskedLineRaisesNoInterrupt() {
        master(1, 0x01);
        pulse(0);
        assertFalse(pic.hasInterrupt());
        assertEquals(0x01, pic.irr(), "requested, but masked");
        master(1, 0x00);
        assertTrue(pic.hasInterrupt());
    }

    @Test
    void nothingPendingGivesSpuriousIrq7WithoutService() {
        assertEquals(0x0F, pic.acknowledge());
        assertEquals(0, pic.isr());
    }

    @Test
    void edgeNeedsANewRisingEdgeLevelStaysRequested() {
        pic.setIrq(5, true);
        assertEquals(0x0D, pic.acknowledge());
        master(0, 0x20);
        assertFalse(pic.hasInterrupt(), "edge: the line stays high but made no new edge");
        pic.setIrq(5, false);
        pic.elcrWindow().write(0, 1, 0x20); // IRQ5 level-triggered
        pic.setIrq(5, true);
        assertEquals(0x0D, pic.acknowledge());
        master(0, 0x20);
        assertTrue(pic.hasInterrupt(), "level: still asserted, requested again after EOI");
        pic.setIrq(5, false);
        assertFalse(pic.hasInterrupt());
    }

    @Test
    void elcrKeepsAlwaysEdgePinsEdge() {
        pic.elcrWindow().write(0, 1, 0xFF);
        pic.elcrWindow().write(1, 1, 0xFF);
        assertEquals(0xF8, pic.elcrWindow().read(0, 1));
        assertEquals(0xDE, pic.elcrWindow().read(1, 1));
    }

    @Test
    void ocw3SelectsIrrOrIsrAndImrReadsBack() {
        pulse(1);
        pulse(4);
        assertEquals(0x12, pic.read(0, 1), "IRR after reset");
        pic.acknowledge();
        master(0, 0x0B); // OCW3: read ISR
        assertEquals(0x02, pic.read(0, 1));
        master(0, 0x0A); // OCW3: read IRR
        assertEquals(0x10, pic.read(0, 1));
        master(1, 0xA5);
        assertEquals(0xA5, pic.read(1, 1));
    }

    @Test
    void pollAcknowledgesOnRead() {
        pulse(6);
        master(0, 0x0C); // OCW3 poll
        assertEquals(0x86, pic.read(0, 1));
        assertEquals(1 << 6, pic.isr());
        master(0, 0x0C);
        assertEquals(0x00, pic.read(0, 1), "poll with nothing requested");
    }

    @Test
    void specificEoiAndRotation() {
        pulse(3);
        pulse(1);
        pic.acknowledge();
        master(0, 0x63); // specific EOI for IRQ3 (not in service: no effect)
        assertEquals(0x02, pic.isr());
        master(0, 0x61); // specific EOI for IRQ1
        assertEquals(0, pic.isr());
        master(0, 0xC3); // set priority: IRQ3 lowest, so IRQ4 is highest
        pulse(0);
        pulse(4);
        assertEquals(0x0C, pic.acknowledge(), "after rotation IRQ4 outranks IRQ0");
    }

    @Test
    void autoEoiLeavesNothingInService() {
        master(0, 0x11);
        master(1, 0x08);
        master(1, 0x04);
        master(1, 0x03); // 8086 mode, auto-EOI
        pulse(0);
        assertEquals(0x08, pic.acknowledge());
        assertEquals(0, pic.isr());
    }

    @Test
    void icw1ResetsMaskAndService() {
        pulse(0);
        pic.acknowledge();
        master(1, 0xFF);
        master(0, 0x11);
        assertEquals(0, pic.imr() & 0xFF);
        assertEquals(0, pic.isr());
        assertEquals("initialising: expecting ICW2", pic.snapshot().register("master base").meaning());
    }

    @Test
    void listenerHearsTheRisingIntr() {
        int[] calls = {0};
        pic.setRequestListener(() -> calls[0]++);
        pulse(0);
        pulse(1); // INTR already high: no second call
        assertEquals(1, calls[0]);
    }

    @Test
    void guestControlledPortValuesNeverBreakThePair() {
        Random r = new Random(14);
        for (int i = 0; i < 200_000; i++) {
            int v = r.nextInt(256);
            switch (r.nextInt(8)) {
                case 0, 1 -> pic.write(r.nextInt(2), 1, v);
                case 2 -> pic.slaveWindow().write(r.nextInt(2), 1, v);
                case 3 -> pic.elcrWindow().write(r.nextInt(2), 1, v);
                case 4 -> pic.read(r.nextInt(2), 1);
                case 5 -> pic.slaveWindow().read(r.nextInt(2), 1);
                case 6 -> pic.setIrq(r.nextInt(20) - 2, r.nextBoolean());
                default -> {
                    int vector = pic.acknowledge();
                    assertTrue(vector >= 0 && vector <= 0xFF);
                }
            }
        }
        assertTrue(pic.snapshot().registers().size() >= 10);
    }
}
