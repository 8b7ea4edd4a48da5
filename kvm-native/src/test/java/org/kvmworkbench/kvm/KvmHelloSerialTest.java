package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;

class KvmHelloSerialTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @Test
    void helloSerialPrintsTheGreetingThroughUserspaceIoExits() throws Exception {
        SampleRun r = SampleRun.onKvm("hello-serial", SampleRun.LIMITS);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertEquals(SampleRun.expected("hello-serial"), r.console.toString());

        List<ExitRecord> thr = r.exits.stream()
                .filter(e -> e.access() != null && e.access().address() == 0x3F8 && e.access().write())
                .collect(Collectors.toList());
        String greeting = "Hello from the guest via the 16550 UART!\r\n";
        List<ExitRecord> bytes = thr.subList(thr.size() - greeting.length(), thr.size());
        for (int i = 0; i < greeting.length(); i++) {
            ExitRecord e = bytes.get(i);
            assertEquals(KvmExitReason.IO, e.kvmExit());
            assertEquals(VmxExitReason.IO_INSTRUCTION, e.reason());
            assertEquals(ExitPath.USERSPACE_PIO, e.path());
            assertEquals(greeting.charAt(i), e.access().value());
            IoExitQualification q = IoExitQualification.decode(e.qualification());
            assertEquals(0x3F8, q.port());
            assertEquals(1, q.size());
            assertEquals(0x03F8_0000L, e.qualification()); // OUT DX, AL
            assertEquals(1, e.instructionLength());
            assertTrue(e.measuredNanos() > 0);
        }
        assertEquals(91, r.exits.stream().filter(e -> e.kvmExit() == KvmExitReason.IO).count());
        ExitRecord last = r.exits.get(r.exits.size() - 1);
        assertEquals(KvmExitReason.HLT, last.kvmExit());
        assertEquals(0, last.regs().rflags() & (1 << 9));
    }
}
