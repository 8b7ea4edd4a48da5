package org.kvmworkbench.core.i18n;

import java.util.Arrays;
import java.util.Objects;

/**
 * Words to be said later: a key of one bundle and the values to fill it with, made where something happens (a
 * config problem, a CPU stop) and formatted only when shown: in English for traces, logs and the CLI
 * ({@link #english()}), in the window's language for people ({@link #toString()}). A value that is itself a phrase
 * is said in the same language. Immutable.
 */
public final class Phrase {
    /** No words: an empty text in every language. */
    public static final Phrase NONE = new Phrase(null, "", new Object[0], null);

    private final Messages words;
    private final String key;
    private final Object[] args;
    /** for {@link #join}: the parts, joined by the phrase in {@link #args}[0]; else null */
    private final Phrase[] parts;

    private Phrase(Messages words, String key, Object[] args, Phrase[] parts) {
        this.words = words;
        this.key = key;
        this.args = args;
        this.parts = parts;
    }

    /** {@code args} is kept, not copied (an exit's note is made per exit): it is the caller's fresh varargs array. */
    static Phrase of(Messages words, String key, Object... args) {
        return new Phrase(Objects.requireNonNull(words), Objects.requireNonNull(key), args, null);
    }

    /** Something that failed with words of ours: its message is their English, {@link #words()} says them when shown. */
    public interface Said {
        Phrase words();
    }

    /** Why {@code failure} happened: its words if it has them, else its message as it is (a system's own words). */
    public static Phrase of(Throwable failure) {
        if (failure instanceof Said s) return s.words();
        String m = failure.getMessage();
        return literal(m != null ? m : failure.getClass().getSimpleName());
    }

    /** A text that is the same in every language: a name, a number, a system's own message. */
    public static Phrase literal(String text) {
        return text == null || text.isEmpty() ? NONE : new Phrase(null, text, new Object[0], null);
    }

    /** The non-empty {@code parts} one after another, {@code separator} between them ("; " in English). */
    public static Phrase join(Phrase separator, Phrase... parts) {
        int n = 0;
        for (Phrase p : parts) if (!p.isEmpty()) n++;
        if (n == 0) return NONE;
        Phrase[] kept = new Phrase[n];
        n = 0;
        for (Phrase p : parts) if (!p.isEmpty()) kept[n++] = p;
        return n == 1 ? kept[0] : new Phrase(null, "", new Object[] {separator}, kept);
    }

    public boolean isEmpty() {
        return words == null && parts == null && key.isEmpty();
    }

    /** Made from a text, not from a bundle's key: a name, or a note read back from a trace file. */
    public boolean isLiteral() {
        return words == null && parts == null;
    }

    /** The words in English, whatever the language (traces, the CLI, logs). */
    public String english() {
        if (parts != null) return joined(true);
        return words == null ? key : words.formatEnglish(key, args);
    }

    private String joined(boolean english) {
        StringBuilder b = new StringBuilder();
        String separator = english ? ((Phrase) args[0]).english() : args[0].toString();
        for (Phrase p : parts) {
            if (b.length() > 0) b.append(separator);
            b.append(english ? p.english() : p.toString());
        }
        return b.toString();
    }

    /** The words in the current language of {@link Messages}. */
    @Override
    public String toString() {
        if (parts != null) return joined(false);
        return words == null ? key : words.format(key, args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Phrase p && Objects.equals(bundle(), p.bundle()) && key.equals(p.key) && Arrays.equals(args, p.args)
                && Arrays.equals(parts, p.parts);
    }

    private String bundle() {
        return words == null ? null : words.bundleName();
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(args);
    }
}
