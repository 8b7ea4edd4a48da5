package org.kvmworkbench.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.Backends;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.VmmLoop;

/** Recording the devices at an exit that touched the UART (a polling guest's every exit) allocates nothing. */
class DeviceHistoryAllocationTest {
    private static final int WARM_UP = 100_000, MEASURED = 100_000;

    @Test
    void uartExitsAreRecordedWithoutAllocating() throws Exception {
        // echo polls the UART's line status register forever: every exit is an IN from 0x3FD
        Vcpu vcpu = Backends.open(ConfigLoader.load(Path.of("..", "samples", "echo.yaml")), BackendChoice.SIMULATED,
                new ConsoleBuffer());
        List<ExitRecord> polls = new ArrayList<>();
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(polls::add);
        for (int i = 0; i < 200; i++) loop.step(1_000_000);
        polls.removeIf(r -> r.access() == null || r.access().address() != 0x3FD);
        assertTrue(polls.size() > 32, "the guest polls: " + polls.size());
        DeviceHistory history = new DeviceHistory(vcpu.machine(), 5000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        for (int i = 0; i < WARM_UP; i++) history.onExit(polls.get(i % polls.size()));
        // the least of three rounds: a JIT deoptimisation in a round can materialise a few objects once (tens of
        // bytes), while an allocation per exit would show in every round as at least MEASURED bytes
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3 && allocated != 0; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < MEASURED; i++) history.onExit(polls.get(i % polls.size()));
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }

        assertEquals(0, allocated, "bytes allocated over " + MEASURED + " exits (" + (double) allocated / MEASURED + " per exit)");
        ExitRecord last = polls.get((MEASURED - 1) % polls.size());
        assertEquals(0x60, history.at(last.seq()).state().devices().get(0).register("LSR").value(),
                "and the state was recorded: THR empty, no byte waiting");
    }
}
