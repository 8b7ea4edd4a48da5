package org.kvmworkbench.kvm.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * read(2) without errno, for polling a non-blocking fd: {@link LibC#read} reports EAGAIN ("empty now") as a
 * LastErrorException, whose construction costs microseconds - too much to pay after every KVM_RUN.
 */
public final class QuietRead {
    static {
        Native.register(QuietRead.class, Platform.C_LIBRARY_NAME);
    }

    private QuietRead() {
    }

    /** Bytes read; 0 at end of file; -1 when there is nothing to read now (EAGAIN) or on any other error. */
    public static native long read(int fd, Pointer buf, long count);
}
