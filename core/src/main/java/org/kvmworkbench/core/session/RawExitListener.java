package org.kvmworkbench.core.session;

import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.backend.VcpuExit;

/**
 * Sees each exit as the backend filled it in, before any immutable record is made: for consumers that must not
 * allocate per exit (the compact trace). Called on the vCPU thread; {@code exit} is reused after the call returns.
 */
public interface RawExitListener {
    void onExit(long seq, VcpuExit exit, Vcpu vcpu);
}
