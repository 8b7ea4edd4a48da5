package org.kvmworkbench.core.exit;

import java.util.function.UnaryOperator;

import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.i18n.Messages;

/**
 * The words of the simulator's exit notes (what KVM answers or does at an exit, why a run stopped). A note is made
 * in English always, since it goes into traces and the CLI's output; the window says it again in its own language
 * with {@link #inCurrentLanguage}.
 */
public final class NoteText {
    private static final Messages M = Messages.of(NoteText.class);

    private NoteText() {
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
