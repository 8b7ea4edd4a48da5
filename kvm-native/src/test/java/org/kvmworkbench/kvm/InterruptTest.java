package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.ExitDispatcher;
import org.kvmworkbench.core.backend.VcpuExit;

class InterruptTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /** runaway-loop spins in one KVM_RUN forever; interrupt() from another thread must end that run within 1 s. */
    @Test
    void interruptStopsAGuestSpinningInsideKvmRun() throws Exception {
        StringBuffer console = new StringBuffer();
        String line = SampleRun.expected("runaway-loop");
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("runaway-loop"), (s, b) -> console.append((char) b),
                "test")) {
            CompletableFuture<Long> returnedAt = CompletableFuture.supplyAsync(() -> {
                ExitDispatcher dispatcher = new ExitDispatcher();
                for (;;) {
                    VcpuExit e = vcpu.run(1);
                    if (e == null) return System.nanoTime();
                    dispatcher.dispatch(e, vcpu.machine());
                    vcpu.resume(e);
                }
            });
            while (console.length() < line.length()) Thread.sleep(1);
            Thread.sleep(200); // now it spins in jmp $ without exits
            assertTrue(!returnedAt.isDone(), "KVM_RUN must not return by itself");
            long asked = System.nanoTime();
            vcpu.interrupt();
            long latency = returnedAt.get(1, TimeUnit.SECONDS) - asked;
            assertTrue(latency < 1_000_000_000L, "latency " + latency + " ns");
            System.out.printf("interrupt latency: %.3f ms%n", latency / 1e6);
            assertEquals(line, console.toString());
            long jmp = vcpu.registers().rip();
            assertEquals(0xEB, vcpu.machine().memory().read8(jmp), "stopped at the jmp $");
            assertEquals(0xFE, vcpu.machine().memory().read8(jmp + 1));
        }
    }

    /** An interrupt while no KVM_RUN is in progress makes the next one return at once, and only that one. */
    @Test
    void interruptBetweenRunsEndsTheNextRunOnly() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("hello-serial"), (s, b) -> { }, "test")) {
            vcpu.interrupt();
            long rip = vcpu.registers().rip();
            assertNull(vcpu.run(1));
            assertEquals(rip, vcpu.registers().rip(), "the guest did not run");
            VcpuExit e = vcpu.run(1);
            assertEquals(0x3F9, e.address);
        }
    }

    /** Closing from another thread while the guest spins: close() kicks the vCPU out and waits for it to leave. */
    @Test
    void closeFromAnotherThreadWaitsForTheRunningVcpu() throws Exception {
        StringBuffer console = new StringBuffer();
        KvmVcpuBackend vcpu = new KvmVcpuBackend(SampleRun.config("runaway-loop"), (s, b) -> console.append((char) b),
                "test");
        CompletableFuture<String> vcpuThread = CompletableFuture.supplyAsync(() -> {
            ExitDispatcher dispatcher = new ExitDispatcher();
            try {
                for (;;) {
                    VcpuExit e = vcpu.run(1);
                    if (e == null) continue; // interrupted: go on, as a VMM loop would
                    dispatcher.dispatch(e, vcpu.machine());
                    vcpu.resume(e);
                }
            } catch (IllegalStateException closed) {
                return closed.getMessage();
            }
        });
        while (console.length() < SampleRun.expected("runaway-loop").length()) Thread.sleep(1);
        Thread.sleep(50);
        vcpu.close();
        assertEquals("vCPU closed", vcpuThread.get(1, TimeUnit.SECONDS));
    }
}
