package org.kvmworkbench.core.machine;

import org.kvmworkbench.core.device.VirtioConsole;

/**
 * A virtqueue doorbell registered with KVM_IOEVENTFD: a write of {@code datamatch} to {@code port}
 * signals an eventfd in the kernel instead of exiting to userspace; the device thread then calls
 * {@link VirtioConsole#notify(int)}.
 */
public record Doorbell(int port, int size, int datamatch, VirtioConsole device) {
    public boolean matches(int port, int size, long value) {
        return this.port == port && this.size == size && (value & 0xFFFF) == datamatch;
    }
}
