package org.kvmworkbench.core.i18n;

/**
 * Table cells padded to a width in terminal columns: a Chinese character takes two (East Asian Wide and Fullwidth,
 * Unicode UAX #11), so a Chinese header lines up over its numbers (the CLI's tables). For ASCII text this is {@code %-Ns} and
 * {@code %Ns}.
 */
public final class Columns {
    private Columns() {
    }

    /** {@code text} then spaces, to {@code width} columns (longer text is left as it is). */
    public static String left(String text, int width) {
        return text + " ".repeat(Math.max(0, width - width(text)));
    }

    /** Spaces then {@code text}, to {@code width} columns. */
    public static String right(String text, int width) {
        return " ".repeat(Math.max(0, width - width(text))) + text;
    }

    /** Columns a terminal gives {@code text}. */
    public static int width(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            w += wide(c) ? 2 : 1;
            i += Character.charCount(c);
        }
        return w;
    }

    /** The wide ranges of UAX #11 that the CLI's words use: CJK ideographs and punctuation, fullwidth forms. */
    private static boolean wide(int c) {
        return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
                || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
                || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
                || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    }
}
