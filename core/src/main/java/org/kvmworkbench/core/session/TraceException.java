package org.kvmworkbench.core.session;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.i18n.PhrasedIOException;

/**
 * A trace that cannot be written or finished: one line for the user, words of TraceException.properties (its
 * message is their English; {@link #words()} says them in the current language).
 */
public final class TraceException extends PhrasedIOException {
    static final Messages WORDS = Messages.of(TraceException.class);

    TraceException(Phrase words) {
        super(words);
    }

    /** Words of TraceException.properties. */
    static Phrase say(String key, Object... args) {
        return WORDS.phrase(key, args);
    }

    /** "No space left on device", "permission denied", ...: the cause without a class name. */
    static Phrase reason(IOException e) {
        if (e instanceof AccessDeniedException) return say("denied");
        if (e instanceof FileSystemException f && f.getReason() != null) return Phrase.literal(f.getReason());
        return Phrase.literal(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
}
