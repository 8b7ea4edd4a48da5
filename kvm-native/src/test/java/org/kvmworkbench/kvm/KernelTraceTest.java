package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.kvmworkbench.kvm.sys.LibC;
import org.kvmworkbench.kvm.trace.KernelTrace;

/**
 * Kernel tracing on real KVM: the exits KVM finished in the kernel appear between the userspace exits, and nothing
 * is left in tracefs afterwards. Skipped without /dev/kvm or without usable tracefs (not root, no kvm events).
 */
class KernelTraceTest {
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static boolean mountedBefore;
    private static List<String> topLevelKvmEventsBefore;

    @BeforeAll
    static void kvmAndTracefs() throws Exception {
        SampleRun.assumeKvm();
        mountedBefore = KernelTrace.tracefsMounted();
        try (KernelTrace probe = KernelTrace.open(KernelTrace.currentTid())) {
            assertTrue(probe.enabledEvents().contains("kvm_userspace_exit"));
        } catch (KernelTrace.Unavailable e) {
            assumeTrue(false, "kernel tracing unavailable: " + e.getMessage());
        }
        topLevelKvmEventsBefore = topLevelKvmEvents();
    }

    @Test
    void cpuidMsrShowsTheKernelExitsBetweenTheUserspaceExits() throws Exception {
        SampleRun r = SampleRun.onKvm(SampleRun.config("cpuid-msr"), SampleRun.LIMITS, true);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertEquals(SampleRun.expected("cpuid-msr"), r.console.toString());
        assertTrue(r.traceStatus.startsWith("on: following kvm events for TID "), r.traceStatus);

        List<ExitRecord> kernel = new ArrayList<>();
        List<Integer> printedBefore = new ArrayList<>(); // debug-console bytes out before each kernel exit
        int printed = 0;
        for (ExitRecord e : r.exits) {
            if (e.kvmExit() == null) {
                kernel.add(e);
                printedBefore.add(printed);
            } else if (e.access() != null && e.access().address() == 0xE9) {
                printed++;
            }
        }
        assertEquals(List.of(ExitPath.KERNEL_CPUID, ExitPath.KERNEL_CPUID, ExitPath.KERNEL_MSR, ExitPath.KERNEL_MSR),
                kernel.stream().map(ExitRecord::path).toList(), () -> notes(kernel));
        assertEquals(List.of(VmxExitReason.CPUID, VmxExitReason.CPUID, VmxExitReason.MSR_WRITE, VmxExitReason.MSR_READ),
                kernel.stream().map(ExitRecord::reason).toList());
        int hypervisorLine = "hypervisor: KVMKVMKVM\n".length(), vendorLine = "vendor: GenuineIntel\n".length();
        assertEquals(List.of(0, hypervisorLine, hypervisorLine + vendorLine, hypervisorLine + vendorLine), printedBefore);
        assertEquals(List.of("cpuid", "cpuid", "wrmsr", "rdmsr"), kernel.stream().map(ExitRecord::instruction).toList());
        assertTrue(kernel.get(0).note().english().startsWith("CPUID leaf 0x40000000 subleaf 0 → "), kernel.get(0).note().english());
        assertTrue(kernel.get(0).note().english().contains("(\"KVMKVMKVM\")"), kernel.get(0).note().english());
        assertTrue(kernel.get(1).note().english().startsWith("CPUID leaf 0x0 subleaf 0 → "), kernel.get(1).note().english());
        assertTrue(kernel.get(1).note().english().contains("(\"GenuineIntel\")"), kernel.get(1).note().english());
        assertTrue(kernel.get(2).note().english().startsWith("WRMSR 0x1b ← 0xfee00900"), kernel.get(2).note().english());
        assertTrue(kernel.get(3).note().english().startsWith("RDMSR 0x1b → 0xfee00900"), kernel.get(3).note().english());
        for (ExitRecord e : kernel) assertFalse(e.path().reachesUserspace());
        if (HostVirtualization.detect() == HostVirtualization.PVM) {
            for (ExitRecord e : kernel) assertTrue(e.note().english().contains(KernelExits.PVM_EMULATED.english()), e.note().english());
            assertTrue(r.exits.stream().allMatch(e -> e.note().english().contains("KVM's emulator ran ")),
                    "on PVM every exit follows emulated real-mode instructions");
        }
        assertEquals(2L, r.eventCounts.get("kvm_cpuid"));
        assertEquals(2L, r.eventCounts.get("kvm_msr"));
        assertCleanedUp(r.traceInstance);
    }

    @Test
    void virtioKicksWithIoeventfdAreKernelExits() throws Exception {
        SampleRun r = SampleRun.onKvm(SampleRun.config("virtio-kick-ioeventfd"), SampleRun.LIMITS, true);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertEquals(SampleRun.expected("virtio-kick-ioeventfd"), r.console.toString());
        List<ExitRecord> kicks = r.exits.stream().filter(e -> e.access() != null && e.access().address() == 0xC010).toList();
        assertEquals(3, kicks.size(), () -> notes(kicks));
        for (ExitRecord k : kicks) {
            assertNull(k.kvmExit());
            assertEquals(ExitPath.KERNEL_IOEVENTFD, k.path());
            assertEquals(VmxExitReason.IO_INSTRUCTION, k.reason());
            assertTrue(k.access().write());
            assertEquals(1, k.access().data()[0], "the queue index written");
            assertEquals("out dx, ax", k.instruction());
        }
        assertEquals(3, r.exits.stream().filter(e -> e.kvmExit() == null).count(), "nothing else is in-kernel here");
        assertCleanedUp(r.traceInstance);
    }

    @Test
    void theVcpuThreadIsFollowedWhenItIsNotTheOneThatTurnedTracingOn() throws Exception {
        List<ExitRecord> exits = new ArrayList<>();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("cpuid-msr"), (s, b) -> { }, "test")) {
            assertTrue(vcpu.setKernelTrace(true), vcpu.kernelTraceStatus());
            int setter = vcpu.kernelTrace().tid();
            Thread t = new Thread(() -> {
                VmmLoop loop = new VmmLoop(vcpu);
                loop.setListener(exits::add);
                HeadlessRun.run(loop, SampleRun.LIMITS);
            });
            t.start();
            t.join();
            assertNotEquals(setter, vcpu.kernelTrace().tid());
            assertTrue(vcpu.kernelTraceStatus().startsWith("on: "), vcpu.kernelTraceStatus());
        }
        assertEquals(4, exits.stream().filter(e -> e.kvmExit() == null).count());
    }

    @Test
    void turningTracingOffRemovesTheInstanceAtOnceAndTheVmRunsOn() throws Exception {
        StringBuffer console = new StringBuffer();
        List<ExitRecord> exits = new ArrayList<>();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("cpuid-msr"), (s, b) -> console.append((char) b), "test")) {
            assertTrue(vcpu.setKernelTrace(true), vcpu.kernelTraceStatus());
            Path instance = vcpu.kernelTrace().instance();
            VmmLoop loop = new VmmLoop(vcpu);
            loop.setListener(exits::add);
            while (exits.stream().noneMatch(e -> e.kvmExit() == null)) loop.step(1);
            assertTrue(Files.isDirectory(instance));
            vcpu.setKernelTrace(false);
            assertEquals("off: turned off", vcpu.kernelTraceStatus());
            assertFalse(Files.exists(instance), "instance removed when tracing is turned off");
            HeadlessRun.Result result = HeadlessRun.run(loop, SampleRun.LIMITS);
            assertEquals(RunOutcome.HALTED, result.outcome(), result.detail());
            assertCleanedUp(instance);
        }
        assertEquals(SampleRun.expected("cpuid-msr"), console.toString());
        assertEquals(1, exits.stream().filter(e -> e.kvmExit() == null).count(), "only the CPUID seen while tracing");
    }

    @Test
    void anInstanceLeftByADeadProcessIsRemovedByTheNextOpen() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = TRACEFS.resolve("instances").resolve("kvmwb-" + gone.pid() + "-0");
        withTracefs(() -> Files.createDirectory(stale)); // tracefs makes it an instance, which outlives the mount
        try (KernelTrace trace = KernelTrace.open(KernelTrace.currentTid())) {
            assertFalse(Files.exists(stale), "stale instance removed");
            assertTrue(Files.isDirectory(trace.instance()));
        } finally {
            withTracefs(() -> {
                if (Files.exists(stale)) Files.delete(stale);
            });
        }
        withTracefs(() -> assertFalse(Files.exists(stale)));
        assertEquals(mountedBefore, KernelTrace.tracefsMounted());
    }

    /** Off (the default), the backend does not look at tracefs: no mount, no instance. */
    @Test
    void offByDefaultTouchesNothingInTracefs() throws Exception {
        boolean mounted = KernelTrace.tracefsMounted();
        List<String> instances = instances();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("cpuid-msr"), (s, b) -> { }, "test")) {
            HeadlessRun.Result result = HeadlessRun.run(new VmmLoop(vcpu), SampleRun.LIMITS);
            assertEquals(RunOutcome.HALTED, result.outcome());
            assertEquals("off: not requested", vcpu.kernelTraceStatus());
            assertNull(vcpu.kernelTrace());
            assertEquals(mounted, KernelTrace.tracefsMounted());
            assertEquals(instances, instances());
        }
        assertEquals(mounted, KernelTrace.tracefsMounted());
    }

    /** tracefs mounted as before the tests, the instance gone, no kvm event enabled at the top level that was not. */
    private static void assertCleanedUp(Path instance) throws IOException {
        assertEquals(mountedBefore, KernelTrace.tracefsMounted(), "tracefs mounted (or not) as before");
        assertTrue(instance.startsWith(TRACEFS), instance.toString());
        withTracefs(() -> {
            assertFalse(Files.exists(instance), instance + " still exists");
            assertEquals(topLevelKvmEventsBefore, topLevelKvmEvents(), "kvm events enabled at the top level");
        });
    }

    private static List<String> topLevelKvmEvents() throws IOException {
        List<String> kvm = new ArrayList<>();
        withTracefs(() -> Files.readAllLines(TRACEFS.resolve("set_event")).stream()
                .filter(l -> l.startsWith("kvm:")).forEach(kvm::add));
        return kvm;
    }

    private static List<String> instances() throws IOException {
        if (!KernelTrace.tracefsMounted()) return List.of();
        try (Stream<Path> s = Files.list(TRACEFS.resolve("instances"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private interface Check {
        void run() throws IOException;
    }

    /** Runs {@code check} with tracefs mounted, mounting it just for that (and unmounting it after) if it is not. */
    private static void withTracefs(Check check) throws IOException {
        boolean mountHere = !KernelTrace.tracefsMounted();
        if (mountHere) LibC.mount("nodev", TRACEFS.toString(), "tracefs", 0, null);
        try {
            check.run();
        } finally {
            if (mountHere) LibC.umount2(TRACEFS.toString(), 0);
        }
    }

    private static String notes(List<ExitRecord> exits) {
        StringBuilder b = new StringBuilder();
        for (ExitRecord e : exits) b.append('\n').append(e.path()).append(": ").append(e.note().english());
        return b.toString();
    }
}
