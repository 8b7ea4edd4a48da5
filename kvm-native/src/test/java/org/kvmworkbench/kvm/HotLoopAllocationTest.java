package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.kvm.KvmExitReason;

/** The exit loop (run, decode kvm_run into the reused VcpuExit, resume) allocates nothing per exit. */
class HotLoopAllocationTest {
    private static final int WARM_UP = 30_000, MEASURED = 20_000;

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @Test
    void userspacePioExitsAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(ByteGuest.config("out-loop", ByteGuest.outLoop(WARM_UP + 3 * MEASURED)),
                (s, b) -> { }, "test")) {
            exits(vcpu, WARM_UP);
            // the least of three rounds: a JIT deoptimisation can materialise a few objects once (tens to hundreds of bytes);
            // an allocation per exit would show in every round, as at least one byte per exit
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 3 && allocated != 0; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                exits(vcpu, MEASURED);
                allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            }
            assertEquals(0, allocated, "bytes allocated over " + MEASURED + " exits");
        }
    }

    private static void exits(KvmVcpuBackend vcpu, int n) {
        for (int i = 0; i < n; i++) {
            VcpuExit e = vcpu.run(1);
            assertNotNull(e);
            if (e.kvmExit != KvmExitReason.IO) throw new AssertionError("unexpected " + e.kvmExit);
            vcpu.resume(e);
        }
    }
}
