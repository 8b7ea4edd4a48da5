package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.vmx.EptViolationQualification;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** Exits no sample makes: string I/O and MMIO, on KVM and on the simulator. */
class SyntheticGuestsTest {
    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    /**
     * {@code rep insb} 5 bytes from the UART, {@code rep outsb} them to the debug console, then one plain
     * {@code outsb}: string exits, expanded element by element, with the string and REP qualification bits.
     */
    @Test
    void stringIoMatchesTheSimulator() throws Exception {
        byte[] code = ByteGuest.bytes(
                0x31, 0xC0, 0x8E, 0xD8, 0x8E, 0xC0, 0xFC, // xor ax, ax; mov ds, ax; mov es, ax; cld
                0xBF, 0x00, 0x20, 0xBA, 0xF8, 0x03, 0xB9, 0x05, 0x00, // mov di, 0x2000; mov dx, 0x3f8; mov cx, 5
                0xF3, 0x6C,                                // rep insb
                0xBE, 0x00, 0x20, 0xBA, 0xE9, 0x00, 0xB9, 0x05, 0x00, // mov si, 0x2000; mov dx, 0xe9; mov cx, 5
                0xF3, 0x6E,                                // rep outsb
                0xBE, 0x00, 0x20, 0x6E,                    // mov si, 0x2000; outsb
                0xFA, 0xF4);                               // cli; hlt
        VmConfig config = ByteGuest.withConsoles("string-io", code, "hello");
        SampleRun sim = SampleRun.onSimulator(config, SampleRun.LIMITS);
        SampleRun kvm = SampleRun.onKvm(config, SampleRun.LIMITS);
        assertEquals(RunOutcome.HALTED, kvm.result.outcome(), kvm.result.detail());
        assertEquals("helloh", kvm.console.toString());
        assertEquals(sim.console.toString(), kvm.console.toString());
        assertEquals(DifferentialSamplesTest.events(sim, e -> true), DifferentialSamplesTest.events(kvm, e -> true));
        List<ExitRecord> strings = kvm.exits.stream().filter(e -> e.access() != null).collect(Collectors.toList());
        IoExitQualification first = IoExitQualification.decode(strings.get(0).qualification());
        assertEquals(new IoExitQualification(1, true, true, true, false, 0x3F8), first);
        IoExitQualification last = IoExitQualification.decode(strings.get(strings.size() - 1).qualification());
        assertEquals(new IoExitQualification(1, false, true, false, false, 0xE9), last);
    }

    /**
     * A byte written to and read from guest-physical 0x20000, past the 64 KiB of RAM: KVM_EXIT_MMIO, reported as an
     * EPT violation on the page's first exit and an EPT misconfiguration after (derived), and the value the VMM
     * answers reaches the guest.
     */
    @Test
    void mmioWriteThenReadAnsweredByTheVmm() throws Exception {
        byte[] code = ByteGuest.bytes(
                0xB8, 0x00, 0x20, 0x8E, 0xD8,              // mov ax, 0x2000; mov ds, ax
                0xB0, 0xA5, 0xA2, 0x00, 0x00,              // mov al, 0xa5; mov [0], al
                0xA0, 0x04, 0x00,                          // mov al, [4]
                0xE6, 0x10,                                // out 0x10, al
                0xF4);                                     // hlt
        VmConfig config = ByteGuest.config("mmio", code);
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (s, b) -> { }, "test")) {
            VcpuExit write = vcpu.run(1);
            assertEquals(KvmExitReason.MMIO, write.kvmExit);
            assertEquals(new Access(Access.Kind.MMIO, 0x20000, 1, true, 1, new long[] {0xA5}), write.access());
            assertEquals(VmxExitReason.EPT_VIOLATION, write.reason);
            assertEquals(EptViolationQualification.unmappedAccess(true).encode(), write.qualification);
            assertEquals(0x20000, write.guestPhysical);
            vcpu.resume(write);
            VcpuExit read = vcpu.run(1);
            assertEquals(new Access(Access.Kind.MMIO, 0x20004, 1, false, 1, new long[] {read.data[0]}), read.access());
            assertEquals(VmxExitReason.EPT_MISCONFIG, read.reason, "second exit on the page");
            read.data[0] = 0x5A;
            vcpu.resume(read);
            VcpuExit out = vcpu.run(1);
            assertEquals(KvmExitReason.IO, out.kvmExit);
            assertEquals(0x5A, out.data[0], "the guest got the VMM's answer in AL");
        }
        SampleRun sim = SampleRun.onSimulator(config, SampleRun.LIMITS);
        SampleRun kvm = SampleRun.onKvm(config, SampleRun.LIMITS);
        assertEquals(DifferentialSamplesTest.events(sim, e -> true), DifferentialSamplesTest.events(kvm, e -> true));
        assertEquals(List.of(VmxExitReason.EPT_VIOLATION, VmxExitReason.EPT_MISCONFIG), kvm.exits.stream()
                .filter(e -> e.kvmExit() == KvmExitReason.MMIO).map(ExitRecord::reason).collect(Collectors.toList()));
    }
}
