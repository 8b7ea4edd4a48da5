package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.machine.Doorbell;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.kvmworkbench.kvm.trace.TraceEvent;

/** Event sequences as KVM traces them - on PVM as seen on this host, on VMX as vmx.c and x86.c emit them. */
class KernelExitsTest {
    private static final List<Doorbell> DOORBELL = List.of(new Doorbell(0xC010, 2, 1, null));

    private static List<VcpuExit> feed(KernelExits k, String... lines) {
        for (String l : lines) k.add(TraceEvent.parse(l));
        List<VcpuExit> out = new ArrayList<>();
        while (k.hasReady()) out.add(k.next());
        return out;
    }

    @Test
    void pvmCpuidIsAKernelExitWithDerivedReasonAndTheEmulatorCount() {
        KernelExits k = new KernelExits(HostVirtualization.PVM, List.of());
        List<VcpuExit> exits = feed(k,
                "kvm_fpu: load",
                "kvm_emulate_insn: 0:100c:66 b8 00 00 00 40 (real)",
                "kvm_emulate_insn: 0:1012:66 31 c9 (real)",
                "kvm_emulate_insn: 0:1015:0f a2 (real)",
                "kvm_cpuid: func 40000000 idx 0 rax 40000001 rbx 4b4d564b rcx 564b4d56 rdx 4d, cpuid entry found",
                "kvm_emulate_insn: 0:1017:66 89 1e 00 11 (real)",
                "kvm_emulate_insn: 0:101c:e6 e9 (real)",
                "kvm_pio: pio_write at 0xe9 size 1 count 1 val 0x68 ",
                "kvm_fpu: unload",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        assertEquals(1, exits.size(), "the OUT to 0xE9 went to userspace: no kernel exit");
        VcpuExit c = exits.get(0);
        assertNull(c.kvmExit);
        assertEquals(ExitPath.KERNEL_CPUID, c.path);
        assertEquals(VmxExitReason.CPUID, c.reason);
        assertEquals(0x1015, c.instructionIp);
        assertEquals(2, c.instructionLength);
        assertTrue(c.note.english().startsWith("CPUID leaf 0x40000000 subleaf 0 → eax=40000001 ebx=4b4d564b ecx=564b4d56"
                + " edx=0000004d (\"KVMKVMKVM\")"), c.note.english());
        assertTrue(c.note.english().contains(KernelExits.PVM_EMULATED.english()), c.note.english());
        assertTrue(c.note.english().contains(KernelExits.DERIVED.english()), c.note.english());
        assertTrue(c.note.english().endsWith("KVM's emulator ran 3 guest instructions since the last exit"), c.note.english());

        VcpuExit out = new VcpuExit();
        out.note = org.kvmworkbench.core.i18n.Phrase.literal("decoder note");
        k.annotate(out);
        assertEquals("decoder note; KVM's emulator ran 2 guest instructions since the last exit", out.note.english());
    }

    @Test
    void msrWritesAndReadsAndAHypercall() {
        List<VcpuExit> exits = feed(new KernelExits(HostVirtualization.PVM, List.of()),
                "kvm_emulate_insn: 0:1050:0f 30 (real)",
                "kvm_msr: msr_write 174 = 0x1234",
                "kvm_emulate_insn: 0:1054:0f 32 (real)",
                "kvm_msr: msr_read 174 = 0x1234",
                "kvm_msr: msr_read c0000103 = 0x0 (#GP)",
                "kvm_hypercall: nr 0x0 a0 0x0 a1 0x0 a2 0x0 a3 0x0");
        assertEquals(List.of(VmxExitReason.MSR_WRITE, VmxExitReason.MSR_READ, VmxExitReason.MSR_READ, VmxExitReason.VMCALL),
                exits.stream().map(e -> e.reason).toList());
        assertEquals(List.of(ExitPath.KERNEL_MSR, ExitPath.KERNEL_MSR, ExitPath.KERNEL_MSR, ExitPath.KERNEL_HYPERCALL),
                exits.stream().map(e -> e.path).toList());
        assertTrue(exits.get(0).note.english().startsWith("WRMSR 0x174 ← 0x1234;"), exits.get(0).note.english());
        assertTrue(exits.get(1).note.english().startsWith("RDMSR 0x174 → 0x1234;"), exits.get(1).note.english());
        assertTrue(exits.get(2).note.english().startsWith("RDMSR 0xc0000103 → 0x0: #GP injected;"), exits.get(2).note.english());
        assertTrue(exits.get(2).note.english().contains("PVM: no VM exit, " + KernelExits.DERIVED.english()), exits.get(2).note.english());
        assertTrue(exits.get(3).note.english().startsWith("hypercall nr 0x0"), exits.get(3).note.english());
    }

    @Test
    void aDoorbellOutIsAnIoeventfdExitAndAnInCompletionIsSkipped() {
        KernelExits k = new KernelExits(HostVirtualization.PVM, DOORBELL);
        List<VcpuExit> exits = feed(k,
                "kvm_emulate_insn: 0:102c:ed (real)", // IN ax, dx: to userspace, no kvm_pio in this run
                "kvm_fpu: unload",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)",
                "kvm_fpu: load",
                "kvm_pio: pio_read at 0xc00c size 2 count 1 val 0x10 ", // ... it comes when the next run completes it
                "kvm_emulate_insn: 0:10a8:ef (real)",
                "kvm_pio: pio_write at 0xc010 size 2 count 1 val 0x1 ",
                "kvm_emulate_insn: 0:10a9:43 (real)",
                "kvm_emulate_insn: 0:10ab:e6 20 (real)",
                "kvm_pio: pio_write at 0x20 size 1 count 1 val 0x20 ", // an in-kernel PIC (irqchip)
                "kvm_emulate_insn: 0:10ad:f4 (real)",
                "kvm_userspace_exit: reason KVM_EXIT_HLT (5)");
        assertEquals(1, exits.size());
        VcpuExit d = exits.get(0);
        assertEquals(ExitPath.KERNEL_IOEVENTFD, d.path);
        assertEquals(VmxExitReason.IO_INSTRUCTION, d.reason);
        assertNull(d.kvmExit);
        assertEquals(0x10a8, d.instructionIp);
        Access a = d.access();
        assertEquals(new Access(Access.Kind.PIO, 0xC010, 2, true, 1, new long[] {1}), a);
        assertEquals(0xC010_0001L, d.qualification);
        VcpuExit hlt = new VcpuExit();
        k.annotate(hlt);
        assertTrue(hlt.note.english().contains("also in the kernel: OUT to port 0x20 served by an in-kernel device"), hlt.note.english());
    }

    @Test
    void vmxExitsTakeTheirReasonFromKvmExit() {
        KernelExits k = new KernelExits(HostVirtualization.VMX, List.of());
        List<VcpuExit> exits = feed(k,
                "kvm_entry: vcpu 0, rip 0x1000",
                "kvm_exit: vcpu 0 reason EPT_VIOLATION rip 0x1000 info1 0x0000000000000184 info2 0x0000000000000000"
                        + " intr_info 0x00000000 error_code 0x00000000",
                "kvm_page_fault: vcpu 0 rip 0x1000 address 0x0000000000001000 error_code 0x184",
                "kvm_entry: vcpu 0, rip 0x1000",
                "kvm_exit: vcpu 0 reason CPUID rip 0x1015 info1 0x0000000000000000 info2 0x0000000000000000"
                        + " intr_info 0x00000000 error_code 0x00000000",
                "kvm_cpuid: func 0 idx 0 rax d rbx 756e6547 rcx 6c65746e rdx 49656e69, cpuid entry found",
                "kvm_entry: vcpu 0, rip 0x1017",
                "kvm_exit: vcpu 0 reason EXTERNAL_INTERRUPT rip 0x1017 info1 0x0 info2 0x0 intr_info 0x800000ec error_code 0x0",
                "kvm_entry: vcpu 0, rip 0x1017",
                "kvm_exit: vcpu 0 reason HLT rip 0x1020 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_entry: vcpu 0, rip 0x1021",
                "kvm_exit: vcpu 0 reason IO_INSTRUCTION rip 0x1030 info1 0x0000000000e90000 info2 0x0 intr_info 0x0"
                        + " error_code 0x0",
                "kvm_pio: pio_write at 0xe9 size 1 count 1 val 0x41 ",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        assertEquals(List.of(ExitPath.KERNEL_CPUID, ExitPath.KERNEL_HLT), exits.stream().map(e -> e.path).toList());
        VcpuExit c = exits.get(0);
        assertEquals(VmxExitReason.CPUID, c.reason);
        assertEquals(0x1015, c.instructionIp);
        assertTrue(c.note.english().contains("(\"GenuineIntel\")"), c.note.english());
        assertTrue(c.note.english().contains("kvm_exit reason CPUID, read from the trace"), c.note.english());
        assertFalse(c.note.english().contains(KernelExits.DERIVED.english()), c.note.english());
        assertTrue(c.note.english().contains("also in the kernel: EPT_VIOLATION (guest page fault resolved by KVM)"), c.note.english());
        assertEquals(VmxExitReason.HLT, exits.get(1).reason);
        assertTrue(exits.get(1).note.english().contains("EXTERNAL_INTERRUPT"), exits.get(1).note.english());
        VcpuExit io = new VcpuExit();
        k.annotate(io);
        assertEquals("kvm_exit reason IO_INSTRUCTION", io.note.english());
    }

    @Test
    void svmExitCodesMapToTheirVmxCounterparts() {
        List<VcpuExit> exits = feed(new KernelExits(HostVirtualization.SVM, List.of()),
                "kvm_exit: vcpu 0 reason hlt rip 0x1020 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_entry: vcpu 0, rip 0x1021",
                "kvm_exit: vcpu 0 reason msr rip 0x1030 info1 0x1 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_msr: msr_write 174 = 0x1234",
                "kvm_entry: vcpu 0, rip 0x1032");
        assertEquals(List.of(VmxExitReason.HLT, VmxExitReason.MSR_WRITE), exits.stream().map(e -> e.reason).toList());
        assertEquals(List.of(ExitPath.KERNEL_HLT, ExitPath.KERNEL_MSR), exits.stream().map(e -> e.path).toList());
        assertTrue(exits.get(1).note.english().contains("kvm_exit reason msr"), exits.get(1).note.english());
        assertEquals(0x1030, exits.get(1).instructionIp);
    }

    @Test
    void lostEventsAndALateRunAreSaidInTheNextNote() {
        KernelExits k = new KernelExits(HostVirtualization.PVM, List.of());
        feed(k, "CPU:0 [LOST 77 EVENTS]", "kvm_emulate_insn: 0:1018:eb fe (real)", "kvm_userspace_exit: reason restart (4)");
        k.incomplete();
        VcpuExit e = new VcpuExit();
        k.annotate(e);
        assertTrue(e.note.english().contains("ran 1 guest instruction since"), e.note.english());
        assertTrue(e.note.english().contains("the trace lost 77 events"), e.note.english());
        assertTrue(e.note.english().contains("kvm_userspace_exit came late"), e.note.english());
        VcpuExit next = new VcpuExit();
        k.annotate(next);
        assertEquals("", next.note.english());
    }

    // --- kvm_amd (6.1) as the nested SVM test host traced it (kvm-native/nested/svm-host.sh), and kvm_intel ------------

    private static final List<Doorbell> MMIO_DOORBELL = List.of(new Doorbell(0xD000_0050L, 4, 0, null, true));

    /** The npf of an MMIO store that KVM handed to userspace: its kvm_page_fault is that exit's, not one KVM resolved. */
    @Test
    void anNpfThatBecameKvmExitMmioKeepsItsReasonAndIsNotAResolvedFault() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, List.of(), false);
        List<VcpuExit> exits = feed(k,
                "kvm_exit: vcpu 0 reason npf rip 0x1020 info1 0x0000000100000007 info2 0x00000000d0000000 intr_info 0x00000000 error_code 0x00000000",
                "kvm_page_fault: address d0000000 error_code 7",
                "kvm_emulate_insn: 0:1020:67 89 05 00 00 00 d0 (real)",
                "kvm_mmio: mmio write len 4 gpa 0xd0000000 val 0x1",
                "kvm_userspace_exit: reason KVM_EXIT_MMIO (6)");
        assertEquals(List.of(), exits, "no in-kernel exit: the store went to userspace");
        VcpuExit mmio = new VcpuExit();
        k.annotate(mmio);
        assertTrue(mmio.note.english().startsWith("kvm_exit reason npf"), mmio.note.english());
        assertFalse(mmio.note.english().contains("resolved by KVM"), mmio.note.english());
    }

    @Test
    void aVmxEptViolationThatBecameKvmExitMmioKeepsItsReason() {
        KernelExits k = new KernelExits(HostVirtualization.VMX, List.of());
        feed(k, "kvm_exit: vcpu 0 reason EPT_VIOLATION rip 0x1020 info1 0x0000000000000182 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000",
                "kvm_page_fault: address d0000000 error_code 182",
                "kvm_emulate_insn: 0:1020:67 89 05 00 00 00 d0 (real)",
                "kvm_mmio: mmio write len 4 gpa 0xd0000000 val 0x1",
                "kvm_userspace_exit: reason KVM_EXIT_MMIO (6)");
        VcpuExit mmio = new VcpuExit();
        k.annotate(mmio);
        assertTrue(mmio.note.english().startsWith("kvm_exit reason EPT_VIOLATION"), mmio.note.english());
        assertFalse(mmio.note.english().contains("resolved by KVM"), mmio.note.english());
    }

    @Test
    void anNpfThatKvmResolvedIsToldAsSuchInTheNextNote() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, List.of(), false);
        feed(k, "kvm_exit: vcpu 0 reason npf rip 0x1000 info1 0x0000000100000014 info2 0x0000000000001000 intr_info 0x00000000 error_code 0x00000000",
                "kvm_page_fault: address 1000 error_code 14",
                "kvm_entry: vcpu 0, rip 0x1000",
                "kvm_exit: vcpu 0 reason io rip 0x1011 info1 0x0000000003f90010 info2 0x0000000000001012 intr_info 0x00000000 error_code 0x00000000",
                "kvm_pio: pio_write at 0x3f9 size 1 count 1 val 0x0 ",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        VcpuExit io = new VcpuExit();
        k.annotate(io);
        assertEquals("kvm_exit reason io; also in the kernel: npf (guest page fault resolved by KVM)", io.note.english());
    }

    /** virtio-mmio-kick-ioeventfd: the QueueNotify store KVM finished with ioeventfd is an in-kernel exit. */
    @Test
    void anMmioIoeventfdKickIsAKernelExitWithItsNpf() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, MMIO_DOORBELL, false);
        List<VcpuExit> exits = feed(k,
                "kvm_exit: vcpu 0 reason npf rip 0x1040 info1 0x0000000100000007 info2 0x00000000d0000050 intr_info 0x00000000 error_code 0x00000000",
                "kvm_page_fault: address d0000050 error_code 7",
                "kvm_emulate_insn: 0:1040:66 89 07 (real)",
                "kvm_mmio: mmio write len 4 gpa 0xd0000050 val 0x0",
                "kvm_entry: vcpu 0, rip 0x1043",
                "kvm_exit: vcpu 0 reason hlt rip 0x1050 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_userspace_exit: reason KVM_EXIT_HLT (5)");
        assertEquals(1, exits.size());
        VcpuExit kick = exits.get(0);
        assertNull(kick.kvmExit);
        assertEquals(ExitPath.KERNEL_MMIO_IOEVENTFD, kick.path);
        assertEquals("SVM_EXIT_NPF (0x400)", kick.svm);
        assertEquals(VmxExitReason.EPT_MISCONFIG, kick.reason, "the VMX equivalent stays derived: npf is both 48 and 49");
        assertEquals(Access.Kind.MMIO, kick.accessKind);
        assertEquals(0xD000_0050L, kick.address);
        assertEquals(4, kick.size);
        assertTrue(kick.write);
        assertEquals(0x1040, kick.instructionIp);
        assertEquals(3, kick.instructionLength, "kvm_entry's RIP minus kvm_exit's");
        assertTrue(kick.note.english().contains("kvm_exit reason npf"), kick.note.english());
        assertFalse(kick.note.english().contains("resolved by KVM"), kick.note.english());
        VcpuExit hlt = new VcpuExit();
        k.annotate(hlt);
        assertEquals("kvm_exit reason hlt", hlt.note.english(), "the emulated store belongs to the kick");
    }

    @Test
    void anMmioWriteToNoDoorbellFinishedInTheKernelIsTallied() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, MMIO_DOORBELL, false);
        List<VcpuExit> exits = feed(k,
                "kvm_exit: vcpu 0 reason npf rip 0x1040 info1 0x7 info2 0xfee00000 intr_info 0x0 error_code 0x0",
                "kvm_page_fault: address fee00000 error_code 7",
                "kvm_mmio: mmio write len 4 gpa 0xfee000b0 val 0x0",
                "kvm_entry: vcpu 0, rip 0x1046");
        assertEquals(List.of(), exits);
        VcpuExit next = new VcpuExit();
        k.annotate(next);
        assertTrue(next.note.english().contains("MMIO write to 0xfee000b0 served by an in-kernel device"), next.note.english());
    }

    /** Both CPUIDs of cpuid-msr on kvm_amd: each at its own RIP (not the run's end), its length from kvm_entry. */
    @Test
    void anInKernelCpuidHasItsOwnRipAndLength() {
        List<VcpuExit> exits = feed(new KernelExits(HostVirtualization.SVM, List.of(), false),
                "kvm_exit: vcpu 0 reason cpuid rip 0x1015 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000",
                "kvm_cpuid: func 40000000 idx 0 rax 0 rbx 0 rcx 0 rdx 0, cpuid entry not found",
                "kvm_entry: vcpu 0, rip 0x1017",
                "kvm_exit: vcpu 0 reason cpuid rip 0x103b info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000",
                "kvm_cpuid: func 0 idx 0 rax 0 rbx 0 rcx 0 rdx 0, cpuid entry not found",
                "kvm_entry: vcpu 0, rip 0x103d");
        assertEquals(List.of(0x1015L, 0x103bL), exits.stream().map(e -> e.instructionIp).toList());
        assertEquals(List.of(2, 2), exits.stream().map(e -> e.instructionLength).toList());
        assertEquals("SVM_EXIT_CPUID (0x072)", exits.get(0).svm);
    }

    /** nrips=0 (the QEMU TCG test host): KVM decodes CPUID/HLT only to skip them; said as that, not counted. */
    @Test
    void withoutNripsTheSkipDecodeIsExplainedNotCountedAsEmulation() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, List.of(), true);
        List<VcpuExit> exits = feed(k,
                "kvm_exit: vcpu 0 reason cpuid rip 0x1015 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_cpuid: func 0 idx 0 rax 0 rbx 0 rcx 0 rdx 0, cpuid entry not found",
                "kvm_emulate_insn: 0:1015:0f a2 (real)",
                "kvm_entry: vcpu 0, rip 0x1017",
                "kvm_exit: vcpu 0 reason hlt rip 0x1050 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_emulate_insn: 0:1050:f4 (real)",
                "kvm_userspace_exit: reason KVM_EXIT_HLT (5)");
        assertEquals(1, exits.size());
        assertTrue(exits.get(0).note.english().endsWith(KernelExits.NO_NRIPS.english()), exits.get(0).note.english());
        VcpuExit hlt = new VcpuExit();
        k.annotate(hlt);
        assertEquals("kvm_exit reason hlt; " + KernelExits.NO_NRIPS.english(), hlt.note.english());
    }

    @Test
    void withNripsAnEmulatedInstructionIsCountedAsBefore() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, List.of(), false);
        feed(k, "kvm_exit: vcpu 0 reason hlt rip 0x1050 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0",
                "kvm_emulate_insn: 0:1050:f4 (real)",
                "kvm_userspace_exit: reason KVM_EXIT_HLT (5)");
        VcpuExit hlt = new VcpuExit();
        k.annotate(hlt);
        assertFalse(hlt.note.english().contains("NRIPS"), hlt.note.english());
        assertTrue(hlt.note.english().contains("KVM's emulator ran 1 guest instruction"), hlt.note.english());
    }

    @Test
    void nripsIsReadFromKvmAmdsParameterThenTheCpuFlags(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path param = dir.resolve("nrips"), cpuinfo = dir.resolve("cpuinfo");
        java.nio.file.Files.writeString(param, "0\n");
        java.nio.file.Files.writeString(cpuinfo, "flags\t\t: fpu svm nrip_save npt\n");
        assertEquals(Boolean.FALSE, HostVirtualization.svmNextRipSaving(param, cpuinfo));
        java.nio.file.Files.writeString(param, "Y\n");
        assertEquals(Boolean.TRUE, HostVirtualization.svmNextRipSaving(param, cpuinfo));
        assertEquals(Boolean.TRUE, HostVirtualization.svmNextRipSaving(dir.resolve("none"), cpuinfo));
        java.nio.file.Files.writeString(cpuinfo, "flags\t\t: fpu svm npt\n");
        assertEquals(Boolean.FALSE, HostVirtualization.svmNextRipSaving(dir.resolve("none"), cpuinfo));
    }

    /** VMX: the tick's IPI exits (EXTERNAL_INTERRUPT), then kvm_inj_virq becomes its own step with 0x4016's value. */
    @Test
    void vmxInjectionIsItsOwnStepWithTheEntryInterruptionInformation() {
        KernelExits k = new KernelExits(HostVirtualization.VMX, List.of());
        List<VcpuExit> steps = feed(k,
                "kvm_exit: vcpu 0 reason EXTERNAL_INTERRUPT rip 0x1030 info1 0x0000000000000000 info2 0x0000000000000000"
                        + " intr_info 0x800000ec error_code 0x00000000",
                "kvm_inj_virq: IRQ 0x08",
                "kvm_entry: vcpu 0, rip 0x1030",
                "kvm_inj_virq: Soft/INTn 0x21",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        VcpuExit inj = steps.stream().filter(x -> x.path == ExitPath.EVENT_INJECTION).findFirst().orElseThrow();
        assertEquals(0x80000008, inj.interruptionInfo, "valid | type 0 (external interrupt) | vector 0x08");
        assertNull(inj.kvmExit);
        assertNull(inj.reason, "an entry, not an exit");
        assertTrue(inj.note.english().startsWith("vector 0x08 injected at VM entry"), inj.note.english());
        assertEquals(1, steps.stream().filter(x -> x.path == ExitPath.EVENT_INJECTION).count(),
                "a software INT n is not an interrupt-controller injection");
        assertEquals(0x80000008L, DerivedVmcs.entryInterruptionInfo(inj), "the VMCS panel's 0x4016");
    }

    /**
     * SVM (as the nested test host traced echo-irq): an injection cancelled before VM entry is written again, traced
     * "[reinjected]". One interrupt reaches the guest, so there is one injection step, and the second write is noted.
     */
    @Test
    void aReinjectedInterruptIsTheSameInjectionNotASecondOne() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, List.of());
        List<VcpuExit> steps = feed(k,
                "kvm_exit: vcpu 0 reason vintr rip 0x107c info1 0x0000000000000000 info2 0x0000000000000000"
                        + " intr_info 0x00000000 error_code 0x00000000",
                "kvm_inj_virq: IRQ 0xc",
                "kvm_inj_virq: IRQ 0xc [reinjected]",
                "kvm_entry: vcpu 0, rip 0x107c",
                "kvm_exit: vcpu 0 reason io rip 0x1092 info1 0x0000000003fd0011 info2 0x0000000000001093"
                        + " intr_info 0x0000000c error_code 0x00000000",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        List<VcpuExit> injections = steps.stream().filter(x -> x.path == ExitPath.EVENT_INJECTION).toList();
        assertEquals(1, injections.size(), "one interrupt delivered");
        assertEquals(0x8000000C, injections.get(0).interruptionInfo);
        VcpuExit userspace = new VcpuExit();
        userspace.note = org.kvmworkbench.core.i18n.Phrase.NONE;
        k.annotate(userspace);
        assertTrue(userspace.note.english().contains("the same interrupt 0xc written again"), userspace.note.english());
    }

    /** handle_cr / handle_dr on VMX: the kvm_exit's info1 is the exit qualification; kvm_entry shows the re-entry. */
    @Test
    void vmxControlAndDebugRegisterExitsAreKernelExitsWithTheirQualification() {
        KernelExits k = new KernelExits(HostVirtualization.VMX, List.of());
        List<VcpuExit> exits = feed(k,
                "kvm_entry: vcpu 0, rip 0x102e",
                "kvm_exit: vcpu 0 reason CR_ACCESS rip 0x102e info1 0x0000000000000000 info2 0x0000000000000000",
                "kvm_entry: vcpu 0, rip 0x1031",
                "kvm_exit: vcpu 0 reason DR_ACCESS rip 0x10a1 info1 0x0000000000000017 info2 0x0000000000000000",
                "kvm_entry: vcpu 0, rip 0x10a1",
                "kvm_exit: vcpu 0 reason IO_INSTRUCTION rip 0x10c0 info1 0x00e90040 info2 0x0",
                "kvm_userspace_exit: reason KVM_EXIT_IO (2)");
        assertEquals(List.of(ExitPath.KERNEL_CR_ACCESS, ExitPath.KERNEL_DR_ACCESS), exits.stream().map(e -> e.path).toList());
        VcpuExit cr = exits.get(0), dr = exits.get(1);
        assertEquals(VmxExitReason.CR_ACCESS, cr.reason);
        assertEquals(0, cr.qualification);
        assertEquals("SVM_EXIT_WRITE_CR0 (0x010)", cr.svm);
        assertEquals(3, cr.instructionLength, "handle_cr skipped the MOV to CR0");
        assertEquals(VmxExitReason.DR_ACCESS, dr.reason);
        assertEquals(0x17, dr.qualification);
        assertEquals("SVM_EXIT_READ_DR7 (0x027)", dr.svm);
        assertEquals(0, dr.instructionLength, "handle_dr re-enters on the same MOV");
    }

    /** kvm_amd names the register in the exit code (asm/svm.h SVM_EXIT_REASONS: write_cr4, read_dr6, cr0_sel_write). */
    @Test
    void svmControlAndDebugRegisterExitsAreKernelExits() {
        KernelExits k = new KernelExits(HostVirtualization.SVM, List.of(), false);
        List<VcpuExit> exits = feed(k,
                "kvm_exit: vcpu 0 reason write_cr4 rip 0x1092 info1 0x8000000000000000 info2 0x0",
                "kvm_entry: vcpu 0, rip 0x1095",
                "kvm_exit: vcpu 0 reason cr0_sel_write rip 0x102e info1 0x0 info2 0x0",
                "kvm_entry: vcpu 0, rip 0x1031",
                "kvm_exit: vcpu 0 reason read_dr6 rip 0x10b0 info1 0x0 info2 0x0",
                "kvm_entry: vcpu 0, rip 0x10b0");
        assertEquals(List.of(VmxExitReason.CR_ACCESS, VmxExitReason.CR_ACCESS, VmxExitReason.DR_ACCESS),
                exits.stream().map(e -> e.reason).toList());
        assertEquals(List.of("SVM_EXIT_WRITE_CR4 (0x014)", "SVM_EXIT_CR0_SEL_WRITE (0x065)", "SVM_EXIT_READ_DR6 (0x026)"),
                exits.stream().map(e -> e.svm).toList());
        assertEquals(List.of(ExitPath.KERNEL_CR_ACCESS, ExitPath.KERNEL_CR_ACCESS, ExitPath.KERNEL_DR_ACCESS),
                exits.stream().map(e -> e.path).toList());
    }
}
