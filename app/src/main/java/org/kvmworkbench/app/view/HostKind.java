package org.kvmworkbench.app.view;

import org.kvmworkbench.core.backend.BackendInfo;

/**
 * Which hardware (or software) the host's KVM uses, as the teaching text must name it: Intel VMX (also the
 * simulator, which models VMX), AMD SVM, or PVM (kvm_pvm: no VMX/SVM, real mode runs in KVM's emulator).
 */
public enum HostKind {
    VMX, SVM, PVM;

    /** From {@link BackendInfo#technology()}; null or anything unknown counts as (simulated) VMX. */
    public static HostKind of(BackendInfo info) {
        String tech = info == null || info.technology() == null ? "" : info.technology();
        if (tech.contains("SVM")) return SVM;
        if (tech.contains("PVM")) return PVM;
        return VMX;
    }
}
