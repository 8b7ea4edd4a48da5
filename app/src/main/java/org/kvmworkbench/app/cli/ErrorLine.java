package org.kvmworkbench.app.cli;

import java.util.Locale;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Errno;
import org.kvmworkbench.core.i18n.Phrase;

/** The one line a command prints on stderr when something fails ("error: ..."), in the CLI's language. */
public final class ErrorLine {
    private static final Texts T = Texts.of(ErrorLine.class);

    private ErrorLine() {
    }

    /** "error: " and {@code message}, which is already in the CLI's language. */
    public static String of(String message) {
        return T.format("error", message);
    }

    /** "SUBJECT: message" (a command or an option, then what is wrong with it), in the CLI's punctuation. */
    static String about(String subject, String message) {
        return T.format("about", subject, message);
    }

    /** "warning: " and {@code message}. */
    static String warning(String message) {
        return T.format("warning", message);
    }

    /** Whether the CLI speaks English (its words are then exactly what scripts and the README show). */
    static boolean english() {
        return Texts.locale().equals(Locale.ENGLISH);
    }

    /**
     * Why {@code failure} happened, in the CLI's language: the words of ours it carries, or the system's message with
     * any errno text in it (strerror's "Permission denied") said in that language, its errno name kept.
     */
    public static String reason(Throwable failure) {
        return Errno.inCurrentLanguage(Phrase.of(failure).toString());
    }
}
