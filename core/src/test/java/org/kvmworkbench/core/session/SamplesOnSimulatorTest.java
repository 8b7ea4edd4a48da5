package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;

class SamplesOnSimulatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello-serial", "echo-scripted", "cpuid-msr", "virtio-kick", "virtio-kick-ioeventfd", "hlt-loop",
            "mmio-probe", "virtio-mmio-kick", "virtio-mmio-kick-ioeventfd", "cr-access"})
    void sampleHaltsWithExpectedConsole(String name) throws Exception {
        SampleRunner r = new SampleRunner(name);
        assertEquals(RunOutcome.HALTED, r.result.outcome(), r.result.detail());
        assertEquals(SampleRunner.expected(name), r.console.toString());
    }

    @Test
    void helloSerialExitsAreDecodedUartWrites() throws Exception {
        SampleRunner r = new SampleRunner("hello-serial");
        List<ExitRecord> thrWrites = r.exits.stream()
                .filter(e -> e.access() != null && e.access().address() == 0x3F8 && e.access().write())
                .collect(Collectors.toList());
        String greeting = "Hello from the guest via the 16550 UART!\r\n";
        // the first two writes to 0x3F8 are the divisor latch (DLAB set), then one per greeting byte
        List<ExitRecord> bytes = thrWrites.subList(thrWrites.size() - greeting.length(), thrWrites.size());
        for (int i = 0; i < greeting.length(); i++) {
            ExitRecord e = bytes.get(i);
            assertEquals(VmxExitReason.IO_INSTRUCTION, e.reason());
            assertEquals(KvmExitReason.IO, e.kvmExit());
            assertEquals(ExitPath.USERSPACE_PIO, e.path());
            assertEquals(greeting.charAt(i), e.access().value());
            IoExitQualification q = IoExitQualification.decode(e.qualification());
            assertEquals(0x3F8, q.port());
            assertEquals(1, q.size());
            assertFalse(q.in());
            assertFalse(q.string());
            // OUT DX, AL: DX encoding, bits 2:0 = 0, bit 3 = 0, bits 31:16 = 0x3F8
            assertEquals(0x03F8_0000L, e.qualification());
        }
        ExitRecord last = r.exits.get(r.exits.size() - 1);
        assertEquals(VmxExitReason.HLT, last.reason());
        assertEquals(KvmExitReason.HLT, last.kvmExit());
    }

    @Test
    void lsrPollsAreInExitsWithDirectionBit() throws Exception {
        SampleRunner r = new SampleRunner("hello-serial");
        ExitRecord poll = r.exits.stream().filter(e -> e.access() != null && e.access().address() == 0x3FD)
                .findFirst().orElseThrow();
        assertFalse(poll.access().write());
        assertEquals(0x03FD_0008L, poll.qualification()); // IN AL, DX: direction bit 3 set
        assertTrue((poll.access().value() & 0x20) != 0, "THR empty");
    }

    @Test
    void cpuidAndMsrAreFinishedInTheKernel() throws Exception {
        SampleRunner r = new SampleRunner("cpuid-msr");
        List<ExitRecord> kernel = r.exits.stream().filter(e -> e.kvmExit() == null).collect(Collectors.toList());
        assertEquals(List.of(VmxExitReason.CPUID, VmxExitReason.CPUID, VmxExitReason.MSR_WRITE, VmxExitReason.MSR_READ),
                kernel.stream().map(ExitRecord::reason).collect(Collectors.toList()));
        assertTrue(kernel.get(0).note().english().contains("KVMKVMKVM"), kernel.get(0).note().english());
        assertEquals(ExitPath.KERNEL_CPUID, kernel.get(0).path());
        assertEquals(2, kernel.get(0).instructionLength());
        assertEquals(4, r.result.stats().kernel());
    }

    /**
     * cr-access: only the writes that change a bit KVM owns exit (28), each MOV DR only when it is the first since the
     * last exit (29); all six are finished in the kernel, with the SDM's qualifications and the SVM codes.
     */
    @Test
    void controlAndDebugRegisterAccessesExitAsUnderKvm() throws Exception {
        SampleRunner r = new SampleRunner("cr-access");
        List<ExitRecord> kernel = r.exits.stream().filter(e -> e.kvmExit() == null).collect(Collectors.toList());
        assertEquals(List.of("mov cr0, eax", "lmsw ax", "lmsw [0x10f5]", "mov cr4, eax", "mov eax, dr7", "mov eax, dr6"),
                kernel.stream().map(ExitRecord::instruction).collect(Collectors.toList()));
        assertEquals(List.of(ExitPath.KERNEL_CR_ACCESS, ExitPath.KERNEL_CR_ACCESS, ExitPath.KERNEL_CR_ACCESS,
                ExitPath.KERNEL_CR_ACCESS, ExitPath.KERNEL_DR_ACCESS, ExitPath.KERNEL_DR_ACCESS),
                kernel.stream().map(ExitRecord::path).collect(Collectors.toList()));
        // SDM Vol. 3C §28.2.1: CR number 3:0, access type 5:4, LMSW memory 6, GPR 11:8, LMSW source 31:16
        assertEquals(List.of(0x0L, 0x0010_0030L, 0x0012_0070L, 0x4L, 0x17L, 0x16L),
                kernel.stream().map(ExitRecord::qualification).collect(Collectors.toList()));
        assertEquals(List.of("SVM_EXIT_WRITE_CR0 (0x010)", "SVM_EXIT_WRITE_CR0 (0x010)", "SVM_EXIT_WRITE_CR0 (0x010)",
                "SVM_EXIT_WRITE_CR4 (0x014)", "SVM_EXIT_READ_DR7 (0x027)", "SVM_EXIT_READ_DR6 (0x026)"),
                kernel.stream().map(ExitRecord::svm).collect(Collectors.toList()));
        assertEquals(28, kernel.get(0).reason().number());
        assertEquals(29, kernel.get(4).reason().number());
        assertTrue(kernel.get(0).note().english().contains("0x60000010 → 0x60000012"), kernel.get(0).note().english());
        assertTrue(kernel.get(2).note().english().contains("memory operand"), kernel.get(2).note().english());
        // the MOV back to DR7 came right after the exit of the MOV from DR7: no exit of its own
        int dr7 = r.exits.indexOf(kernel.get(4));
        assertEquals(VmxExitReason.IO_INSTRUCTION, r.exits.get(dr7 + 1).reason());
        assertEquals(6, r.result.stats().kernel());
    }

    @Test
    void virtioKickIsOneDoorbellWritePerKick() throws Exception {
        SampleRunner plain = new SampleRunner("virtio-kick");
        List<ExitRecord> kicks = plain.exits.stream()
                .filter(e -> e.access() != null && e.access().address() == 0xC010 && e.access().write())
                .collect(Collectors.toList());
        assertEquals(3, kicks.size());
        for (ExitRecord k : kicks) {
            assertEquals(KvmExitReason.IO, k.kvmExit());
            assertEquals(2, k.access().size());
            assertEquals(1, k.access().value()); // queue 1: transmitq
        }
        SampleRunner eventfd = new SampleRunner("virtio-kick-ioeventfd");
        List<ExitRecord> kernelKicks = eventfd.exits.stream().filter(e -> e.path() == ExitPath.KERNEL_IOEVENTFD)
                .collect(Collectors.toList());
        assertEquals(3, kernelKicks.size());
        kernelKicks.forEach(k -> assertNull(k.kvmExit()));
        assertEquals(plain.result.stats().userspace() - 3, eventfd.result.stats().userspace());
    }

    @Test
    void mmioProbeReadsTheIdRegistersThroughEptExits() throws Exception {
        SampleRunner r = new SampleRunner("mmio-probe");
        List<ExitRecord> mmio = r.exits.stream().filter(e -> e.access() != null
                && e.access().kind() == Access.Kind.MMIO).collect(Collectors.toList());
        assertEquals(3, mmio.size());
        long[] gpas = {0xD0000, 0xD0004, 0xD0008};
        long[] values = {0x74726976L, 1, 3};
        for (int i = 0; i < 3; i++) {
            ExitRecord e = mmio.get(i);
            assertEquals(i == 0 ? VmxExitReason.EPT_VIOLATION : VmxExitReason.EPT_MISCONFIG, e.reason(), "read " + i);
            assertEquals(i == 0 ? 48 : 49, e.reason().number());
            assertEquals(KvmExitReason.MMIO, e.kvmExit());
            assertEquals(ExitPath.USERSPACE_MMIO, e.path());
            assertEquals(gpas[i], e.access().address());
            assertEquals(4, e.access().size());
            assertFalse(e.access().write());
            assertEquals(values[i], e.access().value());
        }
    }

    @Test
    void virtioMmioKickIsOneQueueNotifyStorePerKick() throws Exception {
        SampleRunner plain = new SampleRunner("virtio-mmio-kick");
        List<ExitRecord> mmio = plain.exits.stream().filter(e -> e.access() != null
                && e.access().kind() == Access.Kind.MMIO).collect(Collectors.toList());
        assertEquals(VmxExitReason.EPT_VIOLATION, mmio.get(0).reason());
        mmio.subList(1, mmio.size()).forEach(e -> assertEquals(VmxExitReason.EPT_MISCONFIG, e.reason()));
        List<ExitRecord> kicks = mmio.stream().filter(e -> e.access().address() == 0xD0050 && e.access().write())
                .collect(Collectors.toList());
        assertEquals(3, kicks.size());
        for (ExitRecord k : kicks) {
            assertEquals(KvmExitReason.MMIO, k.kvmExit());
            assertEquals(4, k.access().size());
            assertEquals(1, k.access().value());
        }
        assertEquals(0, plain.exits.stream().filter(e -> e.access() != null && e.access().address() == 0xC010).count());

        SampleRunner eventfd = new SampleRunner("virtio-mmio-kick-ioeventfd");
        // an MMIO ioeventfd has its own path (handle_ept_misconfig → MMIO bus), not the port-I/O doorbell's
        assertEquals(0, eventfd.exits.stream().filter(e -> e.path() == ExitPath.KERNEL_IOEVENTFD).count());
        List<ExitRecord> eventfdMmio = eventfd.exits.stream().filter(e -> e.access() != null
                && e.access().kind() == Access.Kind.MMIO).collect(Collectors.toList());
        List<ExitRecord> kernelKicks = eventfd.exits.stream().filter(e -> e.path() == ExitPath.KERNEL_MMIO_IOEVENTFD)
                .collect(Collectors.toList());
        assertEquals(3, kernelKicks.size());
        kernelKicks.forEach(k -> {
            assertNull(k.kvmExit());
            assertEquals(0xD0050, k.access().address());
            assertTrue(k.access().write());
            assertEquals(4, k.access().size());
            assertEquals(1, k.access().value());
            // the first touch of the page is an EPT violation (48), every later access an EPT misconfiguration (49)
            boolean first = k == eventfdMmio.get(0);
            assertEquals(first ? VmxExitReason.EPT_VIOLATION : VmxExitReason.EPT_MISCONFIG, k.reason());
            assertEquals(first ? 48 : 49, k.reason().number());
            assertFalse(k.path().reachesUserspace());
        });
        assertEquals(plain.result.stats().userspace() - 3, eventfd.result.stats().userspace());
    }

    @Test
    void hltWithInterruptsEnabledResumesThenHaltsForGood() throws Exception {
        SampleRunner r = new SampleRunner("hlt-loop");
        List<ExitRecord> hlts = r.exits.stream().filter(e -> e.reason() == VmxExitReason.HLT).collect(Collectors.toList());
        assertEquals(6, hlts.size());
        assertTrue((hlts.get(0).regs().rflags() & (1 << 9)) != 0);
        assertEquals(0, hlts.get(5).regs().rflags() & (1 << 9));
    }

    @Test
    void tripleFaultShutsTheVmDown() throws Exception {
        SampleRunner r = new SampleRunner("triple-fault");
        assertEquals(RunOutcome.SHUTDOWN, r.result.outcome());
        assertEquals(SampleRunner.expected("triple-fault"), r.console.toString());
        ExitRecord last = r.exits.get(r.exits.size() - 1);
        assertEquals(VmxExitReason.TRIPLE_FAULT, last.reason());
        assertEquals(KvmExitReason.SHUTDOWN, last.kvmExit());
    }

    @Test
    void unsupportedInstructionStopsWithAddressAndBytes() throws Exception {
        SampleRunner r = new SampleRunner("unsupported-instruction");
        assertEquals(RunOutcome.EMULATION_FAILURE, r.result.outcome());
        assertEquals(SampleRunner.expected("unsupported-instruction"), r.console.toString());
        assertTrue(r.result.detail().matches("unsupported instruction at 0000:[0-9A-F]{4} .*bytes 0F 6F 06.*"), r.result.detail());
    }

    @Test
    void runawayLoopIsStoppedByTheInstructionLimit() throws Exception {
        SampleRunner r = new SampleRunner("runaway-loop", new RunLimits(0, 5_000_000, Duration.ofSeconds(10)));
        assertEquals(RunOutcome.INSTRUCTION_LIMIT, r.result.outcome());
        assertEquals(SampleRunner.expected("runaway-loop"), r.console.toString());
    }

    @Test
    void runawayLoopIsStoppedByTheClock() throws Exception {
        SampleRunner r = new SampleRunner("runaway-loop", new RunLimits(0, 0, Duration.ofMillis(200)));
        assertEquals(RunOutcome.TIME_LIMIT, r.result.outcome());
    }

    @Test
    void echoReadsQueuedInputThroughRbr() throws Exception {
        SampleRunner r = new SampleRunner("echo-scripted");
        String reads = r.exits.stream()
                .filter(e -> e.access() != null && e.access().address() == 0x3F8 && !e.access().write())
                .map(e -> String.valueOf((char) e.access().value())).collect(Collectors.joining());
        assertEquals("hello KVM\r\u0004", reads);
        assertTrue(r.exits.stream().allMatch(e -> e.access() == null || e.access().kind() == Access.Kind.PIO));
    }
}
