package org.kvmworkbench.core.kvm;

/**
 * Modeled costs of exit round trips, used by the simulator (the KVM backend measures its own).
 * Every number here was MEASURED with a plain C {@code KVM_RUN} loop on this project's development host
 * (Linux KVM with the kvm_pvm vendor module), as recorded in the project's KVM-backend issue (#3).
 * The simulator shows them as "modeled": they are that host's costs, not the simulator's own, and a
 * VMX or SVM laptop will differ. A path with no measurement has no cost rather than a guessed one.
 */
public final class CostModel {
    /** Userspace port-I/O exit round trip (OUT → KVM_EXIT_IO → KVM_RUN → resume). */
    public static final long USERSPACE_PIO_ROUND_TRIP_NS = 8_000;
    /** CPUID exit finished in the kernel (exit → kvm_emulate_cpuid → entry). */
    public static final long KERNEL_CPUID_ROUND_TRIP_NS = 2_300;
    /** Doorbell OUT matched by an ioeventfd (exit → eventfd_signal → entry). */
    public static final long IOEVENTFD_DOORBELL_NS = 3_300;
    /** The userspace leg alone, derived: userspace PIO round trip minus the in-kernel CPUID round trip. */
    public static final long USERSPACE_LEG_NS = USERSPACE_PIO_ROUND_TRIP_NS - KERNEL_CPUID_ROUND_TRIP_NS;

    public static final String SOURCE = "measured by a C KVM_RUN loop on the project's kvm_pvm host (issue #3); "
            + "modeled here, not timed";

    private CostModel() {
    }
}
