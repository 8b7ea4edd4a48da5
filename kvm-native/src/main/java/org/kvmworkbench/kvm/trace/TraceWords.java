package org.kvmworkbench.kvm.trace;

import org.kvmworkbench.core.i18n.Errno;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * Why KVM's kernel trace cannot be followed (the "off: why" of the kernel-trace status): words of TraceWords.properties,
 * English in the status line (the CLI, logs) and said again in the window's language by {@link #inCurrentLanguage}.
 * Kept apart from {@link KernelTrace} so that the window can say them without loading the native bindings.
 */
public final class TraceWords {
    private static final Messages M = Messages.of(TraceWords.class);

    private TraceWords() {
    }

    static Phrase say(String key, Object... args) {
        return M.phrase(key, args);
    }

    /** "kvm_userspace_exit events stopped arriving from INSTANCE", in English: a failure after tracing began. */
    public static String stoppedArriving(Object instance) {
        return say("stopped", instance).english();
    }

    /**
     * A reason these words made earlier (in English) in the current language of {@link Messages}, its values kept but
     * a system error in them said by its errno name in that language ("EACCES：权限不足"); any other text comes back
     * with only its errno said so.
     */
    public static String inCurrentLanguage(String reason) {
        return Errno.inCurrentLanguage(M.inCurrentLanguage(reason, v -> Errno.inCurrentLanguage(M.inCurrentLanguage(v))));
    }
}
