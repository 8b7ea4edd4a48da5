package org.kvmworkbench.core.kvm;

/** The stages of a VM exit round trip, each on its lane. */
public enum Stage {
    GUEST_INSTRUCTION(Lane.GUEST, "guest instruction"),
    VM_EXIT(Lane.KERNEL, "VM exit: the CPU saves guest state into the VMCS and loads host state (no syscall)"),
    KVM_HANDLER(Lane.KERNEL, "KVM exit handler"),
    KVM_EMULATOR(Lane.KERNEL, "KVM's instruction emulator decodes the access"),
    EVENTFD_SIGNAL(Lane.KERNEL, "ioeventfd matches: eventfd_signal wakes the VMM's device thread"),
    DEVICE_THREAD(Lane.USERSPACE, "device thread processes the queue (off the vCPU)"),
    KVM_RUN_RETURNS(Lane.USERSPACE, "ioctl(KVM_RUN) returns to the VMM"),
    USERSPACE_DEVICE(Lane.USERSPACE, "device model emulates the access"),
    KVM_RUN_CALLED(Lane.KERNEL, "VMM calls ioctl(KVM_RUN) again"),
    VM_ENTRY(Lane.GUEST, "VM entry (VMRESUME): guest state loaded from the VMCS"),
    VM_STOPS(Lane.USERSPACE, "the VMM stops the VM");

    private final Lane lane;
    private final String description;

    Stage(Lane lane, String description) {
        this.lane = lane;
        this.description = description;
    }

    public Lane lane() {
        return lane;
    }

    public String description() {
        return description;
    }
}
