package org.kvmworkbench.core.memory;

/** A device or loader touched guest-physical memory outside RAM. */
public final class GuestMemoryException extends RuntimeException {
    public GuestMemoryException(long gpa, long len, long size) {
        super(String.format("guest-physical access 0x%x+%d is outside RAM (size 0x%x)", gpa, len, size));
    }
}
