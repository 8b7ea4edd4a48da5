package org.kvmworkbench.app.view;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.kvm.Lane;

/** Lane titles named for the host's technology: VMX/VMCS on Intel, SVM/VMCB on AMD, PVM's switcher, or the model. */
public final class LaneNames {
    private LaneNames() {
    }

    public static String title(Lane lane, BackendInfo info) {
        HostKind host = HostKind.of(info);
        boolean svm = host == HostKind.SVM;
        boolean pvm = host == HostKind.PVM;
        return switch (lane) {
            case GUEST -> svm ? "Guest (SVM guest mode)" : pvm ? "Guest (PVM: no VMX/SVM; real-mode code runs in KVM's emulator)"
                    : "Guest (VMX non-root)";
            case KERNEL -> svm ? "KVM in the host kernel (host mode, ring 0; VMCB)"
                    : pvm ? "KVM in the host kernel (ring 0; PVM: no VMCS)"
                    : "KVM in the host kernel (VMX root, ring 0; VMCS)";
            case USERSPACE -> "Userspace VMM / device model (ring 3)";
        };
    }

    /** The instruction that enters the guest on this host. */
    public static String entry(BackendInfo info) {
        return switch (HostKind.of(info)) {
            case SVM -> "VMRUN";
            case PVM -> "KVM's emulator continues";
            case VMX -> "VMRESUME";
        };
    }
}
