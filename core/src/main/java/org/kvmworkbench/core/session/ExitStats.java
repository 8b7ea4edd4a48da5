package org.kvmworkbench.core.session;

import java.util.Map;
import java.util.TreeMap;

import org.kvmworkbench.core.vmx.VmxExitReason;

/** Exit counts by basic exit reason and by where they were finished (kvm_stat's view). Not thread-safe: copy with {@link #snapshot}. */
public final class ExitStats {
    private final long[] byReason = new long[128];
    private final long[] byReasonUserspace = new long[128];
    private long userspace, kernel, total;
    /** By the host's own exit code where that is not VMX (SVM hosts: "SVM_EXIT_NPF (0x400)"), with its VMX reasons. */
    private final Map<String, long[]> byHostReason = new TreeMap<>();
    private final Map<String, java.util.Set<VmxExitReason>> vmxOfHostReason = new TreeMap<>();
    private final String[] hostReasonOfVmx = new String[128];

    void count(VmxExitReason reason, boolean reachedUserspace) {
        count(reason, reachedUserspace, "");
    }

    /** @param hostReason the host's own code for the exit when it is not VMX, else "" (no allocation after a code's first exit) */
    void count(VmxExitReason reason, boolean reachedUserspace, String hostReason) {
        if (hostReason != null && !hostReason.isEmpty()) {
            byHostReason.computeIfAbsent(hostReason, k -> new long[1])[0]++;
            if (reason != null) {
                java.util.Set<VmxExitReason> vmx = vmxOfHostReason.computeIfAbsent(hostReason,
                        k -> java.util.EnumSet.noneOf(VmxExitReason.class));
                if (!vmx.contains(reason)) vmx.add(reason);
                hostReasonOfVmx[reason.number()] = hostReason;
            }
        }
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

    /** The host's own code counted with this VMX reason (SVM hosts), or "". */
    public String hostReason(VmxExitReason reason) {
        String h = hostReasonOfVmx[reason.number()];
        return h == null ? "" : h;
    }

    public ExitStats snapshot() {
        ExitStats s = new ExitStats();
        byHostReason.forEach((k, v) -> s.byHostReason.put(k, v.clone()));
        vmxOfHostReason.forEach((k, v) -> s.vmxOfHostReason.put(k, java.util.EnumSet.copyOf(v)));
        System.arraycopy(hostReasonOfVmx, 0, s.hostReasonOfVmx, 0, hostReasonOfVmx.length);
        System.arraycopy(byReason, 0, s.byReason, 0, byReason.length);
        System.arraycopy(byReasonUserspace, 0, s.byReasonUserspace, 0, byReasonUserspace.length);
        s.userspace = userspace;
        s.kernel = kernel;
        s.total = total;
        return s;
    }

    /**
     * "30 I/O instruction: 91, 12 HLT: 1"; on an SVM host by its own codes, the VMX equivalents in brackets:
     * "SVM_EXIT_IOIO (0x07b) [VMX 30]: 91, SVM_EXIT_NPF (0x400) [VMX 48, 49]: 3".
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        if (!byHostReason.isEmpty()) {
            byHostReason.forEach((code, n) -> {
                if (b.length() > 0) b.append(", ");
                b.append(code);
                java.util.Set<VmxExitReason> vmx = vmxOfHostReason.get(code);
                if (vmx != null && !vmx.isEmpty()) {
                    b.append(" [VMX ");
                    boolean first = true;
                    for (VmxExitReason r : vmx) {
                        b.append(first ? "" : ", ").append(r.number());
                        first = false;
                    }
                    b.append(']');
                }
                b.append(": ").append(n[0]);
            });
            return b.toString();
        }
        for (Map.Entry<VmxExitReason, Long> e : byReason().entrySet()) {
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey().number()).append(' ').append(e.getKey().sdmName()).append(": ").append(e.getValue());
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
