package org.kvmworkbench.kvm;

import com.sun.jna.LastErrorException;
import org.kvmworkbench.core.i18n.Errno;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.kvm.sys.LibC;

/**
 * A KVM or libc call failed: which operation, and the errno (0 when the failure was not an errno). The message is
 * English; {@link #words()} says the errno in the current language (the operation is a name: an ioctl, a path).
 */
public final class KvmException extends RuntimeException implements Phrase.Said {
    private static final Phrase COLON = Phrase.literal(": ");
    private final String operation;
    private final int errno;

    public KvmException(String operation, int errno) {
        super(operation + ": " + LibC.describe(errno));
        this.operation = operation;
        this.errno = errno;
    }

    /** A failure without an errno, e.g. an unexpected API version. */
    public KvmException(String operation, String problem) {
        super(operation + ": " + problem);
        this.operation = operation;
        this.errno = 0;
    }

    static KvmException of(String operation, LastErrorException e) {
        return new KvmException(operation, e.getErrorCode());
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    @Override
    public Phrase words() {
        Errno e = Errno.of(errno);
        return e == null ? Phrase.literal(getMessage()) : Phrase.join(COLON, Phrase.literal(operation), e.phrase());
    }
}
