package org.kvmworkbench.kvm;

import com.sun.jna.LastErrorException;
import org.kvmworkbench.kvm.sys.LibC;

/** Releasing file descriptors and mappings on the way out, where a failure can only be reported. */
final class Fds {
    private Fds() {
    }

    static void close(int fd) {
        if (fd < 0) return;
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            throw KvmException.of("close fd " + fd, e);
        }
    }

    static void munmap(long address, long length) {
        try {
            LibC.munmap(address, length);
        } catch (LastErrorException e) {
            throw KvmException.of("munmap", e);
        }
    }
}
