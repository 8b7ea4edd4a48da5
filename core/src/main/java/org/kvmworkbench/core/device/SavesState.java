package org.kvmworkbench.core.device;

/**
 * A device whose state can be saved as a few numbers at every VM exit without allocating (the GUI's device history
 * saves it on the vCPU thread into preallocated slots), and described later, on any thread, as the
 * {@link Device#snapshot()} it would have given at that moment.
 */
public interface SavesState {
    /** How many numbers {@link #saveState} writes. */
    int stateLength();

    /** Writes the state into {@code into[offset .. offset + stateLength())}; allocates nothing. */
    void saveState(long[] into, int offset);

    /** The snapshot this device gave when {@code state} was saved. */
    DeviceSnapshot describe(long[] state, int offset);
}
