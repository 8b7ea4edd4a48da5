package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.Vmcs;

/**
 * The simulator's exit round trip (guest OUT to the UART's THR → VM exit → VMCS written → device → VM entry)
 * allocates nothing, as the KVM backend's HotLoopAllocationTest checks for the real exit loop.
 */
class ExitLoopAllocationTest {
    private static final int WARM_UP = 200_000, MEASURED = 100_000;

    @Test
    void uartExitRoundTripsAllocateNothing() throws Exception {
        long[] transmitted = new long[1];
        VmmLoop loop = SimulatorBench.open(Workload.UART_EXITS, (source, b) -> transmitted[0]++).loop();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        exits(loop, WARM_UP);
        // the least of three rounds: a JIT deoptimisation can materialise a few objects once (tens to hundreds of bytes);
        // an allocation per exit would show in every round, as at least one byte per exit
        long allocated = Long.MAX_VALUE;
        int rounds = 0;
        while (rounds < 3 && allocated != 0) {
            long before = threads.getThreadAllocatedBytes(thread);
            exits(loop, MEASURED);
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            rounds++;
        }

        assertEquals(WARM_UP + (long) rounds * MEASURED, transmitted[0], "every exit reached the UART");
        assertEquals(0, allocated, "bytes allocated over " + MEASURED + " exits (" + (double) allocated / MEASURED + " per exit)");
    }

    /** A GUI-like reader copying the VMCS all the time makes the writer publish copies: still nothing allocated. */
    @Test
    void aConcurrentVmcsReaderCostsTheWriterNoAllocation() throws Exception {
        SimulatorBench b = SimulatorBench.open(Workload.UART_EXITS);
        VmmLoop loop = b.loop();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong copies = new AtomicLong();
        Thread reader = new Thread(() -> {
            Vmcs.Copy c = new Vmcs.Copy();
            while (!stop.get()) if (b.vcpu().vmcs().readInto(c)) copies.incrementAndGet();
        }, "vmcs-reader");
        reader.start();
        try {
            exits(loop, WARM_UP);
            // the least of three rounds, as above: a one-off deoptimisation (392 B once in CI) is not an allocation per exit
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 3 && allocated != 0; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                exits(loop, MEASURED);
                allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            }
            assertEquals(0, allocated, "bytes allocated by the vCPU thread over " + MEASURED + " exits");
        } finally {
            stop.set(true);
            reader.join(30_000);
        }
        assertTrue(copies.get() > 0, "the reader got copies");
    }

    private static void exits(VmmLoop loop, int n) {
        for (int i = 0; i < n; i++) {
            if (loop.step(1000) != VmmLoop.Step.EXIT) throw new AssertionError("expected an exit, got none at " + i);
        }
    }
}
