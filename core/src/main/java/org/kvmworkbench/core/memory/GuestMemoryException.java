package org.kvmworkbench.core.memory;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/** A device or loader touched guest-physical memory outside RAM. */
public final class GuestMemoryException extends RuntimeException implements Phrase.Said {
    private static final Messages WORDS = Messages.of(GuestMemoryException.class);
    private final transient Phrase words;

    public GuestMemoryException(long gpa, long len, long size) {
        super(WORDS.formatEnglish("outsideRam", gpa, len, size));
        words = WORDS.phrase("outsideRam", gpa, len, size);
    }

    /** The access that missed RAM, said when shown (the message is its English). */
    @Override
    public Phrase words() {
        return words;
    }
}
