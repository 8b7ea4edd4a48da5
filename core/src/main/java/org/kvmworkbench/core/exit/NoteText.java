package org.kvmworkbench.core.exit;

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

    /** A note made by {@link #english} (or several joined by "; "), in the current language of {@link Messages}. */
    public static String inCurrentLanguage(String note) {
        String whole = M.inCurrentLanguage(note);
        if (whole == null || !whole.equals(note) || !note.contains("; ")) return whole;
        String[] parts = note.split("; ", -1);
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (b.length() > 0) b.append(M.get("separator"));
            b.append(M.inCurrentLanguage(p));
        }
        return b.toString();
    }
}
