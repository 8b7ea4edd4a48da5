package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** The benchmark guests compute what their sources say, checked against the same computation in Java. */
class BenchGuestsTest {
    /** Run to the next end-of-round OUT to the debug console; returns the registers there. */
    private static GuestRegisters nextRound(SimulatorBench b) {
        for (int i = 0; i < 1000; i++) {
            VmmLoop.Step s = b.loop().step(10_000_000);
            if (s == VmmLoop.Step.FINISHED) throw new AssertionError("guest stopped: " + b.loop().outcomeDetail());
            if (s == VmmLoop.Step.EXIT) {
                var r = b.loop().lastRecord();
                assertEquals(VmxExitReason.IO_INSTRUCTION, r.reason());
                assertEquals(KvmExitReason.IO, r.kvmExit());
                assertEquals(Workload.ROUND_MARKER_PORT, r.access().address());
                return b.vcpu().registers();
            }
        }
        throw new AssertionError("no end of round within 10^10 instructions");
    }

    private static SimulatorBench open(Workload w) throws Exception {
        SimulatorBench b = SimulatorBench.open(w);
        b.loop().setListener(record -> { });
        return b;
    }

    @Test
    void registerLoop() throws Exception {
        SimulatorBench b = open(Workload.REGISTER_LOOP);
        int ax = 0, dx = 0, si = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 0xFFFF; i++) {
                ax = (ax + 3) & 0xFFFF;
                dx ^= ax;
                si = (si + 1) & 0xFFFF;
            }
            GuestRegisters r = nextRound(b);
            assertEquals(ax, r.rax() & 0xFFFF, "AX after round " + round);
            assertEquals(dx, r.rdx() & 0xFFFF, "DX after round " + round);
            assertEquals(si, r.rsi() & 0xFFFF, "SI after round " + round);
        }
    }

    @Test
    void sieveCountsThePrimesBelow65536() throws Exception {
        SimulatorBench b = open(Workload.SIEVE);
        int expected = primesBelow(65536);
        assertEquals(6542, expected);
        assertEquals(expected, nextRound(b).rdx() & 0xFFFF);
        assertEquals(expected, nextRound(b).rdx() & 0xFFFF, "the second round starts from a cleared array");
    }

    private static int primesBelow(int n) {
        boolean[] composite = new boolean[n];
        int count = 0;
        for (int i = 2; i < n; i++) {
            if (composite[i]) continue;
            count++;
            for (long j = (long) i * i; j < n; j += i) composite[(int) j] = true;
        }
        return count;
    }

    @Test
    void mixedChecksumsEachRoundsCopy() throws Exception {
        SimulatorBench b = open(Workload.MIXED);
        int[] src = new int[0x8000];
        for (int i = 0; i < src.length; i++) src[i] = (i * 7 + (i >> 8)) & 0xFF;
        for (int round = 0; round < 3; round++) {
            int bx = 0, dx = 0;
            for (int v : src) {
                bx = (((bx << 3) | (bx >>> 13)) + v) & 0xFFFF;
                dx = ((dx << 1) ^ bx) & 0xFFFF;
            }
            GuestRegisters r = nextRound(b);
            assertEquals(bx, r.rbx() & 0xFFFF, "checksum of round " + round);
            assertEquals(dx, r.rdx() & 0xFFFF, "shift-xor of round " + round);
            src[round] = (src[round] + 1) & 0xFF; // the guest perturbs byte `round` after each round
        }
    }

    @Test
    void stringMovesCopyThreeTimes32KiBPerRound() throws Exception {
        SimulatorBench b = open(Workload.STRING_MOVES);
        for (int round = 0; round < 2; round++) {
            GuestRegisters r = nextRound(b);
            assertEquals(0, r.rcx() & 0xFFFF, "CX counted down");
            assertEquals(0x8000, r.rsi() & 0xFFFF, "SI past 32 KiB");
            assertEquals(0x8000, r.rdi() & 0xFFFF, "DI past 32 KiB");
        }
        assertEquals(3 * 32768, Workload.STRING_MOVES.bytesPerRound());
    }

    @Test
    void uartExitLoopSendsEveryByteThroughTheUart() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatorBench b = SimulatorBench.open(Workload.UART_EXITS, (source, v) -> {
            assertEquals("uart", source);
            out.write(v);
        });
        for (int i = 0; i < 300; i++) assertEquals(VmmLoop.Step.EXIT, b.loop().step(1000));
        byte[] sent = out.toByteArray();
        assertEquals(300, sent.length, "the UART got each OUT's byte at its exit");
        for (int i = 0; i < sent.length; i++) assertEquals((byte) i, sent[i]);
        assertTrue(b.loop().stats().userspace(VmxExitReason.IO_INSTRUCTION) >= 300);
    }
}
