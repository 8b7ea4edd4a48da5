package org.kvmworkbench.app.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kvmworkbench.app.i18n.Texts;

/**
 * Strict parsers for option values. Only plain decimal text is accepted (no exponents, NaN, Infinity, hex
 * floats or signs), so a value is either exactly what it says or a one-line error naming the option.
 */
public final class OptionValues {
    private static final Pattern WHOLE = Pattern.compile("[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([KMGT]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);
    public static final long MAX_TIMEOUT_SECONDS = 86_400;
    private static final Texts T = Texts.of(OptionValues.class);

    private OptionValues() {
    }

    /** A whole number in [min, max]. */
    public static long whole(String option, String value, long min, long max) throws UsageException {
        String expected = T.format("expected.whole", min, max);
        if (!WHOLE.matcher(value).matches()) throw bad(option, expected, value);
        BigInteger v = new BigInteger(value);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0)
            throw bad(option, expected, value);
        return v.longValueExact();
    }

    /** Seconds between 0.001 and {@link #MAX_TIMEOUT_SECONDS}, to the millisecond; "0" means no limit (zero duration). */
    public static Duration seconds(String option, String value) throws UsageException {
        String expected = T.format("expected.seconds", MAX_TIMEOUT_SECONDS);
        if (!DECIMAL.matcher(value).matches()) throw bad(option, expected, value);
        BigDecimal s = new BigDecimal(value);
        if (s.signum() == 0) return Duration.ZERO;
        BigDecimal ms = s.movePointRight(3);
        if (ms.compareTo(BigDecimal.ONE) < 0 || s.compareTo(BigDecimal.valueOf(MAX_TIMEOUT_SECONDS)) > 0
                || ms.stripTrailingZeros().scale() > 0) {
            throw bad(option, ms.compareTo(BigDecimal.ONE) >= 0 ? T.format("expected.seconds.ms", MAX_TIMEOUT_SECONDS)
                    : expected, value);
        }
        return Duration.ofMillis(ms.longValueExact());
    }

    /**
     * A plain decimal number in [min, max] (no sign, exponent, NaN or Infinity), e.g. seconds per repetition.
     * @param unit what the number counts, in the CLI's language
     */
    public static double decimal(String option, String value, double min, double max, String unit) throws UsageException {
        String expected = T.format("expected.decimal", unit, plain(min), plain(max));
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
        String expected = T.format("expected.size", describeSize(min), describeSize(max));
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
        return T.format("bytes", bytes);
    }

    /** "OPTION: what it allows, got "VALUE"" in the CLI's language; {@code expected} is already in it. */
    public static UsageException bad(String option, String expected, String value) {
        return new UsageException(T.format("bad", option, expected, printable(value)));
    }

    /** An option given twice. */
    static UsageException twice(String option) {
        return new UsageException(T.format("twice", option));
    }

    /** An option at the end of the line without its value. */
    static UsageException needsValue(String option) {
        return new UsageException(T.format("needsValue", option));
    }

    /** An option the command does not have; {@code help} is the command line that lists them. */
    static UsageException unknown(String option, String help) {
        return new UsageException(T.format("unknown", printable(option), help));
    }

    /** The value as typed, shortened and with control characters shown as '?', so the error stays one line. */
    static String printable(String value) {
        String s = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
