package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.vmx.VmxExitReason;

class ExitStatsTest {
    @Test void countsEachReasonByWhereItWasFinished() {
        ExitStats s = new ExitStats();
        s.count(VmxExitReason.IO_INSTRUCTION, true);
        s.count(VmxExitReason.IO_INSTRUCTION, true);
        s.count(VmxExitReason.IO_INSTRUCTION, false);   // an ioeventfd doorbell
        s.count(VmxExitReason.CPUID, false);
        s.count(null, true);                            // a stop that is not a VM exit
        ExitStats copy = s.snapshot();
        for (ExitStats x : new ExitStats[] {s, copy}) {
            assertEquals(5, x.total());
            assertEquals(3, x.userspace());
            assertEquals(2, x.kernel());
            assertEquals(3, x.count(VmxExitReason.IO_INSTRUCTION));
            assertEquals(2, x.userspace(VmxExitReason.IO_INSTRUCTION));
            assertEquals(1, x.kernel(VmxExitReason.IO_INSTRUCTION));
            assertEquals(0, x.userspace(VmxExitReason.CPUID));
            assertEquals(1, x.kernel(VmxExitReason.CPUID));
            assertEquals(0, x.kernel(VmxExitReason.HLT));
        }
    }

    @Test void snapshotsTakenWhileTheWriterCountsAreConsistent() throws Exception {
        ExitStats s = new ExitStats();
        VmxExitReason[] reasons = {VmxExitReason.IO_INSTRUCTION, VmxExitReason.CPUID, VmxExitReason.HLT};
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            // paced like a fast VMM loop (an exit round trip takes ~100 ns at best): a writer that counts every few
            // nanoseconds leaves a seqlock reader no window at all, which no backend does
            for (long i = 0; !stop.get(); i++) {
                s.count(reasons[(int) (i % 3)], (i & 4) == 0);
                for (int k = 0; k < 20; k++) Thread.onSpinWait();
            }
        });
        writer.start();
        try {
            long torn = 0;
            for (int i = 0; i < 300_000; i++) {
                ExitStats c = s.snapshot();
                long byReason = 0, userspaceByReason = 0;
                for (VmxExitReason r : reasons) {
                    byReason += c.count(r);
                    userspaceByReason += c.userspace(r);
                }
                if (c.userspace() + c.kernel() != c.total() || byReason != c.total() || userspaceByReason != c.userspace()) {
                    torn++;
                }
            }
            assertEquals(0, torn, "torn snapshots");
            assertTrue(s.snapshot().total() > 0, "the writer ran");
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test void clearZeroesEveryCount() {
        ExitStats s = new ExitStats();
        s.count(VmxExitReason.IO_INSTRUCTION, true);
        s.count(VmxExitReason.CPUID, false);
        s.clear();
        ExitStats c = s.snapshot();
        assertEquals(0, c.total());
        assertEquals(0, c.userspace());
        assertEquals(0, c.kernel());
        assertEquals(0, c.count(VmxExitReason.IO_INSTRUCTION));
        assertEquals("none", c.summary());
    }
}
