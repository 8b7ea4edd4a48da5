package org.kvmworkbench.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.bus.BusDevice;

/**
 * An Intel 8254 interval timer as the PC wires it: counters 0-2 at 0x40-0x42, control word at 0x43, counter 0's
 * output on IRQ 0, counter 2's gate and output in port 0x61 (bits 0 and 5). The decoding follows Linux's in-kernel
 * model (arch/x86/kvm/i8254.c, {@code pit_ioport_write}): control byte bits 7:6 counter (3 = read-back), 5:4 access
 * (0 latch, 1 LSB, 2 MSB, 3 LSB then MSB), 3:1 mode (6 and 7 alias 2 and 3), bit 0 BCD (kept in the status, counting
 * stays binary); a count of 0 means 0x10000.
 *
 * <p><b>Clock.</b> The counters run on a clock the backend supplies, in input ticks. On the simulator that clock is
 * virtual: one tick per guest instruction retired, plus the ticks a halted vCPU skips to the next timer event, so runs
 * are deterministic and a test or a differential run sees the same ticks every time. (The real input clock is
 * 1193182 Hz, PIT_TICK_RATE in include/linux/timex.h; KVM uses KVM_PIT_FREQ 1193181; the simulator's guest thus
 * runs at about one instruction per 838 ns of its own time.)
 *
 * <p><b>IRQ 0</b> is pulsed (raised, then lowered) at each expiry, as KVM's {@code pit_do_work} does: once after N
 * ticks in modes 0, 1 and 4; every N ticks in modes 2 and 3; never in mode 5 (its gate never rises on counter 0).
 * Expiries the clock jumped over are coalesced into one pulse (KVM would re-inject them one per acknowledge).
 */
public final class Pit8254 implements Device {
    private static final Messages M = Messages.of(Pit8254.class);
    /** Counter 0's line. */
    public static final int IRQ = 0;

    private static final class Counter {
        int mode;
        int access;       // 1 LSB, 2 MSB, 3 LSB then MSB
        boolean bcd;
        int count = 0x10000;
        long loadTime;
        boolean counting; // a count has been written since the control word
        boolean gate;
        int readState, writeState; // for access 3: 0 = low byte next, 1 = high byte next
        int writeLow;
        int latched = -1;          // a latched count, or -1
        int latchedReads;          // bytes of the latched count still to read
        int status = -1;           // a latched read-back status byte, or -1
        long nextFire = Long.MAX_VALUE;

        void reset(boolean gateHigh) {
            mode = access = 0;
            access = 3;
            bcd = counting = false;
            count = 0x10000;
            loadTime = 0;
            gate = gateHigh;
            readState = writeState = 0;
            latched = status = -1;
            latchedReads = 0;
            nextFire = Long.MAX_VALUE;
        }

        long elapsed(long now) {
            return Math.max(0, now - loadTime);
        }

        int current(long now) {
            if (!counting) return count & 0xFFFF;
            long d = elapsed(now);
            return switch (mode) {
                case 2 -> (int) (count - d % count) & 0xFFFF;
                case 3 -> (int) (count - 2 * d % count) & 0xFFFE; // counts down by two (QEMU's i8254 formula)
                default -> (int) (count - d) & 0xFFFF;
            };
        }

        boolean out(long now) {
            if (!counting) return mode != 0;
            long d = elapsed(now);
            return switch (mode) {
                case 0, 1 -> d >= count;
                case 2 -> d % count != count - 1;
                case 3 -> d % count < (count + 1) / 2;
                default -> d != count;
            };
        }
    }

    private final Counter[] counters = {new Counter(), new Counter(), new Counter()};
    private final IrqLine irq0;
    private volatile LongSupplier clock = () -> 0;
    private int speakerData;
    private long pulses;

    public Pit8254(IrqLine irq0) {
        this.irq0 = irq0;
        resetState();
    }

    @Override public String name() {
        return "pit";
    }

    /** The clock the counters run on, in input ticks (see the class comment). */
    public void setClock(LongSupplier ticks) {
        clock = ticks;
    }

    @Override public synchronized void reset() {
        resetState();
    }

    private void resetState() {
        for (int i = 0; i < 3; i++) counters[i].reset(i != 2); // counters 0 and 1 are gated on; 2 by port 0x61
        speakerData = 0;
        pulses = 0;
    }

    /** The tick of counter 0's next expiry (IRQ 0), or {@link Long#MAX_VALUE} when none is armed. */
    public synchronized long nextEvent() {
        return counters[0].nextFire;
    }

    /** Runs the clock to {@code now}: pulses IRQ 0 if counter 0 expired since the last call. */
    public synchronized void advanceTo(long now) {
        Counter c = counters[0];
        if (now < c.nextFire) return;
        pulses++;
        irq0.set(true);
        irq0.set(false);
        if (c.mode == 2 || c.mode == 3) {
            long periods = (now - c.loadTime) / c.count + 1; // the next expiry after now; missed ones coalesce
            c.nextFire = c.loadTime + periods * c.count;
        } else {
            c.nextFire = Long.MAX_VALUE;
        }
    }

    @Override public synchronized long read(int offset, int size) {
        if (offset > 2) return 0xFF; // the control word is write-only
        Counter c = counters[offset];
        long now = clock.getAsLong();
        if (c.status >= 0) {
            int s = c.status;
            c.status = -1;
            return s;
        }
        if (c.latchedReads > 0) {
            int v = c.latched;
            c.latchedReads--;
            boolean high = c.access == 2 || (c.access == 3 && c.latchedReads == 0);
            if (c.latchedReads == 0) c.latched = -1;
            return high ? v >> 8 & 0xFF : v & 0xFF;
        }
        int v = c.current(now);
        return switch (c.access) {
            case 1 -> v & 0xFF;
            case 2 -> v >> 8 & 0xFF;
            default -> {
                int b = c.readState == 0 ? v & 0xFF : v >> 8 & 0xFF;
                c.readState ^= 1;
                yield b;
            }
        };
    }

    @Override public synchronized void write(int offset, int size, long value) {
        int v = (int) value & 0xFF;
        long now = clock.getAsLong();
        if (offset == 3) {
            control(v, now);
            return;
        }
        Counter c = counters[offset];
        switch (c.access) {
            case 1 -> load(offset, v, now);
            case 2 -> load(offset, v << 8, now);
            default -> {
                if (c.writeState == 0) {
                    c.writeLow = v;
                    c.writeState = 1;
                } else {
                    c.writeState = 0;
                    load(offset, c.writeLow | v << 8, now);
                }
            }
        }
    }

    private void control(int v, long now) {
        int channel = v >> 6;
        if (channel == 3) { // read-back: bit 5 clear latches counts, bit 4 clear latches status, bits 3:1 select
            for (int i = 0; i < 3; i++) {
                if ((v & (2 << i)) == 0) continue;
                Counter c = counters[i];
                if ((v & 0x20) == 0) latch(c, now);
                if ((v & 0x10) == 0 && c.status < 0)
                    c.status = (c.out(now) ? 0x80 : 0) | (c.counting ? 0 : 0x40) | c.access << 4 | c.mode << 1
                            | (c.bcd ? 1 : 0);
            }
            return;
        }
        Counter c = counters[channel];
        int access = v >> 4 & 3;
        if (access == 0) {
            latch(c, now);
            return;
        }
        int mode = v >> 1 & 7;
        c.mode = mode > 5 ? mode - 4 : mode;
        c.access = access;
        c.bcd = (v & 1) != 0;
        c.readState = c.writeState = 0;
        c.counting = false; // a new control word stops the counter until its count is written
        if (channel == 0) c.nextFire = Long.MAX_VALUE;
    }

    private static void latch(Counter c, long now) {
        if (c.latchedReads > 0) return; // a second latch before the first is read is ignored
        c.latched = c.current(now);
        c.latchedReads = c.access == 3 ? 2 : 1;
    }

    private void load(int channel, int value, long now) {
        Counter c = counters[channel];
        c.count = value == 0 ? 0x10000 : value;
        c.loadTime = now;
        c.counting = true;
        if (channel == 0) {
            c.nextFire = switch (c.mode) {
                case 0, 1, 4, 2, 3 -> now + c.count;
                default -> Long.MAX_VALUE;
            };
        }
    }

    /** Port 0x61 (NMI status and control): bit 0 counter 2 gate, bit 1 speaker data, bit 5 counter 2 output. */
    public BusDevice speakerPort() {
        return new BusDevice() {
            @Override public long read(int offset, int size) {
                synchronized (Pit8254.this) {
                    Counter c = counters[2];
                    return (c.gate ? 1 : 0) | speakerData << 1 | (c.out(clock.getAsLong()) ? 0x20 : 0);
                }
            }

            @Override public void write(int offset, int size, long value) {
                synchronized (Pit8254.this) {
                    Counter c = counters[2];
                    boolean gate = (value & 1) != 0;
                    // a rising gate (re)starts the count in modes 1, 2, 3 and 5
                    if (gate && !c.gate && c.counting && c.mode != 0 && c.mode != 4) c.loadTime = clock.getAsLong();
                    c.gate = gate;
                    speakerData = (int) (value >> 1) & 1;
                }
            }
        };
    }

    /** Counter {@code channel}'s reload value (1..0x10000) and current count, for tests and the panel. */
    public synchronized int countRegister(int channel) {
        return counters[channel].count;
    }

    public synchronized int currentCount(int channel) {
        return counters[channel].current(clock.getAsLong());
    }

    public synchronized int mode(int channel) {
        return counters[channel].mode;
    }

    @Override public synchronized DeviceSnapshot snapshot() {
        long now = clock.getAsLong();
        List<DeviceSnapshot.Register> regs = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Counter c = counters[i];
            regs.add(new DeviceSnapshot.Register(M.format("counter", i), c.current(now), 16, c.counting
                    ? M.format(c.out(now) ? "counting.high" : "counting.low", c.mode, c.count)
                    : M.format("waiting", c.mode)));
        }
        long next = counters[0].nextFire;
        details.add(M.format("detail.clock", now));
        details.add(next == Long.MAX_VALUE ? M.get("detail.next.none") : M.format("detail.next", next));
        details.add(M.format("detail.pulses", pulses));
        return new DeviceSnapshot(name(), regs, details);
    }
}
