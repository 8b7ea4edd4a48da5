package org.kvmworkbench.core.cpu;

/**
 * Unwinds the interpreter out of an instruction that cannot finish now: a fault to deliver, or an
 * MMIO read that needs the device's answer first (the instruction is then restarted, as KVM's
 * emulator does after {@code complete_emulated_mmio}). One preallocated instance per interpreter,
 * no stack trace: throwing it allocates nothing.
 */
final class Interrupted extends RuntimeException {
    static final int FAULT = 1, MMIO_READ = 2;
    int why;
    int vector;

    Interrupted() {
        super(null, null, false, false);
    }
}
