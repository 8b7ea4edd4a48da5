package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;

class VmcsHistoryTest {

    private static Session open(String sample, int ring) throws Exception {
        SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(SampleRunner.SAMPLES.resolve(sample + ".yaml")),
                (s, b) -> { }, "test");
        return new Session(new VmmLoop(vcpu), ring);
    }

    private static void awaitFinished(Session s) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (s.state() != Session.State.FINISHED) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(2);
        }
    }

    @Test
    void everyHeldExitKeepsItsOwnVmcsAndOlderOnesAreGone() throws Exception {
        try (Session s = open("hello-serial", 16)) {
            s.run();
            awaitFinished(s);
            List<ExitRecord> held = s.ring().snapshot();
            assertEquals(16, held.size());
            Set<Long> qualifications = new HashSet<>();
            for (ExitRecord r : held) {
                Vmcs.Snapshot v = s.vmcsHistory().at(r.seq());
                assertNotNull(v, "exit #" + r.seq());
                assertEquals(r.reason().number(), v.value(VmcsField.VM_EXIT_REASON), "exit #" + r.seq());
                assertEquals(r.qualification(), v.value(VmcsField.EXIT_QUALIFICATION), "exit #" + r.seq());
                assertEquals(r.regs().rip(), v.value(VmcsField.GUEST_RIP), "exit #" + r.seq());
                qualifications.add(r.qualification());
            }
            assertTrue(qualifications.size() > 1, "the exits differ (THR writes, LSR reads), and so do their records");
            assertNull(s.vmcsHistory().at(held.get(0).seq() - 1), "an exit the ring no longer holds has no VMCS either");
        }
    }

    @Test
    void recordingAnExitAllocatesNothing() {
        Vmcs vmcs = new Vmcs(org.kvmworkbench.core.vmx.Provenance.MODELED);
        VmcsHistory h = new VmcsHistory(64);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) record(vmcs, h, i); // warm: the JIT's own first steps may allocate
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) record(vmcs, h, i);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 10_000, allocated + " bytes for 10000 exits");
        assertEquals(9_999 % 1000, h.at(9_999).value(VmcsField.EXIT_QUALIFICATION));
    }

    private static void record(Vmcs vmcs, VmcsHistory h, long seq) {
        vmcs.beginExit();
        vmcs.set(VmcsField.EXIT_QUALIFICATION, seq % 1000);
        h.record(seq, vmcs);
    }

    @Test
    void resetForgetsTheRecordedVmcs() throws Exception {
        try (Session s = open("hello-serial", 16)) {
            s.stepExit();
            long end = System.nanoTime() + 10_000_000_000L;
            while (s.ring().totalWritten() < 1 || s.state() != Session.State.PAUSED) {
                if (System.nanoTime() > end) throw new AssertionError("timed out");
                Thread.sleep(2);
            }
            assertNotNull(s.vmcsHistory().at(1));
            s.reset();
            while (s.epoch() < 1) {
                if (System.nanoTime() > end) throw new AssertionError("timed out");
                Thread.sleep(2);
            }
            assertNull(s.vmcsHistory().at(1));
        }
    }
}
