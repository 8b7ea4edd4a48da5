package org.kvmworkbench.core.exit;

import java.util.function.UnaryOperator;

import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * The words of the simulator's exit notes (what KVM answers or does at an exit, why a run stopped). A note is a
 * {@link Phrase}, a key and its values made at the exit and formatted only when read: in English for traces and the
 * CLI, in the window's language when shown. A note read back from a trace file is English text; the window says it
 * again in its own language with {@link #inCurrentLanguage}, by its English pattern.
 */
public final class NoteText {
    private static final Messages M = Messages.of(NoteText.class);

    private NoteText() {
    }

    private static final Phrase SEPARATOR = M.phrase("separator");

    /** The note {@code key} (NoteText.properties) with its values, said when read. */
    public static Phrase phrase(String key, Object... args) {
        return M.phrase(key, args);
    }

    /** Several notes about one exit, "; " between them in English. */
    public static Phrase join(Phrase... notes) {
        return Phrase.join(SEPARATOR, notes);
    }

    /** The English note for {@code key} (NoteText.properties), its placeholders filled. */
    public static String english(String key, Object... args) {
        return M.formatEnglish(key, args);
    }

    /**
     * A note made by {@link #english} or by the bundles {@code others} (several notes joined by "; " too), in the
     * current language of {@link Messages}; what no bundle made stays as it is.
     */
    public static String inCurrentLanguage(String note, Messages... others) {
        String whole = sayAgain(note, others);
        if (whole == null || !whole.equals(note) || !note.contains("; ")) return whole;
        StringBuilder b = new StringBuilder();
        for (String p : note.split("; ", -1)) {
            if (b.length() > 0) b.append(M.get("separator"));
            b.append(sayAgain(p, others));
        }
        return b.toString();
    }

    private static String sayAgain(String text, Messages... others) {
        UnaryOperator<String> values = v -> sayAgain(v, others);
        String t = M.inCurrentLanguage(text, values);
        if (t != null && t.equals(text)) t = CpuExit.WORDS.inCurrentLanguage(text, values); // a stop's detail
        for (int i = 0; i < others.length && t != null && t.equals(text); i++) t = others[i].inCurrentLanguage(text, values);
        return t;
    }
}
