package org.kvmworkbench.app.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsers for option values. Only plain decimal text is accepted (no exponents, NaN, Infinity, hex
 * floats or signs), so a value is either exactly what it says or a one-line error naming the option.
 */
public final class OptionValues {
    private static final Pattern WHOLE = Pattern.compile("[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([KMGT]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);
    public static final long MAX_TIMEOUT_SECONDS = 86_400;

    private OptionValues() {
    }

    /** A whole number in [min, max]. */
    public static long whole(String option, String value, long min, long max) throws UsageException {
        String expected = "expected a whole number from " + min + " to " + max;
        if (!WHOLE.matcher(value).matches()) throw bad(option, expected, value);
        BigInteger v = new BigInteger(value);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0)
            throw bad(option, expected, value);
        return v.longValueExact();
    }

    /** Seconds between 0.001 and {@link #MAX_TIMEOUT_SECONDS}, to the millisecond; "0" means no limit (zero duration). */
    public static Duration seconds(String option, String value) throws UsageException {
        String expected = "expected seconds between 0.001 and " + MAX_TIMEOUT_SECONDS + " (or 0 for no limit)";
        if (!DECIMAL.matcher(value).matches()) throw bad(option, expected, value);
        BigDecimal s = new BigDecimal(value);
        if (s.signum() == 0) return Duration.ZERO;
        BigDecimal ms = s.movePointRight(3);
        if (ms.compareTo(BigDecimal.ONE) < 0 || s.compareTo(BigDecimal.valueOf(MAX_TIMEOUT_SECONDS)) > 0
                || ms.stripTrailingZeros().scale() > 0) {
            throw bad(option, expected + (ms.compareTo(BigDecimal.ONE) >= 0 ? " in whole milliseconds" : ""), value);
        }
        return Duration.ofMillis(ms.longValueExact());
    }

    /** A plain decimal number in [min, max] (no sign, exponent, NaN or Infinity), e.g. seconds per repetition. */
    public static double decimal(String option, String value, double min, double max, String unit) throws UsageException {
        String expected = "expected " + unit + " from " + plain(min) + " to " + plain(max);
        if (!DECIMAL.matcher(value).matches() || value.length() > 20) throw bad(option, expected, value);
        BigDecimal v = new BigDecimal(value);
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0)
            throw bad(option, expected, value);
        return v.doubleValue();
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A byte count with an optional binary suffix K, M, G or T (KiB, MB, ... accepted), in [min, max]. */
    public static long size(String option, String value, long min, long max) throws UsageException {
        String expected = "expected a size from " + describeSize(min) + " to " + describeSize(max)
                + ", e.g. 10M or 1G";
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) throw bad(option, expected, value);
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        BigInteger v = new BigInteger(m.group(1)).shiftLeft(shift);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0)
            throw bad(option, expected, value);
        return v.longValueExact();
    }

    /** "256M", "4K", or "5000 bytes". */
    public static String describeSize(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) return bytes / unit + units[i];
        }
        return bytes + " bytes";
    }

    public static UsageException bad(String option, String expected, String value) {
        return new UsageException(option + ": " + expected + ", got \"" + printable(value) + "\"");
    }

    /** The value as typed, shortened and with control characters shown as '?', so the error stays one line. */
    static String printable(String value) {
        String s = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
