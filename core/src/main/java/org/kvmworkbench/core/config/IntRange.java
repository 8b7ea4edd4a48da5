package org.kvmworkbench.core.config;

import java.math.BigInteger;

/** The allowed values of an integer field, and how to name them in messages. */
record IntRange(String what, long min, long max, boolean hex) {
    static final IntRange PORT = new IntRange("an I/O port", 0, 0xFFFF, true);
    static final IntRange SEGMENT = new IntRange("a 16-bit real-mode segment", 0, 0xFFFF, true);
    static final IntRange OFFSET = new IntRange("a 16-bit offset", 0, 0xFFFF, true);
    static final IntRange ADDRESS = new IntRange("a guest-physical address", 0, 0xFFFF_FFFFL, true);
    static final IntRange MSR = new IntRange("an MSR index", 0, 0xFFFF_FFFFL, true);
    static final IntRange IRQ = new IntRange("an IRQ line of the 8259A pair", 0, 15, false);
    static final IntRange VECTOR = new IntRange("an exception vector", 0, 31, false);

    /** The value, or null after reporting it out of range. */
    Long check(BigInteger v, String path, Problems problems) {
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(path, format(v) + " is out of range for " + what + " (" + format(BigInteger.valueOf(min))
                    + ".." + format(BigInteger.valueOf(max)) + ")");
            return null;
        }
        return v.longValue();
    }

    private String format(BigInteger v) {
        return hex ? Numbers.hex(v) : v.toString();
    }
}
