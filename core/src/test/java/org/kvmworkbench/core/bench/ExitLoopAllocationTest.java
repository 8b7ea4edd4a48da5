package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.UartConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * The simulator's exit round trip (guest OUT to the UART's THR → VM exit → VMCS written → device → VM entry)
 * allocates nothing, as the KVM backend's HotLoopAllocationTest checks for the real exit loop.
 */
class ExitLoopAllocationTest {
    private static final int WARM_UP = 200_000, MEASURED = 100_000;
    /** mov dx,0x3F8; l: out dx,al; jmp l */
    private static final byte[] UART_OUT_LOOP = {(byte) 0xBA, (byte) 0xF8, 0x03, (byte) 0xEE, (byte) 0xEB, (byte) 0xFD};

    @Test
    void uartExitRoundTripsAllocateNothing(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("out.bin"), UART_OUT_LOOP);
        VmConfig c = new VmConfig("out", null, 64 * 1024, BackendChoice.SIMULATED, "out.bin", 0x1000, new Entry(0, 0x1000),
                List.of(UartConfig.defaults()), Controls.defaults(), KvmOptions.defaults(), dir);
        long[] transmitted = new long[1];
        VmmLoop loop = new VmmLoop(new SimulatedVcpu(c, (source, b) -> transmitted[0]++, "test"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        exits(loop, WARM_UP);
        long before = threads.getThreadAllocatedBytes(thread);
        exits(loop, MEASURED);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(WARM_UP + MEASURED, transmitted[0], "every exit reached the UART");
        assertEquals(0, allocated, "bytes allocated over " + MEASURED + " exits (" + (double) allocated / MEASURED + " per exit)");
    }

    private static void exits(VmmLoop loop, int n) {
        for (int i = 0; i < n; i++) {
            if (loop.step(1000) != VmmLoop.Step.EXIT) throw new AssertionError("expected an exit, got none at " + i);
        }
    }
}
