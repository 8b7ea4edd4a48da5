package org.kvmworkbench.core.device;

import java.util.List;

/**
 * What a device panel shows: named registers (in display order) and free-form detail lines.
 * @param registers name/value pairs, values as they would be read by the guest where that is defined
 */
public record DeviceSnapshot(String device, List<Register> registers, List<String> details) {
    public record Register(String name, long value, int width, String meaning) {}

    public DeviceSnapshot {
        registers = List.copyOf(registers);
        details = List.copyOf(details);
    }

    public Register register(String name) {
        for (Register r : registers) if (r.name().equals(name)) return r;
        throw new IllegalArgumentException("no register " + name + " in " + device);
    }
}
