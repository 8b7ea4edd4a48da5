package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.kvm.ReturnPathBench.Completion;
import org.kvmworkbench.kvm.ReturnPathBench.Doorbell;
import org.kvmworkbench.kvm.ReturnPathBench.Mode;
import org.kvmworkbench.kvm.ReturnPathBench.Result;

/** Counts, not times: which system calls and userspace exits each way of reaching the device and back costs. */
class ReturnPathBenchTest {
    private static final int REQUESTS = 200;

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
        String why = ReturnPathBench.unsupportedReason();
        assumeTrue(why == null, "return-path bench needs: " + why);
    }

    private static Result run(Doorbell d, boolean ioeventfd, Completion c) {
        Result r = ReturnPathBench.run(new Mode(d, ioeventfd, c), REQUESTS);
        System.out.printf("%-50s %-28s exits/req %.2f syscalls/req %.2f %.2f µs%n", r.mode().doorbellLabel(),
                r.mode().completionLabel(), r.exitsPerRequest(), r.systemCallsPerRequest(), r.microsPerRequest());
        return r;
    }

    /** Doorbell served in userspace, completion by KVM_IRQ_LINE: one exit and three system calls per request. */
    @Test
    void pioDoorbellWithIrqLineCostsOneExitAndTwoIoctls() {
        Result r = run(Doorbell.PIO, false, Completion.IRQ_LINE);
        assertEquals(REQUESTS + 1, r.kvmRunReturns(), "one KVM_RUN return per doorbell, plus the finish");
        assertEquals(2L * REQUESTS, r.irqLineIoctls(), "raise and lower: two KVM_IRQ_LINE per edge");
        assertEquals(0, r.eventfdReads() + r.eventfdWrites());
    }

    @Test
    void mmioDoorbellWithIrqfdCostsOneExitAndOneWrite() {
        Result r = run(Doorbell.MMIO, false, Completion.IRQFD);
        assertEquals(REQUESTS + 1, r.kvmRunReturns());
        assertEquals(REQUESTS, r.eventfdWrites(), "one write(2) per edge: the kernel pulses the line");
        assertEquals(0, r.irqLineIoctls());
    }

    /** ioeventfd + irqfd: the vCPU never leaves KVM_RUN until the end; the device thread does read + write. */
    @Test
    void ioeventfdAndIrqfdLeaveNoUserspaceExit() {
        Result r = run(Doorbell.PIO, true, Completion.IRQFD);
        assertEquals(1, r.kvmRunReturns(), "only the guest's final OUT returns to userspace");
        assertEquals(REQUESTS, r.eventfdWrites());
        assertEquals(REQUESTS, r.eventfdReads(), "the guest waits for each completion, so no kicks coalesce");
    }

    @Test
    void mmioIoeventfdWithIrqLine() {
        Result r = run(Doorbell.MMIO, true, Completion.IRQ_LINE);
        assertEquals(1, r.kvmRunReturns());
        assertEquals(2L * REQUESTS, r.irqLineIoctls());
        assertEquals(REQUESTS, r.eventfdReads());
    }

    /** The passthrough-style doorbell is a store to a memory slot: no exit of any kind reaches userspace. */
    @Test
    void passthroughDoorbellHasZeroUserspaceExits() {
        Result r = run(Doorbell.PASSTHROUGH, false, Completion.IRQFD);
        assertEquals(1, r.kvmRunReturns(), "zero userspace exits for " + REQUESTS + " doorbells");
        assertEquals(REQUESTS, r.eventfdWrites());
        assertEquals(0, r.eventfdReads() + r.irqLineIoctls());
    }

    /** Polling both ways: not a single system call per request. */
    @Test
    void passthroughWithPollingNeedsNoSystemCall() {
        Result r = run(Doorbell.PASSTHROUGH, false, Completion.GUEST_POLLS);
        assertEquals(1, r.kvmRunReturns());
        assertEquals(0, r.systemCalls());
    }
}
