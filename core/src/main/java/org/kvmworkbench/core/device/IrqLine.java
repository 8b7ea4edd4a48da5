package org.kvmworkbench.core.device;

/** An interrupt line a device can drive (vm-superio's Trigger role). No interrupt controller yet: NONE. */
public interface IrqLine {
    IrqLine NONE = level -> { };

    void set(boolean level);
}
