package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** The bytes around an exit's RIP, clipped to RAM, and the comparison that lets the decoder reuse an answer. */
class CodeWindowTest {
    private static final int SIZE = 4096;

    private static ArrayGuestMemory ramOfIndices() {
        ArrayGuestMemory ram = new ArrayGuestMemory(SIZE);
        for (int i = 0; i < SIZE; i++) ram.write8(i, i * 7 + 3);
        return ram;
    }

    private static void assertHolds(CodeWindow w, long from, long to) {
        for (long a = from - 40; a < to + 40; a++) {
            boolean inside = a >= from && a < to;
            assertEquals(inside, w.contains(a), "contains " + a);
            if (inside) assertEquals((int) (a * 7 + 3) & 0xFF, w.read8(a), "byte at " + a);
        }
    }

    @Test
    void holdsTheBytesAroundTheAddressClippedToRam() {
        ArrayGuestMemory ram = ramOfIndices();
        CodeWindow w = new CodeWindow();
        w.load(ram, 0x800);
        assertHolds(w, 0x800 - CodeWindow.BEFORE, 0x800 + CodeWindow.AFTER);
        w.load(ram, 3);
        assertHolds(w, 0, 3 + CodeWindow.AFTER);
        w.load(ram, SIZE - 2);
        assertHolds(w, SIZE - 2 - CodeWindow.BEFORE, SIZE);
        w.load(ram, SIZE + 5);
        assertHolds(w, SIZE + 5 - CodeWindow.BEFORE, SIZE);
    }

    @Test
    void holdsNothingFarOutsideRam() {
        ArrayGuestMemory ram = ramOfIndices();
        CodeWindow w = new CodeWindow();
        for (long linear : new long[] {-1, Long.MIN_VALUE, SIZE + CodeWindow.BEFORE, Long.MAX_VALUE}) {
            w.load(ram, linear);
            for (long a : new long[] {0, 1, SIZE - 1, linear, linear - 1}) assertFalse(w.contains(a), linear + ": " + a);
        }
    }

    @Test
    void unchangedOnlyForTheSameBytesAtTheSamePlace() {
        ArrayGuestMemory ram = ramOfIndices();
        CodeWindow w = new CodeWindow();
        w.load(ram, 0x800);
        assertFalse(w.unchanged(), "nothing to compare with yet");
        w.load(ram, 0x800);
        assertTrue(w.unchanged());
        w.load(ram, 0x801);
        assertFalse(w.unchanged(), "another place");
        w.load(ram, 0x801);
        ram.write8(0x801 + CodeWindow.AFTER - 1, 0); // the window's last byte
        w.load(ram, 0x801);
        assertFalse(w.unchanged(), "a byte changed");
        w.load(ram, 2);
        w.load(ram, 2);
        assertTrue(w.unchanged(), "clipped at RAM's start");
        ram.write8(0, 0x55);
        w.load(ram, 2);
        assertFalse(w.unchanged(), "a byte changed in a clipped window");
    }
}
