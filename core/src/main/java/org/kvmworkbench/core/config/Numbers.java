package org.kvmworkbench.core.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Integer and size syntax shared by reading and writing: "0x3F8", "1016", "64K", "1M". */
final class Numbers {
    private static final String INTEGER = "[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)";
    private static final Pattern INTEGER_P = Pattern.compile(INTEGER);
    private static final Pattern SIZE_P = Pattern.compile("(" + INTEGER + ")\\s*(?:([KkMmGg])(?:iB)?)?");
    private static final long K = 1024;
    private static final long M = 1024 * K;

    private Numbers() {}

    /** Decimal or 0x-hex integer text, or null if it is not one. */
    static BigInteger parseInteger(String text) {
        String s = text.strip();
        if (!INTEGER_P.matcher(s).matches()) return null;
        boolean negative = s.startsWith("-");
        if (s.startsWith("+") || negative) s = s.substring(1);
        BigInteger v = s.length() > 2 && (s.charAt(1) == 'x' || s.charAt(1) == 'X')
                ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        return negative ? v.negate() : v;
    }

    /** A byte count with an optional binary suffix K, M or G (also KiB, MiB, GiB), or null. */
    static BigInteger parseSize(String text) {
        Matcher m = SIZE_P.matcher(text.strip());
        if (!m.matches()) return null;
        BigInteger v = parseInteger(m.group(1));
        if (m.group(2) == null) return v;
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            default -> 30;
        };
        return v.shiftLeft(shift);
    }

    /** "64K" or "1M" when the size divides evenly, else null (write the plain byte count). */
    static String sizeWithSuffix(long bytes) {
        if (bytes > 0 && bytes % M == 0) return bytes / M + "M";
        if (bytes > 0 && bytes % K == 0) return bytes / K + "K";
        return null;
    }

    /** For messages: "64K", or "5000 bytes". */
    static String describeSize(long bytes) {
        String s = sizeWithSuffix(bytes);
        return s != null ? s : bytes + " bytes";
    }

    static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v).toUpperCase(Locale.ROOT)
                     : "0x" + Long.toHexString(v).toUpperCase(Locale.ROOT);
    }

    static String hex(BigInteger v) {
        return v.signum() < 0 ? "-0x" + v.negate().toString(16).toUpperCase(Locale.ROOT)
                              : "0x" + v.toString(16).toUpperCase(Locale.ROOT);
    }
}
