package org.kvmworkbench.kvm;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * The words of the KVM backend's exit notes (ExitDecoder, KernelExits): keys and values made at the exit
 * ({@link #phrase}), English in traces and the CLI, the window's language when shown. A note read back from a trace
 * is recognised by its English pattern: {@code NoteText.inCurrentLanguage(note, KvmNotes.WORDS)}.
 */
public final class KvmNotes {
    public static final Messages WORDS = Messages.of(KvmNotes.class);

    private KvmNotes() {
    }

    static String english(String key, Object... args) {
        return WORDS.formatEnglish(key, args);
    }

    /** The note {@code key} (KvmNotes.properties) with its values, said when read. */
    static Phrase phrase(String key, Object... args) {
        return WORDS.phrase(key, args);
    }
}
