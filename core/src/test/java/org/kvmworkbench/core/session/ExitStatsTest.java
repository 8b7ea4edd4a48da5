package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
