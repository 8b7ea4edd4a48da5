package org.kvmworkbench.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles kvm_uapi_constants.c against this machine's uapi headers (linux/kvm.h, asm/kvm.h, glibc) and checks that
 * every ioctl number, flag and struct offset the Java code hard-codes is what gcc computes. Skipped without gcc or
 * the headers (Debian: linux-libc-dev).
 */
class KvmIoctlsMatchHeadersTest {
    @TempDir Path dir;

    @Test
    void javaConstantsMatchTheHeaders() throws Exception {
        Map<String, Long> fromC = headerValues();
        Map<String, Long> java = javaValues();
        TreeSet<String> missing = new TreeSet<>(fromC.keySet());
        missing.removeAll(java.keySet());
        assertEquals(new TreeSet<>(), missing, "printed by the C program but not checked against Java");
        Map<String, String> wrong = new TreeMap<>();
        java.forEach((name, value) -> {
            Long c = fromC.get(name);
            if (!value.equals(c)) wrong.put(name, String.format("java 0x%x, headers %s", value,
                    c == null ? "(not printed)" : String.format("0x%x", c)));
        });
        assertEquals(Map.of(), wrong);
    }

    private Map<String, Long> headerValues() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) || onPath("gcc"), "gcc not installed");
        assumeTrue(Files.exists(Path.of("/usr/include/linux/kvm.h")), "Linux uapi headers not installed");
        Path source = dir.resolve("kvm_uapi_constants.c");
        try (InputStream in = getClass().getResourceAsStream("kvm_uapi_constants.c")) {
            Files.copy(in, source);
        }
        Path exe = dir.resolve("kvm_uapi_constants");
        run("gcc", "-Wall", "-o", exe.toString(), source.toString());
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : run(exe.toString()).split("\n")) {
            if (line.isBlank()) continue;
            String[] kv = line.trim().split(" ");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return values;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    private static Map<String, Long> javaValues() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("KVMIO", (long) KvmIoctls.KVMIO);
        m.put("KVM_API_VERSION", (long) KvmIoctls.KVM_API_VERSION);
        m.put("KVM_GET_API_VERSION", KvmIoctls.KVM_GET_API_VERSION);
        m.put("KVM_CREATE_VM", KvmIoctls.KVM_CREATE_VM);
        m.put("KVM_CHECK_EXTENSION", KvmIoctls.KVM_CHECK_EXTENSION);
        m.put("KVM_GET_VCPU_MMAP_SIZE", KvmIoctls.KVM_GET_VCPU_MMAP_SIZE);
        m.put("KVM_GET_SUPPORTED_CPUID", KvmIoctls.KVM_GET_SUPPORTED_CPUID);
        m.put("KVM_SET_USER_MEMORY_REGION", KvmIoctls.KVM_SET_USER_MEMORY_REGION);
        m.put("KVM_CREATE_VCPU", KvmIoctls.KVM_CREATE_VCPU);
        m.put("KVM_IOEVENTFD", KvmIoctls.KVM_IOEVENTFD);
        m.put("KVM_CREATE_IRQCHIP", KvmIoctls.KVM_CREATE_IRQCHIP);
        m.put("KVM_IRQFD", KvmIoctls.KVM_IRQFD);
        m.put("KVM_RUN", KvmIoctls.KVM_RUN);
        m.put("KVM_GET_REGS", KvmIoctls.KVM_GET_REGS);
        m.put("KVM_SET_REGS", KvmIoctls.KVM_SET_REGS);
        m.put("KVM_GET_SREGS", KvmIoctls.KVM_GET_SREGS);
        m.put("KVM_SET_SREGS", KvmIoctls.KVM_SET_SREGS);
        m.put("KVM_SET_CPUID2", KvmIoctls.KVM_SET_CPUID2);
        m.put("KVM_SET_GUEST_DEBUG", KvmIoctls.KVM_SET_GUEST_DEBUG);
        m.put("KVM_CAP_IOEVENTFD", (long) KvmIoctls.KVM_CAP_IOEVENTFD);
        m.put("KVM_CAP_IRQCHIP", (long) KvmIoctls.KVM_CAP_IRQCHIP);
        m.put("KVM_CAP_IMMEDIATE_EXIT", (long) KvmIoctls.KVM_CAP_IMMEDIATE_EXIT);
        m.put("KVM_CAP_SET_GUEST_DEBUG", (long) KvmIoctls.KVM_CAP_SET_GUEST_DEBUG);
        m.put("KVM_CAP_EXT_CPUID", (long) KvmIoctls.KVM_CAP_EXT_CPUID);
        m.put("KVM_CAP_USER_MEMORY", (long) KvmIoctls.KVM_CAP_USER_MEMORY);
        m.put("KVM_CAP_SYNC_REGS", (long) KvmIoctls.KVM_CAP_SYNC_REGS);
        m.put("KVM_SYNC_X86_REGS", KvmIoctls.KVM_SYNC_X86_REGS);
        m.put("KVM_SYNC_X86_SREGS", KvmIoctls.KVM_SYNC_X86_SREGS);
        m.put("KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES",
                KvmIoctls.KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES);
        m.put("KVM_IOEVENTFD_FLAG_DATAMATCH", (long) KvmIoctls.KVM_IOEVENTFD_FLAG_DATAMATCH);
        m.put("KVM_IOEVENTFD_FLAG_PIO", (long) KvmIoctls.KVM_IOEVENTFD_FLAG_PIO);
        m.put("KVM_IOEVENTFD_FLAG_DEASSIGN", (long) KvmIoctls.KVM_IOEVENTFD_FLAG_DEASSIGN);
        m.put("KVM_GUESTDBG_ENABLE", (long) KvmIoctls.KVM_GUESTDBG_ENABLE);
        m.put("KVM_GUESTDBG_SINGLESTEP", (long) KvmIoctls.KVM_GUESTDBG_SINGLESTEP);
        m.put("KVM_EXIT_UNKNOWN", (long) KvmIoctls.KVM_EXIT_UNKNOWN);
        m.put("KVM_EXIT_IO", (long) KvmIoctls.KVM_EXIT_IO);
        m.put("KVM_EXIT_DEBUG", (long) KvmIoctls.KVM_EXIT_DEBUG);
        m.put("KVM_EXIT_HLT", (long) KvmIoctls.KVM_EXIT_HLT);
        m.put("KVM_EXIT_MMIO", (long) KvmIoctls.KVM_EXIT_MMIO);
        m.put("KVM_EXIT_SHUTDOWN", (long) KvmIoctls.KVM_EXIT_SHUTDOWN);
        m.put("KVM_EXIT_FAIL_ENTRY", (long) KvmIoctls.KVM_EXIT_FAIL_ENTRY);
        m.put("KVM_EXIT_INTR", (long) KvmIoctls.KVM_EXIT_INTR);
        m.put("KVM_EXIT_INTERNAL_ERROR", (long) KvmIoctls.KVM_EXIT_INTERNAL_ERROR);
        m.put("KVM_EXIT_IO_IN", (long) KvmIoctls.KVM_EXIT_IO_IN);
        m.put("KVM_EXIT_IO_OUT", (long) KvmIoctls.KVM_EXIT_IO_OUT);
        m.put("KVM_INTERNAL_ERROR_EMULATION", (long) KvmIoctls.KVM_INTERNAL_ERROR_EMULATION);
        m.put("KVM_PIO_PAGE_OFFSET", (long) KvmIoctls.KVM_PIO_PAGE_OFFSET);

        m.put("kvm_run.size", (long) KvmRun.STRUCT_SIZE);
        m.put("kvm_run.immediate_exit", (long) KvmRun.IMMEDIATE_EXIT);
        m.put("kvm_run.exit_reason", (long) KvmRun.EXIT_REASON);
        m.put("kvm_run.if_flag", (long) KvmRun.IF_FLAG);
        m.put("kvm_run.kvm_valid_regs", (long) KvmRun.KVM_VALID_REGS);
        m.put("kvm_run.kvm_dirty_regs", (long) KvmRun.KVM_DIRTY_REGS);
        m.put("kvm_run.s.regs.regs", (long) KvmRun.SYNC_REGS);
        m.put("kvm_run.s.regs.sregs", (long) KvmRun.SYNC_SREGS);
        m.put("kvm_run.emulation_failure.flags", (long) KvmRun.EMULATION_FAILURE_FLAGS);
        m.put("kvm_run.emulation_failure.insn_size", (long) KvmRun.EMULATION_FAILURE_INSN_SIZE);
        m.put("kvm_run.emulation_failure.insn_bytes", (long) KvmRun.EMULATION_FAILURE_INSN_BYTES);
        m.put("kvm_run.io.direction", (long) KvmRun.IO_DIRECTION);
        m.put("kvm_run.io.size", (long) KvmRun.IO_SIZE);
        m.put("kvm_run.io.port", (long) KvmRun.IO_PORT);
        m.put("kvm_run.io.count", (long) KvmRun.IO_COUNT);
        m.put("kvm_run.io.data_offset", (long) KvmRun.IO_DATA_OFFSET);
        m.put("kvm_run.mmio.phys_addr", (long) KvmRun.MMIO_PHYS_ADDR);
        m.put("kvm_run.mmio.data", (long) KvmRun.MMIO_DATA);
        m.put("kvm_run.mmio.len", (long) KvmRun.MMIO_LEN);
        m.put("kvm_run.mmio.is_write", (long) KvmRun.MMIO_IS_WRITE);
        m.put("kvm_run.internal.suberror", (long) KvmRun.INTERNAL_SUBERROR);
        m.put("kvm_run.internal.ndata", (long) KvmRun.INTERNAL_NDATA);
        m.put("kvm_run.internal.data", (long) KvmRun.INTERNAL_DATA);
        m.put("kvm_run.fail_entry.hardware_entry_failure_reason", (long) KvmRun.FAIL_ENTRY_REASON);
        m.put("kvm_run.fail_entry.cpu", (long) KvmRun.FAIL_ENTRY_CPU);
        m.put("kvm_run.debug.exception", (long) KvmRun.DEBUG_EXCEPTION);
        m.put("kvm_run.debug.pc", (long) KvmRun.DEBUG_PC);

        m.put("kvm_regs.size", (long) KvmRegs.SIZE);
        m.put("kvm_regs.rax", (long) KvmRegs.RAX);
        m.put("kvm_regs.rbx", (long) KvmRegs.RBX);
        m.put("kvm_regs.rcx", (long) KvmRegs.RCX);
        m.put("kvm_regs.rdx", (long) KvmRegs.RDX);
        m.put("kvm_regs.rsi", (long) KvmRegs.RSI);
        m.put("kvm_regs.rdi", (long) KvmRegs.RDI);
        m.put("kvm_regs.rsp", (long) KvmRegs.RSP);
        m.put("kvm_regs.rbp", (long) KvmRegs.RBP);
        m.put("kvm_regs.rip", (long) KvmRegs.RIP);
        m.put("kvm_regs.rflags", (long) KvmRegs.RFLAGS);

        m.put("kvm_sregs.size", (long) KvmSregs.SIZE);
        String[] segs = {"cs", "ds", "es", "fs", "gs", "ss", "tr", "ldt"};
        for (int i = 0; i < segs.length; i++) m.put("kvm_sregs." + segs[i], (long) i * KvmSregs.SEGMENT_SIZE);
        m.put("kvm_sregs.gdt", (long) KvmSregs.GDT);
        m.put("kvm_sregs.idt", (long) KvmSregs.IDT);
        m.put("kvm_sregs.cr0", (long) KvmSregs.CR0);
        m.put("kvm_sregs.cr2", (long) KvmSregs.CR2);
        m.put("kvm_sregs.cr3", (long) KvmSregs.CR3);
        m.put("kvm_sregs.cr4", (long) KvmSregs.CR4);
        m.put("kvm_sregs.efer", (long) KvmSregs.EFER);
        m.put("kvm_segment.size", (long) KvmSregs.SEGMENT_SIZE);
        m.put("kvm_segment.base", (long) KvmSregs.SEG_BASE);
        m.put("kvm_segment.limit", (long) KvmSregs.SEG_LIMIT);
        m.put("kvm_segment.selector", (long) KvmSregs.SEG_SELECTOR);
        m.put("kvm_segment.type", (long) KvmSregs.SEG_TYPE);
        m.put("kvm_segment.present", (long) KvmSregs.SEG_PRESENT);
        m.put("kvm_segment.dpl", (long) KvmSregs.SEG_DPL);
        m.put("kvm_segment.db", (long) KvmSregs.SEG_DB);
        m.put("kvm_segment.s", (long) KvmSregs.SEG_S);
        m.put("kvm_segment.l", (long) KvmSregs.SEG_L);
        m.put("kvm_segment.g", (long) KvmSregs.SEG_G);
        m.put("kvm_segment.avl", (long) KvmSregs.SEG_AVL);
        m.put("kvm_segment.unusable", (long) KvmSregs.SEG_UNUSABLE);
        m.put("kvm_dtable.base", (long) KvmSregs.DTABLE_BASE);
        m.put("kvm_dtable.limit", (long) KvmSregs.DTABLE_LIMIT);

        m.put("kvm_userspace_memory_region.size", (long) UserspaceMemoryRegion.SIZE);
        m.put("kvm_userspace_memory_region.slot", (long) UserspaceMemoryRegion.SLOT);
        m.put("kvm_userspace_memory_region.flags", (long) UserspaceMemoryRegion.FLAGS);
        m.put("kvm_userspace_memory_region.guest_phys_addr", (long) UserspaceMemoryRegion.GUEST_PHYS_ADDR);
        m.put("kvm_userspace_memory_region.memory_size", (long) UserspaceMemoryRegion.MEMORY_SIZE);
        m.put("kvm_userspace_memory_region.userspace_addr", (long) UserspaceMemoryRegion.USERSPACE_ADDR);
        m.put("kvm_ioeventfd.size", (long) IoEventFd.SIZE);
        m.put("kvm_ioeventfd.datamatch", (long) IoEventFd.DATAMATCH);
        m.put("kvm_ioeventfd.addr", (long) IoEventFd.ADDR);
        m.put("kvm_ioeventfd.len", (long) IoEventFd.LEN);
        m.put("kvm_ioeventfd.fd", (long) IoEventFd.FD);
        m.put("kvm_ioeventfd.flags", (long) IoEventFd.FLAGS);
        m.put("kvm_guest_debug.size", (long) GuestDebug.SIZE);
        m.put("kvm_guest_debug.control", (long) GuestDebug.CONTROL);
        m.put("kvm_guest_debug.arch", (long) GuestDebug.ARCH);
        m.put("kvm_cpuid2.size", (long) Cpuid2.HEADER);
        m.put("kvm_cpuid2.nent", (long) Cpuid2.NENT);
        m.put("kvm_cpuid2.entries", (long) Cpuid2.HEADER);
        m.put("kvm_cpuid_entry2.size", (long) Cpuid2.ENTRY_SIZE);
        m.put("kvm_cpuid_entry2.function", (long) Cpuid2.FUNCTION);
        m.put("kvm_cpuid_entry2.index", (long) Cpuid2.INDEX);
        m.put("kvm_cpuid_entry2.flags", (long) Cpuid2.FLAGS);
        m.put("kvm_cpuid_entry2.eax", (long) Cpuid2.EAX);
        m.put("kvm_cpuid_entry2.ebx", (long) Cpuid2.EBX);
        m.put("kvm_cpuid_entry2.ecx", (long) Cpuid2.ECX);
        m.put("kvm_cpuid_entry2.edx", (long) Cpuid2.EDX);

        m.put("KVM_IRQ_LINE", KvmIoctls.KVM_IRQ_LINE);
        m.put("KVM_GET_IRQCHIP", KvmIoctls.KVM_GET_IRQCHIP);
        m.put("KVM_CREATE_PIT2", KvmIoctls.KVM_CREATE_PIT2);
        m.put("KVM_GET_PIT2", KvmIoctls.KVM_GET_PIT2);
        m.put("KVM_SET_IRQCHIP", KvmIoctls.KVM_SET_IRQCHIP);
        m.put("KVM_SET_PIT2", KvmIoctls.KVM_SET_PIT2);
        m.put("KVM_GET_MP_STATE", KvmIoctls.KVM_GET_MP_STATE);
        m.put("KVM_SET_MP_STATE", KvmIoctls.KVM_SET_MP_STATE);
        m.put("KVM_MP_STATE_RUNNABLE", (long) KvmIoctls.KVM_MP_STATE_RUNNABLE);
        m.put("KVM_MP_STATE_HALTED", (long) KvmIoctls.KVM_MP_STATE_HALTED);
        m.put("kvm_mp_state.size", 4L);
        m.put("KVM_CAP_PIT2", (long) KvmIoctls.KVM_CAP_PIT2);
        m.put("KVM_CAP_IRQFD", (long) KvmIoctls.KVM_CAP_IRQFD);
        m.put("KVM_CAP_PIT_STATE2", (long) KvmIoctls.KVM_CAP_PIT_STATE2);
        m.put("KVM_IRQFD_FLAG_DEASSIGN", (long) KvmIoctls.KVM_IRQFD_FLAG_DEASSIGN);
        m.put("KVM_PIT_SPEAKER_DUMMY", (long) KvmIoctls.KVM_PIT_SPEAKER_DUMMY);
        m.put("KVM_IRQCHIP_PIC_MASTER", (long) IrqchipState.PIC_MASTER);
        m.put("KVM_IRQCHIP_PIC_SLAVE", (long) IrqchipState.PIC_SLAVE);
        m.put("kvm_irq_level.size", (long) IrqLevel.SIZE);
        m.put("kvm_irq_level.irq", (long) IrqLevel.IRQ);
        m.put("kvm_irq_level.level", (long) IrqLevel.LEVEL);
        m.put("kvm_irqfd.size", (long) IrqFd.SIZE);
        m.put("kvm_irqfd.fd", (long) IrqFd.FD);
        m.put("kvm_irqfd.gsi", (long) IrqFd.GSI);
        m.put("kvm_irqfd.flags", (long) IrqFd.FLAGS);
        m.put("kvm_irqfd.resamplefd", (long) IrqFd.RESAMPLEFD);
        m.put("kvm_pit_config.size", (long) PitConfig.SIZE);
        m.put("kvm_pit_config.flags", (long) PitConfig.FLAGS);
        m.put("kvm_irqchip.size", (long) IrqchipState.SIZE);
        m.put("kvm_irqchip.chip_id", (long) IrqchipState.CHIP_ID);
        m.put("kvm_irqchip.chip", (long) IrqchipState.CHIP);
        m.put("kvm_pic_state.size", (long) IrqchipState.PIC_STATE_SIZE);
        m.put("kvm_pic_state.last_irr", (long) IrqchipState.PIC_LAST_IRR);
        m.put("kvm_pic_state.irr", (long) IrqchipState.PIC_IRR);
        m.put("kvm_pic_state.imr", (long) IrqchipState.PIC_IMR);
        m.put("kvm_pic_state.isr", (long) IrqchipState.PIC_ISR);
        m.put("kvm_pic_state.priority_add", (long) IrqchipState.PIC_PRIORITY_ADD);
        m.put("kvm_pic_state.irq_base", (long) IrqchipState.PIC_IRQ_BASE);
        m.put("kvm_pic_state.read_reg_select", (long) IrqchipState.PIC_READ_REG_SELECT);
        m.put("kvm_pic_state.poll", (long) IrqchipState.PIC_POLL);
        m.put("kvm_pic_state.special_mask", (long) IrqchipState.PIC_SPECIAL_MASK);
        m.put("kvm_pic_state.init_state", (long) IrqchipState.PIC_INIT_STATE);
        m.put("kvm_pic_state.auto_eoi", (long) IrqchipState.PIC_AUTO_EOI);
        m.put("kvm_pic_state.rotate_on_auto_eoi", (long) IrqchipState.PIC_ROTATE_ON_AUTO_EOI);
        m.put("kvm_pic_state.special_fully_nested_mode", (long) IrqchipState.PIC_SPECIAL_FULLY_NESTED_MODE);
        m.put("kvm_pic_state.init4", (long) IrqchipState.PIC_INIT4);
        m.put("kvm_pic_state.elcr", (long) IrqchipState.PIC_ELCR);
        m.put("kvm_pic_state.elcr_mask", (long) IrqchipState.PIC_ELCR_MASK);
        m.put("kvm_pit_state2.size", (long) PitState2.SIZE);
        m.put("kvm_pit_state2.channels", 0L);
        m.put("kvm_pit_state2.flags", (long) PitState2.FLAGS);
        m.put("kvm_pit_channel_state.size", (long) PitState2.CHANNEL_SIZE);
        m.put("kvm_pit_channel_state.count", (long) PitState2.COUNT);
        m.put("kvm_pit_channel_state.latched_count", (long) PitState2.LATCHED_COUNT);
        m.put("kvm_pit_channel_state.count_latched", (long) PitState2.COUNT_LATCHED);
        m.put("kvm_pit_channel_state.status_latched", (long) PitState2.STATUS_LATCHED);
        m.put("kvm_pit_channel_state.status", (long) PitState2.STATUS);
        m.put("kvm_pit_channel_state.read_state", (long) PitState2.READ_STATE);
        m.put("kvm_pit_channel_state.write_state", (long) PitState2.WRITE_STATE);
        m.put("kvm_pit_channel_state.write_latch", (long) PitState2.WRITE_LATCH);
        m.put("kvm_pit_channel_state.rw_mode", (long) PitState2.RW_MODE);
        m.put("kvm_pit_channel_state.mode", (long) PitState2.MODE);
        m.put("kvm_pit_channel_state.bcd", (long) PitState2.BCD);
        m.put("kvm_pit_channel_state.gate", (long) PitState2.GATE);
        m.put("kvm_pit_channel_state.count_load_time", (long) PitState2.COUNT_LOAD_TIME);

        m.put("O_RDONLY", (long) LibC.O_RDONLY);
        m.put("O_RDWR", (long) LibC.O_RDWR);
        m.put("O_NONBLOCK", (long) LibC.O_NONBLOCK);
        m.put("O_CLOEXEC", (long) LibC.O_CLOEXEC);
        m.put("PROT_READ", (long) LibC.PROT_READ);
        m.put("PROT_WRITE", (long) LibC.PROT_WRITE);
        m.put("PROT_EXEC", (long) LibC.PROT_EXEC);
        m.put("MAP_SHARED", (long) LibC.MAP_SHARED);
        m.put("MAP_PRIVATE", (long) LibC.MAP_PRIVATE);
        m.put("MAP_ANONYMOUS", (long) LibC.MAP_ANONYMOUS);
        m.put("EFD_CLOEXEC", (long) LibC.EFD_CLOEXEC);
        m.put("SA_RESTART", (long) LibC.SA_RESTART);
        m.put("sigaction.size", (long) LibC.SIGACTION_SIZE);
        m.put("sigaction.sa_handler", (long) LibC.SIGACTION_HANDLER);
        m.put("sigaction.sa_mask", (long) LibC.SIGACTION_MASK);
        m.put("sigaction.sa_flags", (long) LibC.SIGACTION_FLAGS);
        m.put("SIGRTMIN", (long) LibC.__libc_current_sigrtmin());
        m.put("SIGRTMAX", (long) LibC.__libc_current_sigrtmax());
        m.put("pollfd.size", (long) LibC.POLLFD_SIZE);
        m.put("pollfd.fd", (long) LibC.POLLFD_FD);
        m.put("pollfd.events", (long) LibC.POLLFD_EVENTS);
        m.put("pollfd.revents", (long) LibC.POLLFD_REVENTS);
        m.put("POLLIN", (long) LibC.POLLIN);
        m.put("EPERM", (long) LibC.EPERM);
        m.put("ENOENT", (long) LibC.ENOENT);
        m.put("EINTR", (long) LibC.EINTR);
        m.put("EAGAIN", (long) LibC.EAGAIN);
        m.put("EACCES", (long) LibC.EACCES);
        m.put("ENODEV", (long) LibC.ENODEV);
        m.put("ENXIO", (long) LibC.ENXIO);
        m.put("EINVAL", (long) LibC.EINVAL);
        return m;
    }
}
