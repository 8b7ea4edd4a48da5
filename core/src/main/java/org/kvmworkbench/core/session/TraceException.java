package org.kvmworkbench.core.session;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** A trace that cannot be written or finished; the message is one line for the user. */
public final class TraceException extends IOException {
    public TraceException(String message) {
        super(message);
    }

    /** "No space left on device", "permission denied", ...: the cause without a class name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
