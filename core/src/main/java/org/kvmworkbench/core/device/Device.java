package org.kvmworkbench.core.device;

import org.kvmworkbench.core.bus.BusDevice;

/** A device model: a bus device with a name and a read-only snapshot of its state for the GUI and tests. */
public interface Device extends BusDevice {
    String name();

    /** Immutable view of the registers and internal state, safe to hand to another thread. */
    DeviceSnapshot snapshot();

    /** Back to power-on state. */
    void reset();
}
