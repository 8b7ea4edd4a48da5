package org.kvmworkbench.core.config;

import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * An exit a sample's lesson is about ({@code keyExits} in its config), which "next key exit" on the timeline jumps to.
 * It matches an exit by any of: its VMX basic exit reason, the I/O port or the MMIO guest-physical address it
 * accessed, and the direction of that access. Fields left out (null) match anything.
 *
 * @param reason  the VMX basic exit reason, or null
 * @param port    an IN/OUT to this port (the access's first port), or null
 * @param address an MMIO access at this guest-physical address, or null (never both port and address)
 * @param write   true: only writes; false: only reads; null: either
 * @param label   what the teacher calls it, e.g. "the kick (QUEUE_NOTIFY)", or null
 */
public record KeyExit(VmxExitReason reason, Integer port, Long address, Boolean write, String label) {

    public boolean matches(ExitRecord r) {
        if (reason != null && r.reason() != reason) return false;
        if (port == null && address == null && write == null) return true;
        Access a = r.access();
        if (a == null) return false;
        if (port != null && (a.kind() != Access.Kind.PIO || a.address() != port)) return false;
        if (address != null && (a.kind() != Access.Kind.MMIO || a.address() != address)) return false;
        return write == null || a.write() == write;
    }
}
