/* Prints the KVM uapi numbers and struct layouts that KvmIoctls and the struct views hard-code,
 * one "NAME VALUE" per line (decimal), so KvmIoctlsMatchHeadersTest can compare them.
 * Sources: include/uapi/linux/kvm.h, arch/x86/include/uapi/asm/kvm.h, glibc <signal.h>. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <errno.h>
#include <linux/kvm.h>

#define P(name) printf("%s %lld\n", #name, (long long)(name))
#define OFF(type, field, name) printf("%s %lld\n", name, (long long)offsetof(type, field))
#define SIZE(type, name) printf("%s %lld\n", name, (long long)sizeof(type))

int main(void) {
    P(KVMIO); P(KVM_API_VERSION);
    /* system ioctls */
    P(KVM_GET_API_VERSION); P(KVM_CREATE_VM); P(KVM_CHECK_EXTENSION); P(KVM_GET_VCPU_MMAP_SIZE);
    P(KVM_GET_SUPPORTED_CPUID);
    /* VM ioctls */
    P(KVM_SET_USER_MEMORY_REGION); P(KVM_CREATE_VCPU); P(KVM_IOEVENTFD); P(KVM_CREATE_IRQCHIP); P(KVM_IRQFD);
    P(KVM_IRQ_LINE); P(KVM_GET_IRQCHIP); P(KVM_CREATE_PIT2); P(KVM_GET_PIT2);
    P(KVM_SET_IRQCHIP); P(KVM_SET_PIT2); P(KVM_GET_MP_STATE); P(KVM_SET_MP_STATE);
    P(KVM_MP_STATE_RUNNABLE); P(KVM_MP_STATE_HALTED); SIZE(struct kvm_mp_state, "kvm_mp_state.size");
    P(KVM_CAP_PIT2); P(KVM_CAP_IRQFD); P(KVM_CAP_PIT_STATE2); P(KVM_IRQFD_FLAG_DEASSIGN); P(KVM_PIT_SPEAKER_DUMMY);
    P(KVM_IRQCHIP_PIC_MASTER); P(KVM_IRQCHIP_PIC_SLAVE);
    /* vCPU ioctls */
    P(KVM_RUN); P(KVM_GET_REGS); P(KVM_SET_REGS); P(KVM_GET_SREGS); P(KVM_SET_SREGS); P(KVM_SET_CPUID2);
    P(KVM_SET_GUEST_DEBUG);
    /* capabilities, flags, exit reasons */
    P(KVM_CAP_IOEVENTFD); P(KVM_CAP_IRQCHIP); P(KVM_CAP_IMMEDIATE_EXIT); P(KVM_CAP_SET_GUEST_DEBUG);
    P(KVM_CAP_EXT_CPUID); P(KVM_CAP_USER_MEMORY); P(KVM_CAP_SYNC_REGS);
    P(KVM_SYNC_X86_REGS); P(KVM_SYNC_X86_SREGS);
    P(KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES);
    P(KVM_IOEVENTFD_FLAG_DATAMATCH); P(KVM_IOEVENTFD_FLAG_PIO); P(KVM_IOEVENTFD_FLAG_DEASSIGN);
    P(KVM_GUESTDBG_ENABLE); P(KVM_GUESTDBG_SINGLESTEP);
    P(KVM_EXIT_UNKNOWN); P(KVM_EXIT_IO); P(KVM_EXIT_DEBUG); P(KVM_EXIT_HLT); P(KVM_EXIT_MMIO);
    P(KVM_EXIT_SHUTDOWN); P(KVM_EXIT_FAIL_ENTRY); P(KVM_EXIT_INTR); P(KVM_EXIT_INTERNAL_ERROR);
    P(KVM_EXIT_IO_IN); P(KVM_EXIT_IO_OUT); P(KVM_INTERNAL_ERROR_EMULATION); P(KVM_PIO_PAGE_OFFSET);
    /* struct kvm_run */
    SIZE(struct kvm_run, "kvm_run.size");
    OFF(struct kvm_run, immediate_exit, "kvm_run.immediate_exit");
    OFF(struct kvm_run, exit_reason, "kvm_run.exit_reason");
    OFF(struct kvm_run, if_flag, "kvm_run.if_flag");
    OFF(struct kvm_run, kvm_valid_regs, "kvm_run.kvm_valid_regs");
    OFF(struct kvm_run, kvm_dirty_regs, "kvm_run.kvm_dirty_regs");
    OFF(struct kvm_run, s.regs.regs, "kvm_run.s.regs.regs");
    OFF(struct kvm_run, s.regs.sregs, "kvm_run.s.regs.sregs");
    OFF(struct kvm_run, emulation_failure.flags, "kvm_run.emulation_failure.flags");
    OFF(struct kvm_run, emulation_failure.insn_size, "kvm_run.emulation_failure.insn_size");
    OFF(struct kvm_run, emulation_failure.insn_bytes, "kvm_run.emulation_failure.insn_bytes");
    OFF(struct kvm_run, io.direction, "kvm_run.io.direction");
    OFF(struct kvm_run, io.size, "kvm_run.io.size");
    OFF(struct kvm_run, io.port, "kvm_run.io.port");
    OFF(struct kvm_run, io.count, "kvm_run.io.count");
    OFF(struct kvm_run, io.data_offset, "kvm_run.io.data_offset");
    OFF(struct kvm_run, mmio.phys_addr, "kvm_run.mmio.phys_addr");
    OFF(struct kvm_run, mmio.data, "kvm_run.mmio.data");
    OFF(struct kvm_run, mmio.len, "kvm_run.mmio.len");
    OFF(struct kvm_run, mmio.is_write, "kvm_run.mmio.is_write");
    OFF(struct kvm_run, internal.suberror, "kvm_run.internal.suberror");
    OFF(struct kvm_run, internal.ndata, "kvm_run.internal.ndata");
    OFF(struct kvm_run, internal.data, "kvm_run.internal.data");
    OFF(struct kvm_run, fail_entry.hardware_entry_failure_reason, "kvm_run.fail_entry.hardware_entry_failure_reason");
    OFF(struct kvm_run, fail_entry.cpu, "kvm_run.fail_entry.cpu");
    OFF(struct kvm_run, debug.arch.exception, "kvm_run.debug.exception");
    OFF(struct kvm_run, debug.arch.pc, "kvm_run.debug.pc");
    /* struct kvm_regs */
    SIZE(struct kvm_regs, "kvm_regs.size");
    OFF(struct kvm_regs, rax, "kvm_regs.rax"); OFF(struct kvm_regs, rbx, "kvm_regs.rbx");
    OFF(struct kvm_regs, rcx, "kvm_regs.rcx"); OFF(struct kvm_regs, rdx, "kvm_regs.rdx");
    OFF(struct kvm_regs, rsi, "kvm_regs.rsi"); OFF(struct kvm_regs, rdi, "kvm_regs.rdi");
    OFF(struct kvm_regs, rsp, "kvm_regs.rsp"); OFF(struct kvm_regs, rbp, "kvm_regs.rbp");
    OFF(struct kvm_regs, rip, "kvm_regs.rip"); OFF(struct kvm_regs, rflags, "kvm_regs.rflags");
    /* struct kvm_sregs, struct kvm_segment, struct kvm_dtable */
    SIZE(struct kvm_sregs, "kvm_sregs.size");
    OFF(struct kvm_sregs, cs, "kvm_sregs.cs"); OFF(struct kvm_sregs, ds, "kvm_sregs.ds");
    OFF(struct kvm_sregs, es, "kvm_sregs.es"); OFF(struct kvm_sregs, fs, "kvm_sregs.fs");
    OFF(struct kvm_sregs, gs, "kvm_sregs.gs"); OFF(struct kvm_sregs, ss, "kvm_sregs.ss");
    OFF(struct kvm_sregs, tr, "kvm_sregs.tr"); OFF(struct kvm_sregs, ldt, "kvm_sregs.ldt");
    OFF(struct kvm_sregs, gdt, "kvm_sregs.gdt"); OFF(struct kvm_sregs, idt, "kvm_sregs.idt");
    OFF(struct kvm_sregs, cr0, "kvm_sregs.cr0"); OFF(struct kvm_sregs, cr2, "kvm_sregs.cr2");
    OFF(struct kvm_sregs, cr3, "kvm_sregs.cr3"); OFF(struct kvm_sregs, cr4, "kvm_sregs.cr4");
    OFF(struct kvm_sregs, efer, "kvm_sregs.efer");
    SIZE(struct kvm_segment, "kvm_segment.size");
    OFF(struct kvm_segment, base, "kvm_segment.base"); OFF(struct kvm_segment, limit, "kvm_segment.limit");
    OFF(struct kvm_segment, selector, "kvm_segment.selector"); OFF(struct kvm_segment, type, "kvm_segment.type");
    OFF(struct kvm_segment, present, "kvm_segment.present"); OFF(struct kvm_segment, dpl, "kvm_segment.dpl");
    OFF(struct kvm_segment, db, "kvm_segment.db"); OFF(struct kvm_segment, s, "kvm_segment.s");
    OFF(struct kvm_segment, l, "kvm_segment.l"); OFF(struct kvm_segment, g, "kvm_segment.g");
    OFF(struct kvm_segment, avl, "kvm_segment.avl"); OFF(struct kvm_segment, unusable, "kvm_segment.unusable");
    OFF(struct kvm_dtable, base, "kvm_dtable.base"); OFF(struct kvm_dtable, limit, "kvm_dtable.limit");
    /* struct kvm_userspace_memory_region */
    SIZE(struct kvm_userspace_memory_region, "kvm_userspace_memory_region.size");
    OFF(struct kvm_userspace_memory_region, slot, "kvm_userspace_memory_region.slot");
    OFF(struct kvm_userspace_memory_region, flags, "kvm_userspace_memory_region.flags");
    OFF(struct kvm_userspace_memory_region, guest_phys_addr, "kvm_userspace_memory_region.guest_phys_addr");
    OFF(struct kvm_userspace_memory_region, memory_size, "kvm_userspace_memory_region.memory_size");
    OFF(struct kvm_userspace_memory_region, userspace_addr, "kvm_userspace_memory_region.userspace_addr");
    /* struct kvm_ioeventfd */
    SIZE(struct kvm_ioeventfd, "kvm_ioeventfd.size");
    OFF(struct kvm_ioeventfd, datamatch, "kvm_ioeventfd.datamatch"); OFF(struct kvm_ioeventfd, addr, "kvm_ioeventfd.addr");
    OFF(struct kvm_ioeventfd, len, "kvm_ioeventfd.len"); OFF(struct kvm_ioeventfd, fd, "kvm_ioeventfd.fd");
    OFF(struct kvm_ioeventfd, flags, "kvm_ioeventfd.flags");
    /* struct kvm_guest_debug */
    SIZE(struct kvm_guest_debug, "kvm_guest_debug.size");
    OFF(struct kvm_guest_debug, control, "kvm_guest_debug.control");
    OFF(struct kvm_guest_debug, arch, "kvm_guest_debug.arch");
    /* struct kvm_cpuid2, struct kvm_cpuid_entry2 */
    SIZE(struct kvm_cpuid2, "kvm_cpuid2.size");
    OFF(struct kvm_cpuid2, nent, "kvm_cpuid2.nent"); OFF(struct kvm_cpuid2, entries, "kvm_cpuid2.entries");
    SIZE(struct kvm_cpuid_entry2, "kvm_cpuid_entry2.size");
    OFF(struct kvm_cpuid_entry2, function, "kvm_cpuid_entry2.function");
    OFF(struct kvm_cpuid_entry2, index, "kvm_cpuid_entry2.index");
    OFF(struct kvm_cpuid_entry2, flags, "kvm_cpuid_entry2.flags");
    OFF(struct kvm_cpuid_entry2, eax, "kvm_cpuid_entry2.eax"); OFF(struct kvm_cpuid_entry2, ebx, "kvm_cpuid_entry2.ebx");
    OFF(struct kvm_cpuid_entry2, ecx, "kvm_cpuid_entry2.ecx"); OFF(struct kvm_cpuid_entry2, edx, "kvm_cpuid_entry2.edx");
    /* libc: open, mmap, eventfd, sigaction */
    P(O_RDONLY); P(O_RDWR); P(O_NONBLOCK); P(O_CLOEXEC); P(PROT_READ); P(PROT_WRITE); P(PROT_EXEC); P(MAP_SHARED); P(MAP_PRIVATE);
    P(MAP_ANONYMOUS); P(EFD_CLOEXEC); P(SA_RESTART);
    SIZE(struct sigaction, "sigaction.size");
    OFF(struct sigaction, sa_handler, "sigaction.sa_handler");
    OFF(struct sigaction, sa_mask, "sigaction.sa_mask");
    OFF(struct sigaction, sa_flags, "sigaction.sa_flags");
    P(SIGRTMIN); P(SIGRTMAX);
    SIZE(struct pollfd, "pollfd.size");
    OFF(struct pollfd, fd, "pollfd.fd"); OFF(struct pollfd, events, "pollfd.events");
    OFF(struct pollfd, revents, "pollfd.revents"); P(POLLIN);
    P(EPERM); P(ENOENT); P(EINTR); P(EAGAIN); P(EACCES); P(ENODEV); P(ENXIO); P(EINVAL);
    /* interrupt controller and timer: struct kvm_irq_level, kvm_irqfd, kvm_pit_config, kvm_irqchip,
     * kvm_pic_state, kvm_pit_state2, kvm_pit_channel_state */
    SIZE(struct kvm_irq_level, "kvm_irq_level.size");
    OFF(struct kvm_irq_level, irq, "kvm_irq_level.irq"); OFF(struct kvm_irq_level, level, "kvm_irq_level.level");
    SIZE(struct kvm_irqfd, "kvm_irqfd.size");
    OFF(struct kvm_irqfd, fd, "kvm_irqfd.fd"); OFF(struct kvm_irqfd, gsi, "kvm_irqfd.gsi");
    OFF(struct kvm_irqfd, flags, "kvm_irqfd.flags"); OFF(struct kvm_irqfd, resamplefd, "kvm_irqfd.resamplefd");
    SIZE(struct kvm_pit_config, "kvm_pit_config.size"); OFF(struct kvm_pit_config, flags, "kvm_pit_config.flags");
    SIZE(struct kvm_irqchip, "kvm_irqchip.size");
    OFF(struct kvm_irqchip, chip_id, "kvm_irqchip.chip_id"); OFF(struct kvm_irqchip, chip, "kvm_irqchip.chip");
    SIZE(struct kvm_pic_state, "kvm_pic_state.size");
    OFF(struct kvm_pic_state, last_irr, "kvm_pic_state.last_irr"); OFF(struct kvm_pic_state, irr, "kvm_pic_state.irr");
    OFF(struct kvm_pic_state, imr, "kvm_pic_state.imr"); OFF(struct kvm_pic_state, isr, "kvm_pic_state.isr");
    OFF(struct kvm_pic_state, priority_add, "kvm_pic_state.priority_add");
    OFF(struct kvm_pic_state, irq_base, "kvm_pic_state.irq_base");
    OFF(struct kvm_pic_state, read_reg_select, "kvm_pic_state.read_reg_select");
    OFF(struct kvm_pic_state, poll, "kvm_pic_state.poll");
    OFF(struct kvm_pic_state, special_mask, "kvm_pic_state.special_mask");
    OFF(struct kvm_pic_state, init_state, "kvm_pic_state.init_state");
    OFF(struct kvm_pic_state, auto_eoi, "kvm_pic_state.auto_eoi");
    OFF(struct kvm_pic_state, rotate_on_auto_eoi, "kvm_pic_state.rotate_on_auto_eoi");
    OFF(struct kvm_pic_state, special_fully_nested_mode, "kvm_pic_state.special_fully_nested_mode");
    OFF(struct kvm_pic_state, init4, "kvm_pic_state.init4"); OFF(struct kvm_pic_state, elcr, "kvm_pic_state.elcr");
    OFF(struct kvm_pic_state, elcr_mask, "kvm_pic_state.elcr_mask");
    SIZE(struct kvm_pit_state2, "kvm_pit_state2.size");
    OFF(struct kvm_pit_state2, channels, "kvm_pit_state2.channels");
    OFF(struct kvm_pit_state2, flags, "kvm_pit_state2.flags");
    SIZE(struct kvm_pit_channel_state, "kvm_pit_channel_state.size");
    OFF(struct kvm_pit_channel_state, count, "kvm_pit_channel_state.count");
    OFF(struct kvm_pit_channel_state, latched_count, "kvm_pit_channel_state.latched_count");
    OFF(struct kvm_pit_channel_state, count_latched, "kvm_pit_channel_state.count_latched");
    OFF(struct kvm_pit_channel_state, status_latched, "kvm_pit_channel_state.status_latched");
    OFF(struct kvm_pit_channel_state, status, "kvm_pit_channel_state.status");
    OFF(struct kvm_pit_channel_state, read_state, "kvm_pit_channel_state.read_state");
    OFF(struct kvm_pit_channel_state, write_state, "kvm_pit_channel_state.write_state");
    OFF(struct kvm_pit_channel_state, write_latch, "kvm_pit_channel_state.write_latch");
    OFF(struct kvm_pit_channel_state, rw_mode, "kvm_pit_channel_state.rw_mode");
    OFF(struct kvm_pit_channel_state, mode, "kvm_pit_channel_state.mode");
    OFF(struct kvm_pit_channel_state, bcd, "kvm_pit_channel_state.bcd");
    OFF(struct kvm_pit_channel_state, gate, "kvm_pit_channel_state.gate");
    OFF(struct kvm_pit_channel_state, count_load_time, "kvm_pit_channel_state.count_load_time");
    return 0;
}
