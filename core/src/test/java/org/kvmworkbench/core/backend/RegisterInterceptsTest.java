package org.kvmworkbench.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.CpuExit;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.CpuidTable;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.CrAccessQualification;
import org.kvmworkbench.core.vmx.DrAccessQualification;
import org.kvmworkbench.core.vmx.VmcsField;
import org.kvmworkbench.core.vmx.VmxControls;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** KVM's CR0/CR4 masks and lazy MOV-DR exiting on the simulator, and the kernel route of every CR/DR qualification. */
class RegisterInterceptsTest {
    @TempDir Path dir;
    final StringBuilder console = new StringBuilder();
    final List<ExitRecord> exits = new ArrayList<>();
    static final Controls KVM_LIKE = new Controls(Controls.IoMode.UNCONDITIONAL, List.of(), true, false,
            Controls.MsrMode.ALL, List.of(), List.of(), true, true);

    private VmmLoop boot(Controls controls, int... code) throws Exception {
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) b[i] = (byte) code[i];
        Files.write(dir.resolve("g.bin"), b);
        VmConfig c = new VmConfig("t", null, 64 * 1024, BackendChoice.SIMULATED, "g.bin", 0x1000, new Entry(0, 0x1000),
                List.of(new DebugconConfig(0xE9)), controls, KvmOptions.defaults(), dir);
        VmmLoop loop = new VmmLoop(new SimulatedVcpu(c, (s, x) -> console.append((char) x), "test"));
        loop.setListener(exits::add);
        return loop;
    }

    private static RegisterIntercepts intercepts(Cpu cpu) {
        return new RegisterIntercepts(KVM_LIKE, cpu);
    }

    @Test
    void onlyWritesThatChangeABitKvmOwnsExit() {
        Cpu cpu = new Cpu();
        cpu.cr0 = 0x6000_0010L;
        RegisterIntercepts r = intercepts(cpu);
        int to = CrAccessQualification.MOV_TO_CR;
        assertTrue(r.crAccessExits(0, to, 0x6000_0012L), "MP is KVM's");
        assertFalse(r.crAccessExits(0, to, 0x6000_0018L), "TS is the guest's");
        assertFalse(r.crAccessExits(0, to, 0x6001_0010L), "WP is the guest's");
        assertTrue(r.crAccessExits(0, to, 0x6000_0000L), "ET differs from the shadow");
        assertFalse(r.crAccessExits(0, CrAccessQualification.MOV_FROM_CR, 0), "reads get the shadow");
        assertFalse(r.crAccessExits(0, CrAccessQualification.CLTS, 0x6000_0010L & ~Cpu.CR0_TS));
        assertTrue(r.crAccessExits(0, CrAccessQualification.LMSW, 0x6000_0011L), "LMSW setting PE");
        assertFalse(r.crAccessExits(0, CrAccessQualification.LMSW, 0x6000_0018L), "LMSW changing only TS");
        assertFalse(r.crAccessExits(4, to, 1L << 3), "CR4.DE is the guest's");
        assertTrue(r.crAccessExits(4, to, 1L << 4), "CR4.PSE is KVM's");
        assertFalse(r.crAccessExits(3, to, 0x1000), "no CR3 exiting with EPT and unrestricted guest");
        assertFalse(new RegisterIntercepts(Controls.defaults(), cpu).crAccessExits(0, to, 0x6000_0012L),
                "off unless the config asks for it");
    }

    @Test
    void aHandledCrAccessRunsOnceMoreWithoutExitingAndMovDrExitingWaitsForTheNextExit() {
        Cpu cpu = new Cpu();
        RegisterIntercepts r = intercepts(cpu);
        r.crHandled();
        assertFalse(r.crAccessExits(0, CrAccessQualification.MOV_TO_CR, 2));
        assertTrue(r.crAccessExits(0, CrAccessQualification.MOV_TO_CR, 2), "only once");
        assertTrue(r.movDrExiting());
        r.drHandled();
        assertFalse(r.movDrExiting());
        assertFalse(r.movDrExiting(), "until the next VM exit");
        assertTrue(r.vmExit(), "the exit re-arms it");
        assertTrue(r.movDrExiting());
        assertFalse(r.vmExit());
    }

    /** The dispatcher's route and note for each qualification the SDM defines, CLTS and MOV from CR included. */
    @Test
    void everyCrAndDrQualificationIsRoutedToTheKernel() throws Exception {
        VmmLoop loop = boot(KVM_LIKE, 0xF4);
        Cpu cpu = new Cpu();
        cpu.cr0 = 0x6000_0012L;
        cpu.gpr[3] = 0x6000_0010; // ebx
        ModeledKvm kvm = new ModeledKvm(CpuidTable.simulated(), new org.kvmworkbench.core.cpu.MsrFile(),
                loop.vcpu().machine(), intercepts(cpu));
        String[] notes = {"MOV to CR0 from ebx: 0x60000012 → 0x60000010", "MOV from CR0 to ebx",
                "CLTS: CR0 0x60000012 → 0x60000012", "LMSW 0x0001 (register operand): CR0 0x60000012 → 0x60000011"};
        long[] quals = {CrAccessQualification.encode(0, 0, false, 3, 0), CrAccessQualification.encode(0, 1, false, 3, 0),
                CrAccessQualification.encode(0, 2, false, 0, 0), CrAccessQualification.encode(0, 3, false, 0, 1)};
        for (int i = 0; i < quals.length; i++) {
            CpuExit e = new CpuExit();
            e.kind = CpuExit.Kind.CR_ACCESS;
            e.qualification = quals[i];
            assertEquals(ExitPath.KERNEL_CR_ACCESS, kvm.route(e, cpu));
            assertTrue(kvm.describe(e, cpu).english().startsWith(notes[i]), kvm.describe(e, cpu).english());
        }
        for (boolean from : new boolean[] {true, false}) {
            CpuExit e = new CpuExit();
            e.kind = CpuExit.Kind.DR_ACCESS;
            e.qualification = DrAccessQualification.encode(7, from, 3);
            assertEquals(ExitPath.KERNEL_DR_ACCESS, kvm.route(e, cpu));
            assertTrue(kvm.describe(e, cpu).english().startsWith(from ? "MOV DR7 → ebx" : "MOV ebx (0x60000010) → DR7"),
                    kvm.describe(e, cpu).english());
        }
        assertFalse(ExitPath.KERNEL_CR_ACCESS.reachesUserspace());
        assertFalse(ExitPath.KERNEL_DR_ACCESS.reachesUserspace());
    }

    /** MOV to DR0 exits, the MOV DR right after it does not, the OUT re-arms it; the VMCS control bit follows. */
    @Test
    void movDrExitsOnceAfterEachExit() throws Exception {
        VmmLoop loop = boot(KVM_LIKE,
                0x66, 0xB8, 0x34, 0x12, 0, 0,   // mov eax, 0x1234
                0x0F, 0x23, 0xC0,               // mov dr0, eax   (exit 29, MOV to DR0)
                0x0F, 0x21, 0xC3,               // mov ebx, dr0   (no exit: the guest owns the DRs now)
                0x88, 0xD8, 0xE6, 0xE9,         // mov al, bl; out 0xe9, al (exit 30: re-arms MOV-DR exiting)
                0x0F, 0x21, 0xC1,               // mov ecx, dr0   (exit 29 again)
                0x88, 0xC8, 0xE6, 0xE9,         // mov al, cl; out 0xe9, al
                0xFA, 0xF4);                    // cli; hlt
        assertEquals(RunOutcome.HALTED, HeadlessRun.run(loop, RunLimits.DEFAULT).outcome());
        assertEquals("\u0034\u0034", console.toString());
        assertEquals(List.of(VmxExitReason.DR_ACCESS, VmxExitReason.IO_INSTRUCTION, VmxExitReason.DR_ACCESS,
                VmxExitReason.IO_INSTRUCTION, VmxExitReason.HLT), exits.stream().map(ExitRecord::reason).toList());
        assertEquals(DrAccessQualification.encode(0, false, 0), exits.get(0).qualification());
        assertEquals(DrAccessQualification.encode(0, true, 1), exits.get(2).qualification());
        assertNull(exits.get(0).kvmExit());
        assertEquals(VmxControls.CPU_BASED_MOV_DR_EXITING, loop.vcpu().vmcs().snapshot()
                .value(VmcsField.CPU_BASED_VM_EXEC_CONTROL) & VmxControls.CPU_BASED_MOV_DR_EXITING);
    }

    /** A refused value is the guest's #GP after the exit, as kvm_set_cr0's error becomes kvm_complete_insn_gp's #GP. */
    @Test
    void aCr0WriteTheCpuRefusesFaultsAfterTheExit() throws Exception {
        VmmLoop loop = boot(KVM_LIKE,
                0xC7, 0x06, 0x34, 0x00, 0x20, 0x10, // mov word [0x34], 0x1020  (IVT[13] offset)
                0x66, 0xB8, 0x10, 0, 0, 0x20,       // mov eax, 0x20000010 (NW without CD)
                0x0F, 0x22, 0xC0,                   // mov cr0, eax
                0xFA, 0xF4,                         // cli; hlt (not reached)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0xB0, 'G', 0xE6, 0xE9, 0xFA, 0xF4); // 0x1020: mov al,'G'; out 0xe9,al; cli; hlt
        assertEquals(RunOutcome.HALTED, HeadlessRun.run(loop, RunLimits.DEFAULT).outcome());
        assertEquals("G", console.toString());
        assertEquals(VmxExitReason.CR_ACCESS, exits.get(0).reason());
        assertEquals(ExitPath.KERNEL_CR_ACCESS, exits.get(0).path());
    }
}
