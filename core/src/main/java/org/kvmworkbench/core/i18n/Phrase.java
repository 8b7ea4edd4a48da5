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
    public static final Phrase NONE = new Phrase(null, "", new Object[0]);

    private final Messages words;
    private final String key;
    private final Object[] args;

    private Phrase(Messages words, String key, Object[] args) {
        this.words = words;
        this.key = key;
        this.args = args;
    }

    static Phrase of(Messages words, String key, Object... args) {
        return new Phrase(Objects.requireNonNull(words), Objects.requireNonNull(key), args.clone());
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
        return text == null || text.isEmpty() ? NONE : new Phrase(null, text, new Object[0]);
    }

    public boolean isEmpty() {
        return words == null && key.isEmpty();
    }

    /** The bundle key, or the literal text. */
    public String key() {
        return key;
    }

    /** The words in English, whatever the language (traces, the CLI, logs). */
    public String english() {
        return words == null ? key : words.formatEnglish(key, args);
    }

    /** The words in the current language of {@link Messages}. */
    @Override
    public String toString() {
        return words == null ? key : words.format(key, args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Phrase p && Objects.equals(bundle(), p.bundle()) && key.equals(p.key) && Arrays.equals(args, p.args);
    }

    private String bundle() {
        return words == null ? null : words.bundleName();
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(args);
    }
}
