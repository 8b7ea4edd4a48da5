package org.kvmworkbench.core.vmx;

/** Where a VMCS value shown by the app comes from. Labelled in the GUI next to each value. */
public enum Provenance {
    /** written by the simulator, which models Intel VMX */
    MODELED("modeled"),
    /** read from KVM with KVM_GET_REGS / KVM_GET_SREGS */
    READ_FROM_KVM("read from KVM"),
    /** derived from kvm_run by the SDM's rules (e.g. the I/O exit qualification) */
    DERIVED("derived"),
    /** the field exists but neither the simulator nor userspace can know its value */
    NOT_VISIBLE("not visible");

    private final String label;

    Provenance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
