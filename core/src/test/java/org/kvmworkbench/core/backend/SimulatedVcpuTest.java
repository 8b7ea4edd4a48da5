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
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.EptViolationQualification;
import org.kvmworkbench.core.vmx.VmcsField;
import org.kvmworkbench.core.vmx.VmxControls;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** Exits the samples don't reach: exception bitmap, MMIO (EPT violation then misconfiguration), hypercalls. */
class SimulatedVcpuTest {
    @TempDir Path dir;
    final StringBuilder console = new StringBuilder();
    final List<ExitRecord> exits = new ArrayList<>();

    private VmmLoop boot(byte[] code, Controls controls, int memory) throws Exception {
        Files.write(dir.resolve("g.bin"), code);
        VmConfig c = new VmConfig("t", null, memory, BackendChoice.SIMULATED, "g.bin", 0x1000, new Entry(0, 0x1000),
                List.of(new DebugconConfig(0xE9)), controls, KvmOptions.defaults(), dir);
        VmmLoop loop = new VmmLoop(new SimulatedVcpu(c, (s, b) -> console.append((char) b), "test"));
        loop.setListener(exits::add);
        return loop;
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    @Test
    void interceptedExceptionExitsThenIsReinjectedThroughTheIvt() throws Exception {
        Controls ud = new Controls(Controls.IoMode.UNCONDITIONAL, List.of(), true, false, Controls.MsrMode.ALL, List.of(), List.of(6));
        // IVT[6] = 0000:1010 (handler prints 'U' and halts); at 0x1000: cli; ud2
        byte[] code = new byte[0x20];
        int[] main = {0xC7, 0x06, 0x18, 0x00, 0x10, 0x10, // mov word [0x18], 0x1010   (IVT entry 6, offset)
                0xFA, 0x0F, 0x0B};                         // cli; ud2
        for (int i = 0; i < main.length; i++) code[i] = (byte) main[i];
        int[] handler = {0xB0, 'U', 0xE6, 0xE9, 0xF4};    // mov al,'U'; out 0xe9,al; hlt
        for (int i = 0; i < handler.length; i++) code[0x10 + i] = (byte) handler[i];
        VmmLoop loop = boot(code, ud, 64 * 1024);
        HeadlessRun.Result r = HeadlessRun.run(loop, RunLimits.DEFAULT);
        assertEquals(RunOutcome.HALTED, r.outcome());
        assertEquals("U", console.toString());
        ExitRecord ex = exits.get(0);
        assertEquals(VmxExitReason.EXCEPTION_NMI, ex.reason());
        assertEquals(6 | VmxControls.INTR_TYPE_HARD_EXCEPTION | VmxControls.INTR_INFO_VALID, ex.interruptionInfo());
        assertNull(ex.kvmExit());
        assertEquals(ExitPath.KERNEL_EXCEPTION, ex.path());
        assertEquals("SVM_EXIT_EXCP_BASE+6 (0x046)", ex.svm());
    }

    @Test
    void mmioAboveRamIsAnEptViolationThenMisconfigurations() throws Exception {
        // 64 KiB of RAM; ES = 0x2000 → linear 0x20000, no RAM there.
        byte[] code = bytes(0xB8, 0x00, 0x20,        // mov ax, 0x2000
                0x8E, 0xC0,                          // mov es, ax
                0x26, 0xC6, 0x06, 0x10, 0x00, 0x5A,  // mov byte [es:0x10], 0x5a   (write: EPT violation, first touch)
                0x26, 0xA0, 0x10, 0x00,              // mov al, [es:0x10]           (read: EPT misconfig, same page)
                0xE6, 0xE9,                          // out 0xe9, al
                0xFA, 0xF4);                         // cli; hlt
        VmmLoop loop = boot(code, Controls.defaults(), 64 * 1024);
        assertEquals(RunOutcome.HALTED, HeadlessRun.run(loop, RunLimits.DEFAULT).outcome());
        ExitRecord write = exits.get(0), read = exits.get(1);
        assertEquals(VmxExitReason.EPT_VIOLATION, write.reason());
        assertEquals(KvmExitReason.MMIO, write.kvmExit());
        assertEquals(0x20010, write.guestPhysical());
        assertEquals(EptViolationQualification.unmappedAccess(true).encode(), write.qualification());
        assertTrue(write.access().write());
        assertEquals(0x5A, write.access().value());
        assertEquals(VmxExitReason.EPT_MISCONFIG, read.reason());
        assertEquals(0, read.qualification());
        assertEquals(0x20010, read.guestPhysical());
        assertEquals(4, read.instructionLength());
        // no device there: the read returns 0 and the instruction completes with it
        assertEquals(0, exits.get(2).access().value());
        assertEquals("\0", console.toString());
        assertEquals(0x20010, loop.vcpu().vmcs().snapshot().value(VmcsField.GUEST_PHYSICAL_ADDRESS));
    }

    @Test
    void vmcallIsAnsweredInTheKernelWithEnosys() throws Exception {
        byte[] code = bytes(0x0F, 0x01, 0xC1,    // vmcall
                0x66, 0xE7, 0xE9,                // out 0xe9, eax  (shows EAX)
                0xFA, 0xF4);
        VmmLoop loop = boot(code, Controls.defaults(), 64 * 1024);
        HeadlessRun.run(loop, RunLimits.DEFAULT);
        assertEquals(VmxExitReason.VMCALL, exits.get(0).reason());
        assertEquals(ExitPath.KERNEL_HYPERCALL, exits.get(0).path());
        assertEquals(3, exits.get(0).instructionLength());
        assertEquals(0xFFFF_FC18L, exits.get(1).access().value()); // -KVM_ENOSYS (1000) as 32 bits
    }

    @Test
    void vmcsHoldsTheExitInformationOfTheLatestExit() throws Exception {
        byte[] code = bytes(0xBA, 0xF8, 0x03,  // mov dx, 0x3f8
                0xB0, 0x41, 0xEE,              // mov al,'A'; out dx, al
                0xFA, 0xF4);
        VmmLoop loop = boot(code, Controls.defaults(), 64 * 1024);
        loop.step(100);
        var vmcs = loop.vcpu().vmcs().snapshot();
        assertEquals(30, vmcs.value(VmcsField.VM_EXIT_REASON));
        assertEquals(0x03F8_0000L, vmcs.value(VmcsField.EXIT_QUALIFICATION));
        assertEquals(1, vmcs.value(VmcsField.VM_EXIT_INSTRUCTION_LEN));
        assertTrue(vmcs.entry(VmcsField.VM_EXIT_REASON).changedByLastExit());
        // between steps the VM rests at its exit: the device has the byte, VM entry waits for the next step
        assertEquals(0x1005, vmcs.value(VmcsField.GUEST_RIP));
        assertEquals('A', exits.get(0).access().value());
        assertEquals(0x1005, exits.get(0).regs().rip(), "the exit record keeps RIP at the exiting instruction");
        loop.step(100); // cli; hlt with IF=0: the VM stops at the HLT exit, no entry
        var after = loop.vcpu().vmcs().snapshot();
        assertEquals(12, after.value(VmcsField.VM_EXIT_REASON));
        assertEquals(0x1007, after.value(VmcsField.GUEST_RIP));
    }

    @Test
    void mmioIoeventfdKickTakesItsOwnKernelPathFromTheFirstTouch() throws Exception {
        // mov ax,0xD000; mov es,ax; mov cx,3; l: mov dword [es:0x50],1; loop l; cli; hlt  (QueueNotify of 0xD0000)
        Files.write(dir.resolve("k.bin"), bytes(0xB8, 0x00, 0xD0, 0x8E, 0xC0, 0xB9, 3, 0, 0x26, 0x66, 0xC7, 0x06, 0x50,
                0x00, 0x01, 0x00, 0x00, 0x00, 0xE2, 0xF4, 0xFA, 0xF4));
        VmConfig c = new VmConfig("t", null, 64 * 1024, BackendChoice.SIMULATED, "k.bin", 0x1000, new Entry(0, 0x1000),
                List.of(new DebugconConfig(0xE9), VirtioConsoleConfig.mmio(0xD0000, true)), Controls.defaults(),
                KvmOptions.defaults(), dir);
        VmmLoop loop = new VmmLoop(new SimulatedVcpu(c, (s, b) -> { }, "test"));
        loop.setListener(exits::add);
        assertEquals(RunOutcome.HALTED, HeadlessRun.run(loop, RunLimits.DEFAULT).outcome());
        List<ExitRecord> kicks = exits.stream().filter(e -> e.path() == ExitPath.KERNEL_MMIO_IOEVENTFD).toList();
        assertEquals(3, kicks.size());
        // the kick is the page's first touch: EPT violation (48); the next two are EPT misconfigurations (49)
        assertEquals(VmxExitReason.EPT_VIOLATION, kicks.get(0).reason());
        assertEquals(VmxExitReason.EPT_MISCONFIG, kicks.get(1).reason());
        assertEquals(VmxExitReason.EPT_MISCONFIG, kicks.get(2).reason());
        for (ExitRecord k : kicks) {
            assertNull(k.kvmExit());
            assertEquals(0xD0050, k.access().address());
        }
        assertFalse(exits.stream().anyMatch(e -> e.path() == ExitPath.KERNEL_IOEVENTFD));
        assertEquals(1, exits.stream().filter(e -> e.kvmExit() != null).count()); // only the final HLT
    }
}
