package org.kvmworkbench.core.backend;

import org.kvmworkbench.core.bus.Bus;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.machine.Machine;

/**
 * The userspace half of an exit: hand a port or MMIO access to the device that owns the address
 * (kvmtool's kvm_cpu__emulate_io / emulate_mmio, one call per element for string I/O).
 * A port with no device reads as all ones (a floating ISA bus); an MMIO address with no device reads
 * as 0, as QEMU's unassigned memory and Firecracker's zero-filled read buffer do. Writes there are dropped.
 */
public final class ExitDispatcher {
    private long unclaimed;

    /** Serve a userspace exit's device access. Returns false if no device owns the address. */
    public boolean dispatch(VcpuExit e, Machine m) {
        if (e.accessKind == null) return true;
        Bus bus = e.accessKind == Access.Kind.PIO ? m.pioBus() : m.mmioBus();
        Bus.Window w = bus.find(e.address);
        long mask = e.size >= 8 ? -1L : (1L << (e.size * 8)) - 1;
        if (w == null) {
            unclaimed++;
            if (!e.write) {
                long floating = e.accessKind == Access.Kind.PIO ? mask : 0;
                for (int i = 0; i < e.count; i++) e.data[i] = floating;
            }
            return false;
        }
        int offset = (int) (e.address - w.base());
        for (int i = 0; i < e.count; i++) {
            if (e.write) w.device().write(offset, e.size, e.data[i] & mask);
            else e.data[i] = w.device().read(offset, e.size) & mask;
        }
        return true;
    }

    /** Accesses that no device claimed. */
    public long unclaimed() {
        return unclaimed;
    }
}
