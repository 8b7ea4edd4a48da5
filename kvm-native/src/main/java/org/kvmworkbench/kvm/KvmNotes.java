package org.kvmworkbench.kvm;

import org.kvmworkbench.core.i18n.Messages;

/**
 * The words of the KVM backend's exit notes (ExitDecoder, KernelExits). Notes are made in English, since they go
 * into traces and the CLI's output; the window says them again in its language with
 * {@code NoteText.inCurrentLanguage(note, KvmNotes.WORDS)}.
 */
public final class KvmNotes {
    public static final Messages WORDS = Messages.of(KvmNotes.class);

    private KvmNotes() {
    }

    static String english(String key, Object... args) {
        return WORDS.formatEnglish(key, args);
    }
}
