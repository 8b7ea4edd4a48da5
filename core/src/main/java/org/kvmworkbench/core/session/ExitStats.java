package org.kvmworkbench.core.session;

import java.util.Map;
import java.util.TreeMap;

import org.kvmworkbench.core.vmx.VmxExitReason;

/** Exit counts by basic exit reason and by where they were finished (kvm_stat's view). Not thread-safe: copy with {@link #snapshot}. */
public final class ExitStats {
    private final long[] byReason = new long[128];
    private final long[] byReasonUserspace = new long[128];
    private long userspace, kernel, total;

    void count(VmxExitReason reason, boolean reachedUserspace) {
        total++;
        if (reachedUserspace) userspace++;
        else kernel++;
        if (reason != null) {
            byReason[reason.number()]++;
            if (reachedUserspace) byReasonUserspace[reason.number()]++;
        }
    }

    public long total() {
        return total;
    }

    public long userspace() {
        return userspace;
    }

    public long kernel() {
        return kernel;
    }

    public long count(VmxExitReason reason) {
        return byReason[reason.number()];
    }

    /** Exits of this reason that returned to userspace (ioctl(KVM_RUN) returned). */
    public long userspace(VmxExitReason reason) {
        return byReasonUserspace[reason.number()];
    }

    /** Exits of this reason that KVM finished in the kernel. */
    public long kernel(VmxExitReason reason) {
        return byReason[reason.number()] - byReasonUserspace[reason.number()];
    }

    /** Reasons seen so far, in reason-number order. */
    public Map<VmxExitReason, Long> byReason() {
        Map<VmxExitReason, Long> m = new TreeMap<>();
        for (VmxExitReason r : VmxExitReason.values()) if (byReason[r.number()] > 0) m.put(r, byReason[r.number()]);
        return m;
    }

    public ExitStats snapshot() {
        ExitStats s = new ExitStats();
        System.arraycopy(byReason, 0, s.byReason, 0, byReason.length);
        System.arraycopy(byReasonUserspace, 0, s.byReasonUserspace, 0, byReasonUserspace.length);
        s.userspace = userspace;
        s.kernel = kernel;
        s.total = total;
        return s;
    }

    /** "30 I/O instruction: 91, 12 HLT: 1" */
    public String summary() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<VmxExitReason, Long> e : byReason().entrySet()) {
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey().number()).append(' ').append(e.getKey().sdmName()).append(": ").append(e.getValue());
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
