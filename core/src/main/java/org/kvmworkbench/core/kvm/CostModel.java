package org.kvmworkbench.core.kvm;

/**
 * Modeled costs of whole exit round trips, shown by the simulator (the KVM backend measures its own).
 * Each number was MEASURED on this project's development host — Linux KVM with the kvm_pvm vendor module,
 * i.e. software virtualization — by a plain C {@code KVM_RUN} loop and the project's KvmExitBench
 * (2026-11-25). The simulator labels them "modeled": they are that host's costs, not the simulator's, and
 * hardware VMX/SVM hosts are faster. Paths without a measurement carry no cost rather than a guess; in
 * particular an in-kernel CPUID is not a VM exit on PVM (real mode runs in KVM's emulator, ~0.45 µs per
 * instruction there), so it gives no number for a VMX CPUID exit.
 */
public final class CostModel {
    /** Userspace port-I/O exit round trip (OUT → KVM_EXIT_IO → device → KVM_RUN → guest): C loop median. */
    public static final long USERSPACE_PIO_ROUND_TRIP_NS = 7_660;
    /**
     * Doorbell OUT matched by an ioeventfd (eventfd signalled in the kernel, no return to userspace). Runs of
     * {@code kick-bench} gave 1.3–4.2 µs per kick on that host, depending on where the device thread ran;
     * modeled as the high end.
     */
    public static final long IOEVENTFD_DOORBELL_NS = 4_200;
    /**
     * MMIO doorbell (32-bit store to virtio-mmio QueueNotify) matched by an MMIO ioeventfd, no return to userspace.
     * Measured separately with {@code kick-bench} (its "MMIO doorbell + KVM_IOEVENTFD" row): four runs of 50,000
     * kicks gave 1.40–4.65 µs per kick on the same host; modeled as the high end, like the PIO doorbell. On that
     * host (PVM) the store goes through KVM's emulator to the MMIO bus; there is no EPT misconfiguration exit.
     */
    public static final long MMIO_IOEVENTFD_DOORBELL_NS = 4_650;

    public static final String SOURCE = "measured on the project's kvm_pvm host (software virtualization) by a C "
            + "KVM_RUN loop, 2026-11-25; modeled here, not timed";

    private CostModel() {
    }
}
