package org.kvmworkbench.core.kvm;

/** The three places an exit travels through, top to bottom in the round-trip view. */
public enum Lane {
    GUEST("Guest (VMX non-root)"),
    KERNEL("KVM in the host kernel (VMX root, ring 0)"),
    USERSPACE("Userspace VMM / device model (ring 3)");

    private final String title;

    Lane(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
