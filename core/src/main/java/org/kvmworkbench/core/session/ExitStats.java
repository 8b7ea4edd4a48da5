package org.kvmworkbench.core.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.TreeMap;

import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Exit counts by basic exit reason and by where they were finished (kvm_stat's view).
 *
 * <p>One writer (the vCPU thread) counts; any thread may take a {@link #snapshot}, which is always consistent
 * (userspace + kernel = total = the sum over reasons) without a lock on the writer's path: the writer bumps a
 * version to odd before it changes the counts and back to even after (a seqlock), and a reader copies the counts
 * and retries if the version was odd or moved meanwhile. The getters read this object's fields as they are: on
 * a live object only the writer's thread should use them; other threads use a snapshot.
 */
public final class ExitStats {
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(ExitStats.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] byReason = new long[128];
    private final long[] byReasonUserspace = new long[128];
    private long userspace, kernel, total;
    /**
     * By the host's own exit code where that is not VMX (SVM hosts: "SVM_EXIT_NPF (0x400)"): the codes in first-seen
     * order, their counts, and which VMX reasons each stood for (a 128-bit mask). Arrays, so the seqlock covers them.
     */
    private static final int HOST_CODES = 64;
    private final String[] hostCode = new String[HOST_CODES];
    private final long[] hostCount = new long[HOST_CODES];
    private final long[] hostVmxLow = new long[HOST_CODES], hostVmxHigh = new long[HOST_CODES];
    private final String[] hostReasonOfVmx = new String[128];
    private int hostCodes;
    /** Even: the counts are stable; odd: the writer is changing them. */
    @SuppressWarnings("unused") private volatile long version;

    void count(VmxExitReason reason, boolean reachedUserspace) {
        count(reason, reachedUserspace, "");
    }

    /** @param hostReason the host's own code for the exit when it is not VMX, else "" */
    void count(VmxExitReason reason, boolean reachedUserspace, String hostReason) {
        long v = beginWrite();
        if (hostReason != null && !hostReason.isEmpty()) countHost(reason, hostReason);
        total++;
        if (reachedUserspace) userspace++;
        else kernel++;
        if (reason != null) {
            byReason[reason.number()]++;
            if (reachedUserspace) byReasonUserspace[reason.number()]++;
        }
        endWrite(v);
    }

    private void countHost(VmxExitReason reason, String code) {
        int i = 0;
        while (i < hostCodes && !hostCode[i].equals(code)) i++;
        if (i == hostCodes) {
            if (hostCodes == HOST_CODES) return; // more distinct codes than any host has: not counted by code
            hostCode[hostCodes++] = code;
        }
        hostCount[i]++;
        if (reason != null) {
            int n = reason.number();
            if (n < 64) hostVmxLow[i] |= 1L << n;
            else hostVmxHigh[i] |= 1L << (n - 64);
            hostReasonOfVmx[n] = code;
        }
    }

    /** All counts back to zero (a reset VM is a fresh VM). Writer's thread only. */
    void clear() {
        long v = beginWrite();
        java.util.Arrays.fill(byReason, 0);
        java.util.Arrays.fill(byReasonUserspace, 0);
        userspace = kernel = total = 0;
        java.util.Arrays.fill(hostCode, null);
        java.util.Arrays.fill(hostCount, 0);
        java.util.Arrays.fill(hostVmxLow, 0);
        java.util.Arrays.fill(hostVmxHigh, 0);
        java.util.Arrays.fill(hostReasonOfVmx, null);
        hostCodes = 0;
        endWrite(v);
    }

    private long beginWrite() {
        long v = (long) VERSION.getOpaque(this);
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence(); // the odd version is visible before any count changes
        return v;
    }

    private void endWrite(long v) {
        VERSION.setRelease(this, v + 2); // every count change is visible before the even version
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

    /** A consistent copy, from any thread (retries while the writer is mid-update). */
    public ExitStats snapshot() {
        ExitStats s = new ExitStats();
        for (;;) {
            long before = (long) VERSION.getAcquire(this);
            if ((before & 1) == 0) {
                System.arraycopy(byReason, 0, s.byReason, 0, byReason.length);
                System.arraycopy(byReasonUserspace, 0, s.byReasonUserspace, 0, byReasonUserspace.length);
                s.userspace = userspace;
                s.kernel = kernel;
                s.total = total;
                int n = Math.min(hostCodes, HOST_CODES); // a torn read is caught by the version check below
                if (n > 0) { // only SVM hosts have codes of their own: keep the copy short elsewhere
                    System.arraycopy(hostCode, 0, s.hostCode, 0, n);
                    System.arraycopy(hostCount, 0, s.hostCount, 0, n);
                    System.arraycopy(hostVmxLow, 0, s.hostVmxLow, 0, n);
                    System.arraycopy(hostVmxHigh, 0, s.hostVmxHigh, 0, n);
                    System.arraycopy(hostReasonOfVmx, 0, s.hostReasonOfVmx, 0, hostReasonOfVmx.length);
                }
                s.hostCodes = n;
                VarHandle.loadLoadFence(); // the copies are done before the version is read again
                if ((long) VERSION.getOpaque(this) == before) return s;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * "30 I/O instruction: 91, 12 HLT: 1"; on an SVM host by its own codes, the VMX equivalents in brackets:
     * "SVM_EXIT_IOIO (0x07b) [VMX 30]: 91, SVM_EXIT_NPF (0x400) [VMX 48, 49]: 3".
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        if (hostCodes > 0) {
            Map<String, Integer> sorted = new TreeMap<>();
            for (int i = 0; i < hostCodes; i++) sorted.put(hostCode[i], i);
            for (int i : sorted.values()) {
                if (b.length() > 0) b.append(", ");
                b.append(hostCode[i]);
                String sep = " [VMX ";
                for (int n = 0; n < 128; n++) {
                    long mask = n < 64 ? hostVmxLow[i] : hostVmxHigh[i];
                    if ((mask & (1L << (n & 63))) == 0) continue;
                    b.append(sep).append(n);
                    sep = ", ";
                }
                if (!sep.startsWith(" [")) b.append(']');
                b.append(": ").append(hostCount[i]);
            }
            return b.toString();
        }
        for (Map.Entry<VmxExitReason, Long> e : byReason().entrySet()) {
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey().number()).append(' ').append(e.getKey().sdmName()).append(": ").append(e.getValue());
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
