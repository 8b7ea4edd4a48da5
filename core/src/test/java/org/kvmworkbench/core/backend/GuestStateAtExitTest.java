package org.kvmworkbench.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.i18n.TranslationFiles;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.Reg;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;

/**
 * The guest-state area of the simulator's VMCS at every VM exit and after every VM entry, checked against the CPU
 * field by field (the mapping written out here, independently of {@link GuestStateSaver}), with the "changed by the
 * latest exit" marks checked against the values the previous exit left. Runs a guest written to change segments
 * (CS by a far jump), IDTR, GDTR, CR0 (LMSW, CLTS, MOV), CR3, CR4, SS:SP and flags between port exits, and every
 * sample: a write of the system state that does not move {@link Cpu#systemStateVersion()} fails here.
 */
class GuestStateAtExitTest {
    private static final Path SAMPLES = Path.of("..", "samples");
    /** Fields written only at exits (RIP, RSP and RFLAGS are also written at VM entry). */
    private static final Set<VmcsField> AT_EXIT_ONLY = EnumSet.of(
            VmcsField.GUEST_ES_SELECTOR, VmcsField.GUEST_CS_SELECTOR, VmcsField.GUEST_SS_SELECTOR,
            VmcsField.GUEST_DS_SELECTOR, VmcsField.GUEST_FS_SELECTOR, VmcsField.GUEST_GS_SELECTOR,
            VmcsField.GUEST_ES_BASE, VmcsField.GUEST_CS_BASE, VmcsField.GUEST_SS_BASE, VmcsField.GUEST_DS_BASE,
            VmcsField.GUEST_FS_BASE, VmcsField.GUEST_GS_BASE, VmcsField.GUEST_ES_LIMIT, VmcsField.GUEST_CS_LIMIT,
            VmcsField.GUEST_SS_LIMIT, VmcsField.GUEST_DS_LIMIT, VmcsField.GUEST_FS_LIMIT, VmcsField.GUEST_GS_LIMIT,
            VmcsField.GUEST_ES_AR_BYTES, VmcsField.GUEST_CS_AR_BYTES, VmcsField.GUEST_SS_AR_BYTES,
            VmcsField.GUEST_DS_AR_BYTES, VmcsField.GUEST_FS_AR_BYTES, VmcsField.GUEST_GS_AR_BYTES,
            VmcsField.GUEST_CR0, VmcsField.GUEST_CR3, VmcsField.GUEST_CR4, VmcsField.GUEST_IA32_EFER,
            VmcsField.GUEST_GDTR_BASE, VmcsField.GUEST_GDTR_LIMIT, VmcsField.GUEST_IDTR_BASE, VmcsField.GUEST_IDTR_LIMIT);
    private static final Set<VmcsField> AT_ENTRY_TOO = EnumSet.of(VmcsField.GUEST_RIP, VmcsField.GUEST_RSP,
            VmcsField.GUEST_RFLAGS);

    @TempDir Path dir;

    @Test
    void everyExitOfAGuestThatChangesItsSystemStateShowsItExactly() throws Exception {
        byte[] code = new byte[0x120];
        int[] main = {
            0xB8, 0x00, 0x01, 0x8E, 0xD8, 0xE6, 0xE9,       // mov ax,0x100; mov ds,ax; out 0xe9,al
            0xB8, 0x00, 0x02, 0x8E, 0xC0, 0xE6, 0xE9,       // mov ax,0x200; mov es,ax; out 0xe9,al
            0x06, 0x0F, 0xA1, 0xE6, 0xE9,                   // push es; pop fs; out 0xe9,al
            0x31, 0xC0, 0x8E, 0xD8,                         // xor ax,ax; mov ds,ax
            0x0F, 0x01, 0x1E, 0x00, 0x11, 0xE6, 0xE9,       // lidt [0x1100]; out 0xe9,al
            0x0F, 0x01, 0x16, 0x08, 0x11, 0xE6, 0xE9,       // lgdt [0x1108]; out 0xe9,al
            0x0F, 0x01, 0xE0, 0x0C, 0x08, 0x0F, 0x01, 0xF0, // smsw ax; or al,8 (TS); lmsw ax
            0xE6, 0xE9,                                     // out 0xe9,al
            0x0F, 0x06, 0xE6, 0xE9,                         // clts; out 0xe9,al
            0xB8, 0x00, 0x30, 0x8E, 0xD0, 0xBC, 0x00, 0x02, // mov ax,0x3000; mov ss,ax; mov sp,0x200
            0xE6, 0xE9,                                     // out 0xe9,al
            0x50, 0xFE, 0xC0, 0xE6, 0xE9,                   // push ax; inc al; out 0xe9,al
            0xBE, 0x10, 0x11, 0xB9, 0x03, 0x00, 0xBA, 0xE9, 0x00, // mov si,0x1110; mov cx,3; mov dx,0xe9
            0xF3, 0x6E, 0xEC, 0xF9, 0xE6, 0xE9,             // rep outsb; in al,dx; stc; out 0xe9,al
            0x66, 0xB8, 0x00, 0x50, 0x00, 0x00,             // mov eax,0x5000
            0x0F, 0x22, 0xD8, 0xE6, 0xE9,                   // mov cr3,eax; out 0xe9,al
            0x0F, 0x20, 0xE0, 0x0C, 0x08, 0x0F, 0x22, 0xE0, // mov eax,cr4; or al,8 (DE); mov cr4,eax
            0xE6, 0xE9,                                     // out 0xe9,al
            0x0F, 0x20, 0xC0, 0x0C, 0x08, 0x0F, 0x22, 0xC0, // mov eax,cr0; or al,8 (TS); mov cr0,eax
            0xE6, 0xE9};                                    // out 0xe9,al
        for (int i = 0; i < main.length; i++) code[i] = (byte) main[i];
        int target = main.length + 5; // jmp 0x0100:target lands on the next byte (CS base 0x1000)
        int[] tail = {0xEA, target & 0xFF, target >> 8, 0x00, 0x01, // jmp far 0x0100:target
            0xE6, 0xE9, 0xF4};                                      // out 0xe9,al; hlt
        for (int i = 0; i < tail.length; i++) code[main.length + i] = (byte) tail[i];
        int[] tables = {0x34, 0x12, 0x45, 0x23, 0x01, 0x00, 0, 0,  // 0x1100: IDTR limit 0x1234, base 0x012345
            0xFF, 0x0F, 0x00, 0x00, 0x02, 0x00, 0, 0,               // 0x1108: GDTR limit 0x0FFF, base 0x020000
            'a', 'b', 'c'};                                         // 0x1110: the OUTSB bytes
        for (int i = 0; i < tables.length; i++) code[0x100 + i] = (byte) tables[i];
        Files.write(dir.resolve("g.bin"), code);
        VmConfig c = new VmConfig("t", null, 256 * 1024, BackendChoice.SIMULATED, "g.bin", 0x1000, new Entry(0, 0x1000),
                List.of(new DebugconConfig(0xE9)), Controls.defaults(), KvmOptions.defaults(), dir);
        try (SimulatedVcpu vcpu = new SimulatedVcpu(c, (s, b) -> { }, "test")) {
            Set<VmcsField> changed = run(vcpu, 200);
            assertTrue(changed.containsAll(EnumSet.of(VmcsField.GUEST_DS_SELECTOR, VmcsField.GUEST_DS_BASE,
                    VmcsField.GUEST_ES_BASE, VmcsField.GUEST_FS_SELECTOR, VmcsField.GUEST_SS_BASE,
                    VmcsField.GUEST_IDTR_BASE, VmcsField.GUEST_IDTR_LIMIT, VmcsField.GUEST_GDTR_BASE,
                    VmcsField.GUEST_GDTR_LIMIT, VmcsField.GUEST_CR0, VmcsField.GUEST_CR3, VmcsField.GUEST_CR4,
                    VmcsField.GUEST_CS_SELECTOR, VmcsField.GUEST_CS_BASE, VmcsField.GUEST_RSP, VmcsField.GUEST_RFLAGS)),
                    "the guest changed these between exits; seen changing: " + changed);
            assertEquals(0x0100, vcpu.cpu().selector[org.kvmworkbench.core.cpu.Seg.CS], "the guest ran to its end");
        }
    }

    @Test
    void everyExitOfEverySampleShowsTheCpuExactly() throws Exception {
        List<Path> configs;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            configs = s.filter(p -> p.toString().endsWith(".yaml") && !TranslationFiles.isTranslation(p)).sorted().toList();
        }
        assertTrue(configs.size() >= 10, "samples found: " + configs);
        for (Path p : configs) {
            try (SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(p), (s, b) -> { }, "test")) {
                run(vcpu, 3_000);
            } catch (AssertionError e) {
                throw new AssertionError(p.getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Drive the vCPU as VmmLoop does, checking the VMCS at each exit and after each entry; the fields seen changing. */
    private static Set<VmcsField> run(SimulatedVcpu vcpu, int maxExits) {
        Set<VmcsField> seenChanging = EnumSet.noneOf(VmcsField.class);
        ExitDispatcher dispatcher = new ExitDispatcher();
        Vmcs.Copy previous = new Vmcs.Copy(), now = new Vmcs.Copy();
        assertTrue(vcpu.vmcs().readInto(previous));
        assertMatchesCpu(previous, vcpu.cpu(), AT_EXIT_ONLY, "at reset");
        int exits = 0, idle = 0;
        while (exits < maxExits && idle < 20) {
            VcpuExit e = vcpu.run(10_000);
            if (e == null) {
                idle++;
                continue;
            }
            exits++;
            assertTrue(vcpu.vmcs().readInto(now));
            String where = "exit " + exits + " (" + e.reason + ", " + e.path + ")";
            assertMatchesCpu(now, vcpu.cpu(), AT_EXIT_ONLY, where);
            if (e.path.isVmExit()) assertMatchesCpu(now, vcpu.cpu(), AT_ENTRY_TOO, where);
            for (VmcsField f : AT_EXIT_ONLY) {
                boolean differs = now.value(f) != previous.value(f);
                assertEquals(differs, now.changedByLastExit(f), where + ": " + f + " marked as changed");
                if (differs) seenChanging.add(f);
            }
            for (VmcsField f : AT_ENTRY_TOO) if (now.value(f) != previous.value(f)) seenChanging.add(f);
            if (e.stops || e.path == ExitPath.USERSPACE_HLT) break;
            if (e.path.reachesUserspace()) dispatcher.dispatch(e, vcpu.machine());
            vcpu.resume(e);
            assertTrue(vcpu.vmcs().readInto(previous));
            assertMatchesCpu(previous, vcpu.cpu(), AT_ENTRY_TOO, "entry after " + where);
        }
        return seenChanging;
    }

    private static void assertMatchesCpu(Vmcs.Copy v, Cpu c, Set<VmcsField> fields, String where) {
        for (VmcsField f : fields) assertEquals(expected(f, c), v.value(f), where + ": " + f);
    }

    /** What the SDM's "saving guest state" step puts in each field (Vol. 3C §28.3.1, §28.3.2), from this CPU. */
    private static long expected(VmcsField f, Cpu c) {
        switch (f) {
            case GUEST_RIP: return c.eip & 0xFFFF_FFFFL;
            case GUEST_RSP: return c.gpr[Reg.ESP] & 0xFFFF_FFFFL;
            case GUEST_RFLAGS: return c.eflags() & 0xFFFF_FFFFL;
            case GUEST_CR0: return c.cr0;
            case GUEST_CR3: return c.cr3;
            case GUEST_CR4: return c.cr4;
            case GUEST_IA32_EFER: return c.efer;
            case GUEST_GDTR_BASE: return c.gdtrBase & 0xFFFF_FFFFL;
            case GUEST_GDTR_LIMIT: return c.gdtrLimit;
            case GUEST_IDTR_BASE: return c.idtrBase & 0xFFFF_FFFFL;
            case GUEST_IDTR_LIMIT: return c.idtrLimit;
            default: break;
        }
        String name = f.name(); // GUEST_<SEG>_<PART>
        int seg = List.of("ES", "CS", "SS", "DS", "FS", "GS").indexOf(name.substring(6, 8));
        if (name.endsWith("_SELECTOR")) return c.selector[seg];
        if (name.endsWith("_BASE")) return c.segBase[seg] & 0xFFFF_FFFFL;
        if (name.endsWith("_LIMIT")) return c.segLimit[seg] & 0xFFFF_FFFFL;
        if (name.endsWith("_AR_BYTES")) return c.segAccess[seg];
        throw new AssertionError("no expectation for " + f);
    }
}
