package org.kvmworkbench.core.bus;

/** A device window that cannot be placed on a bus (zero length, overflow, overlap). */
public final class BusException extends RuntimeException {
    public BusException(String message) {
        super(message);
    }
}
