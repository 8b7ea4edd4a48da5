package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.kvm.sys.LinkerIoctl;

/**
 * KVM_RUN through the JDK's foreign linker ({@link LinkerIoctl}): in a JVM started without the incubator module the
 * backend uses JNA; in one started with it (a child JVM, as this test's own has no such flags) the exit loop runs
 * through the linker, decodes every exit as before, allocates nothing per exit, and an interrupt still ends a run
 * (the failed call is repeated through JNA to learn EINTR).
 */
class LinkerKvmRunTest {
    private static final int WARM_UP = 30_000, MEASURED = 20_000;

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @Test
    void withoutTheIncubatorModuleJnaRunsKvmRun() {
        assertFalse(LinkerIoctl.AVAILABLE, "this JVM was started without --add-modules jdk.incubator.foreign");
    }

    @Test
    void exitLoopThroughTheLinker() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.foreign",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LinkerKvmRunTest.class.getName())).redirectErrorStream(true).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS); // a bound, not a timing: the loop takes about a second
        if (!ended) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "child JVM did not finish: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("linker exit loop: ok"), out);
    }

    /** The child JVM's part; exits non-zero with the reason on failure. */
    public static void main(String[] args) throws Exception {
        try {
            childChecks();
            System.out.println("linker exit loop: ok");
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void childChecks() throws Exception {
        assertTrue(LinkerIoctl.AVAILABLE, "the foreign linker is usable in a JVM with the flags");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(ByteGuest.config("out-loop",
                ByteGuest.outLoop(WARM_UP + 3 * MEASURED + 1)), (s, b) -> { }, "test")) {
            exits(vcpu, WARM_UP);
            long allocated = Long.MAX_VALUE; // the least of three rounds, as HotLoopAllocationTest
            for (int round = 0; round < 3 && allocated != 0; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                exits(vcpu, MEASURED);
                allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            }
            assertEquals(0, allocated, "bytes allocated over " + MEASURED + " exits");
            vcpu.interrupt();
            assertNull(vcpu.run(1), "an interrupted run ends without an exit");
            exits(vcpu, 1);
        }
    }

    private static void exits(KvmVcpuBackend vcpu, int n) {
        for (int i = 0; i < n; i++) {
            VcpuExit e = vcpu.run(1);
            assertNotNull(e);
            if (e.kvmExit != KvmExitReason.IO || e.address != 0x10 || !e.write || e.size != 1) {
                throw new AssertionError("unexpected exit " + e.kvmExit + " at port " + e.address);
            }
            vcpu.resume(e);
        }
    }
}
