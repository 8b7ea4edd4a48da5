package org.kvmworkbench.core.config;

/** Options that only matter on the KVM backend. */
public record KvmOptions(boolean irqchip) {
    public static KvmOptions defaults() {
        return new KvmOptions(false);
    }
}
