package org.kvmworkbench.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 8254 on a clock the test moves by hand (the simulator's virtual clock: ticks = instructions retired). */
class Pit8254Test {
    private long now;
    private int rising;
    private boolean level;
    private Pit8254 pit;

    @BeforeEach
    void setUp() {
        pit = new Pit8254(l -> {
            if (l && !level) rising++;
            level = l;
        });
        pit.setClock(() -> now);
    }

    private void program(int channel, int mode, int count) {
        pit.write(3, 1, channel << 6 | 0x30 | mode << 1); // LSB then MSB
        pit.write(channel, 1, count & 0xFF);
        pit.write(channel, 1, count >> 8 & 0xFF);
    }

    private void runTo(long t) {
        now = t;
        pit.advanceTo(t);
    }

    @Test
    void rateGeneratorPulsesIrq0EveryPeriod() {
        now = 1000;
        program(0, 2, 11932); // 100 Hz at 1193182 Hz: control word 0x34
        assertEquals(1000 + 11932, pit.nextEvent());
        runTo(1000 + 11931);
        assertEquals(0, rising);
        runTo(1000 + 11932);
        assertEquals(1, rising);
        assertEquals(false, level, "a pulse: raised, then lowered");
        assertEquals(1000 + 2 * 11932, pit.nextEvent());
        runTo(1000 + 5 * 11932 + 7); // jumped over three expiries: coalesced into one pulse
        assertEquals(2, rising);
        assertEquals(1000 + 6 * 11932, pit.nextEvent());
    }

    @Test
    void interruptOnTerminalCountFiresOnce() {
        program(0, 0, 500);
        runTo(500);
        runTo(100_000);
        assertEquals(1, rising);
        assertEquals(Long.MAX_VALUE, pit.nextEvent());
    }

    @Test
    void countsDownAndLatches() {
        program(0, 2, 1000);
        now = 300;
        pit.write(3, 1, 0x00); // latch counter 0
        now = 600;             // the latched value does not move
        assertEquals(700 & 0xFF, pit.read(0, 1));
        assertEquals(700 >> 8, pit.read(0, 1));
        assertEquals(400 & 0xFF, pit.read(0, 1), "after the latch is read, the live count");
        assertEquals(400 >> 8, pit.read(0, 1));
    }

    @Test
    void squareWaveCountsByTwo() {
        program(0, 3, 100);
        now = 10;
        assertEquals(80, pit.currentCount(0));
        runTo(100);
        assertEquals(1, rising);
    }

    @Test
    void lowByteOnlyAndHighByteOnlyAccess() {
        pit.write(3, 1, 0x14); // counter 0, LSB only, mode 2
        pit.write(0, 1, 0x40);
        assertEquals(0x40, pit.countRegister(0));
        pit.write(3, 1, 0x24); // MSB only
        pit.write(0, 1, 0x02);
        assertEquals(0x200, pit.countRegister(0));
        assertEquals(0x02, pit.read(0, 1));
    }

    @Test
    void zeroCountMeans65536() {
        program(0, 2, 0);
        assertEquals(0x10000, pit.countRegister(0));
        assertEquals(0x10000, pit.nextEvent());
    }

    @Test
    void readBackStatus() {
        program(0, 2, 100);
        pit.write(3, 1, 0xE2); // read-back, status only, counter 0
        assertEquals(0x80 | 0x30 | 2 << 1, pit.read(0, 1), "OUT high, LSB/MSB, mode 2, count loaded");
    }

    @Test
    void newControlWordDisarmsTheTimer() {
        program(0, 2, 100);
        pit.write(3, 1, 0x34);
        assertEquals(Long.MAX_VALUE, pit.nextEvent());
        runTo(1000);
        assertEquals(0, rising);
    }

    @Test
    void counter2GateAndOutputOnPort0x61() {
        program(2, 0, 50);
        assertEquals(0, pit.speakerPort().read(0, 1) & 0x21, "gate off, OUT low in mode 0");
        pit.speakerPort().write(0, 1, 0x01);
        now = 60;
        assertEquals(0x21, pit.speakerPort().read(0, 1) & 0x21);
        assertEquals(0, rising, "counter 2 has no IRQ");
    }

    @Test
    void guestControlledPortValuesNeverBreakTheTimer() {
        Random r = new Random(8254);
        for (int i = 0; i < 200_000; i++) {
            now += r.nextInt(1000);
            int v = r.nextInt(256);
            switch (r.nextInt(5)) {
                case 0, 1 -> pit.write(r.nextInt(4), 1, v);
                case 2 -> pit.read(r.nextInt(4), 1);
                case 3 -> pit.speakerPort().write(0, 1, v);
                default -> {
                    pit.advanceTo(now);
                    assertTrue(pit.nextEvent() > now, "after advancing, the next expiry lies ahead (or none)");
                }
            }
        }
        assertEquals(3, pit.snapshot().registers().size());
    }
}
