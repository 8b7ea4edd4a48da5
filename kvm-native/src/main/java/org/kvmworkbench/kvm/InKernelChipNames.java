package org.kvmworkbench.kvm;

/** The names KVM's in-kernel chips go by in device lists, so the window can tell them apart by name. */
public final class InKernelChipNames {
    public static final String PIT = "8254 PIT (in-kernel, KVM_GET_PIT2)";
    public static final String PIC = "8259A PIC pair (in-kernel, KVM_GET_IRQCHIP)";

    private InKernelChipNames() {}
}
