package org.kvmworkbench.core.i18n;

import java.io.IOException;

/** An I/O failure of ours (a bad trace file, ...): its message is the English of words said again when shown. */
public class PhrasedIOException extends IOException implements Phrase.Said {
    private final transient Phrase words;

    public PhrasedIOException(Phrase words) {
        super(words.english());
        this.words = words;
    }

    @Override
    public Phrase words() {
        return words;
    }
}
