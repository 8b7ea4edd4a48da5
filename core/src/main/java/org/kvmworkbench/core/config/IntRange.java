package org.kvmworkbench.core.config;

import java.math.BigInteger;

/** The allowed values of an integer field, and how to name them in messages. */
record IntRange(String what, long min, long max, boolean hex) {
    static final IntRange PORT = new IntRange("what.port", 0, 0xFFFF, true);
    static final IntRange SEGMENT = new IntRange("what.segment", 0, 0xFFFF, true);
    static final IntRange OFFSET = new IntRange("what.offset", 0, 0xFFFF, true);
    static final IntRange ADDRESS = new IntRange("what.address", 0, 0xFFFF_FFFFL, true);
    static final IntRange MSR = new IntRange("what.msr", 0, 0xFFFF_FFFFL, true);
    static final IntRange IRQ = new IntRange("what.irq", 0, 15, false);
    static final IntRange VECTOR = new IntRange("what.vector", 0, 31, false);

    /** How the values are named in a message ({@code what} is its key in ConfigError.properties). */
    org.kvmworkbench.core.i18n.Phrase words() {
        return Problems.say(what);
    }

    /** The value, or null after reporting it out of range. */
    Long check(BigInteger v, String path, Problems problems) {
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(path, "outOfRange", format(v), words(), format(BigInteger.valueOf(min)),
                    format(BigInteger.valueOf(max)));
            return null;
        }
        return v.longValue();
    }

    private String format(BigInteger v) {
        return hex ? Numbers.hex(v) : v.toString();
    }
}
