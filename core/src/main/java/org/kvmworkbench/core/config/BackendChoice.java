package org.kvmworkbench.core.config;

/** Which CPU runs the guest. Written lowercase in config files ({@code auto}, {@code kvm}, {@code simulated}). */
public enum BackendChoice {
    /** KVM when /dev/kvm is usable, otherwise the simulated CPU. */
    AUTO,
    KVM,
    SIMULATED
}
