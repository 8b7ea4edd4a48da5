package org.kvmworkbench.app.view;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.kvm.Lane;

/** Lane titles named for the host's technology: VMX/VMCS on Intel, SVM/VMCB on AMD, PVM's switcher, or the model. */
public final class LaneNames {
    private static final Texts T = Texts.of(LaneNames.class);

    private LaneNames() {
    }

    public static String title(Lane lane, BackendInfo info) {
        return lane == Lane.USERSPACE ? T.get("USERSPACE") : T.get(lane + "." + HostKind.of(info));
    }

    /** The instruction that enters the guest on this host. */
    public static String entry(BackendInfo info) {
        return T.get("entry." + HostKind.of(info));
    }
}
