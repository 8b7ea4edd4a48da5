package org.kvmworkbench.kvm;

import java.util.Arrays;

import org.kvmworkbench.core.backend.ExitDispatcher;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.kvm.sys.KvmIoctls;
import org.kvmworkbench.kvm.sys.KvmRun;

/**
 * Not a test: measures the KVM backend's exit round trips on this host.
 * <ul>
 *   <li>userspace PIO: a guest doing N {@code out 0x10, al} in a loop; each OUT is a KVM_EXIT_IO served by
 *       run → resume (as a plain C KVM_RUN loop would) and, separately, through core's ExitDispatcher;</li>
 *   <li>in-kernel CPUID: N CPUIDs inside one KVM_RUN, and the same loop with NOPs in place of CPUID;</li>
 *   <li>ioeventfd doorbell: N OUTs to a virtio QueueNotify registered with KVM_IOEVENTFD, inside one KVM_RUN, and
 *       the same loop with a NOP in place of the OUT;</li>
 *   <li>with kernel tracing on (root, tracefs): the userspace PIO loop (N/10 exits), and a CPUID loop (at most 2000)
 *       whose CPUIDs {@link KvmVcpuBackend#run} now returns as in-kernel exits.</li>
 * </ul>
 * Run: {@code mvn -q -o test-compile -pl kvm-native && java -cp kvm-native/target/test-classes:kvm-native/target/classes:
 * core/target/classes:$HOME/.m2/repository/net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar
 * org.kvmworkbench.kvm.KvmExitBench [N] [rounds]}; {@code KvmExitBench --pio N rounds} measures only the first
 * (the loop issue #17 compares with a plain C KVM_RUN loop, kvm-native/nested/exit-loop-ref.c, which prints its
 * line in the same form) and prints "java-exit-loop: N exits, median X ns (min Y), KVM_RUN through JNA" (or "the
 * foreign linker", where the JVM was started so that it can be used).
 */
public final class KvmExitBench {
    private KvmExitBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--pio")) {
            int n = Integer.parseInt(args[1]);
            double[] r = rounds(Integer.parseInt(args[2]), () -> pio(n, false));
            System.out.printf(java.util.Locale.ROOT, "java-exit-loop: %d exits, median %.1f ns (min %.1f), KVM_RUN through %s%n",
                    n, r[r.length / 2], r[0], org.kvmworkbench.kvm.sys.LinkerIoctl.AVAILABLE ? "the foreign linker" : "JNA");
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        KvmProbe.Result probe = KvmProbe.probe();
        if (!probe.available()) {
            System.out.println("KVM not usable: " + probe.describe());
            return;
        }
        System.out.printf("host: %s; %d exits per round, %d rounds, median (min)%n", probe.describe(), n, rounds);
        report("userspace PIO exit, run+resume      ", rounds, () -> pio(n, false));
        report("  of which outside KVM_RUN          ", rounds, () -> pioOutsideRun(n));
        report("userspace PIO exit, + ExitDispatcher", rounds, () -> pio(n, true));
        report("CPUID loop iteration (in-kernel)    ", rounds, () -> oneRun(ByteGuest.config("cpuid", ByteGuest.cpuidLoop(n)), n));
        report("  same loop, NOP NOP for CPUID      ", rounds, () -> oneRun(ByteGuest.config("nop", ByteGuest.nopLoop(n)), n));
        report("ioeventfd doorbell loop iteration   ", rounds, () -> oneRun(
                ByteGuest.withIoeventfdConsole("kick", ByteGuest.doorbellLoop(n, true)), n));
        report("  same loop, NOP for the OUT        ", rounds, () -> oneRun(
                ByteGuest.withIoeventfdConsole("kick", ByteGuest.doorbellLoop(n, false)), n));
        int traced = Math.max(1, n / 10);
        report("userspace PIO exit, kernel trace on ", rounds, () -> pio(traced, false, true, false));
        // one KVM_RUN for all of them: a few thousand keep its ~5 events per CPUID within what the reader keeps up with
        report("CPUID as in-kernel exit, trace on   ", rounds, () -> kernelExits(Math.min(traced, 2_000)));
    }

    private interface Measurement {
        double nanosPerExit() throws Exception;
    }

    private static void report(String what, int rounds, Measurement m) throws Exception {
        double[] r = rounds(rounds, m);
        System.out.printf("%s %8.1f ns (%.1f)%n", what, r[rounds / 2], r[0]);
    }

    /** The measurement's results of {@code rounds} rounds, sorted. */
    private static double[] rounds(int rounds, Measurement m) throws Exception {
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) r[i] = m.nanosPerExit();
        Arrays.sort(r);
        return r;
    }

    private static double lastOutsideRun;
    /** The vCPU thread's CPU time per exit in the last {@link #pio} or {@link #bareRun} (ns). */
    static double lastCpuPerExit;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** ns per exit for the whole loop; {@link #lastOutsideRun} gets the part spent outside KVM_RUN. */
    static double pio(int n, boolean dispatch) throws Exception {
        return pio(n, dispatch, false, false);
    }

    /** @param jna KVM_RUN through JNA even where the JDK's foreign linker is usable */
    static double pio(int n, boolean dispatch, boolean kernelTrace, boolean jna) throws Exception {
        VmConfig config = ByteGuest.config("out-loop", ByteGuest.outLoop(n));
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (s, b) -> { }, "bench")) {
            if (jna) vcpu.kvmVcpu().runThroughJna();
            if (kernelTrace && !vcpu.setKernelTrace(true)) throw new IllegalStateException(vcpu.kernelTraceStatus());
            ExitDispatcher dispatcher = new ExitDispatcher();
            VcpuExit first = vcpu.run(1); // page faults and the first entry: not part of the steady state
            vcpu.resume(first);
            long inside = 0;
            int exits = 0;
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (;;) {
                VcpuExit e = vcpu.run(1);
                if (e.kvmExit != KvmExitReason.IO) break;
                inside += e.measuredNanos;
                exits++;
                if (dispatch) dispatcher.dispatch(e, vcpu.machine());
                vcpu.resume(e);
            }
            long total = System.nanoTime() - start;
            lastCpuPerExit = (double) (THREADS.getCurrentThreadCpuTime() - cpu) / exits;
            lastOutsideRun = (double) (total - inside) / exits;
            return (double) total / exits;
        }
    }

    /**
     * The floor under {@link #pio}: the same guest, each exit only KVM_RUN and a read of kvm_run.exit_reason (no
     * timing, decoding or resume), with KVM_CAP_SYNC_REGS on as the backend has it, or off as in the plain C loop;
     * through JNA or as {@link KvmVcpu#runOnce} chooses. ns per exit.
     */
    static double bareRun(int n, boolean syncRegs, boolean jna) throws Exception {
        try (KvmVcpuBackend backend = new KvmVcpuBackend(ByteGuest.config("out-loop", ByteGuest.outLoop(n)),
                (s, b) -> { }, "bench")) {
            KvmVcpu vcpu = backend.kvmVcpu();
            KvmRun run = vcpu.kvmRun();
            if (!syncRegs) run.setValidRegs(0);
            if (jna) vcpu.runThroughJna();
            vcpu.runOnce(); // the first exit is not part of the steady state, as in pio()
            int exits = 0;
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            while (vcpu.runOnce() == 0 && run.exitReason() == KvmIoctls.KVM_EXIT_IO) exits++;
            long total = System.nanoTime() - start;
            lastCpuPerExit = (double) (THREADS.getCurrentThreadCpuTime() - cpu) / exits;
            return (double) total / exits;
        }
    }

    private static double pioOutsideRun(int n) throws Exception {
        pio(n, false);
        return lastOutsideRun;
    }

    /** Tracing on, the CPUID loop: ns per exit run() returns (n in-kernel CPUIDs, then the HLT). */
    private static double kernelExits(int n) throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(ByteGuest.config("cpuid", ByteGuest.cpuidLoop(n)), (s, b) -> { }, "bench")) {
            if (!vcpu.setKernelTrace(true)) throw new IllegalStateException(vcpu.kernelTraceStatus());
            long start = System.nanoTime();
            int kernel = 0;
            for (VcpuExit e = vcpu.run(1); e == null || e.kvmExit != KvmExitReason.HLT; e = vcpu.run(1)) {
                if (e != null && e.kvmExit == null) kernel++;
            }
            long total = System.nanoTime() - start;
            if (kernel != n) System.out.println("  (" + kernel + " of " + n + " CPUIDs seen: the trace lost events)");
            return (double) total / (n + 1);
        }
    }

    /** The guest runs to its HLT in one KVM_RUN: ns per loop iteration. */
    private static double oneRun(VmConfig config, int n) throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (s, b) -> { }, "bench")) {
            VcpuExit e = vcpu.run(1);
            if (e.kvmExit != KvmExitReason.HLT) throw new IllegalStateException("expected HLT, got " + e.kvmExit);
            return (double) e.measuredNanos / n;
        }
    }
}
