package org.kvmworkbench.core.vmx;

/**
 * VMCS fields this app models or shows, by their architectural encoding (Intel SDM Vol. 3C §25.11.2
 * "VMREAD, VMWRITE, and Encodings of VMCS Fields" and Appendix B "Field Encoding in VMCS"; values as in
 * Linux's arch/x86/include/asm/vmx.h {@code enum vmcs_field}). Width and type are decoded from the
 * encoding itself: bit 0 access type, bits 9:1 index, bits 11:10 type, bits 14:13 width.
 */
public enum VmcsField {
    VIRTUAL_PROCESSOR_ID(0x0000, Group.EXECUTION, "virtual-processor identifier (VPID)"),
    GUEST_ES_SELECTOR(0x0800, Group.GUEST, "ES selector"),
    GUEST_CS_SELECTOR(0x0802, Group.GUEST, "CS selector"),
    GUEST_SS_SELECTOR(0x0804, Group.GUEST, "SS selector"),
    GUEST_DS_SELECTOR(0x0806, Group.GUEST, "DS selector"),
    GUEST_FS_SELECTOR(0x0808, Group.GUEST, "FS selector"),
    GUEST_GS_SELECTOR(0x080A, Group.GUEST, "GS selector"),
    GUEST_LDTR_SELECTOR(0x080C, Group.GUEST, "LDTR selector"),
    GUEST_TR_SELECTOR(0x080E, Group.GUEST, "TR selector"),
    HOST_ES_SELECTOR(0x0C00, Group.HOST, "ES selector"),
    HOST_CS_SELECTOR(0x0C02, Group.HOST, "CS selector"),
    HOST_SS_SELECTOR(0x0C04, Group.HOST, "SS selector"),
    HOST_DS_SELECTOR(0x0C06, Group.HOST, "DS selector"),
    HOST_FS_SELECTOR(0x0C08, Group.HOST, "FS selector"),
    HOST_GS_SELECTOR(0x0C0A, Group.HOST, "GS selector"),
    HOST_TR_SELECTOR(0x0C0C, Group.HOST, "TR selector"),
    IO_BITMAP_A(0x2000, Group.EXECUTION, "I/O bitmap A address (ports 0x0000-0x7FFF)"),
    IO_BITMAP_B(0x2002, Group.EXECUTION, "I/O bitmap B address (ports 0x8000-0xFFFF)"),
    MSR_BITMAP(0x2004, Group.EXECUTION, "MSR bitmap address"),
    TSC_OFFSET(0x2010, Group.EXECUTION, "TSC offset"),
    EPT_POINTER(0x201A, Group.EXECUTION, "EPT pointer (EPTP)"),
    GUEST_PHYSICAL_ADDRESS(0x2400, Group.EXIT_INFO, "guest-physical address (EPT exits)"),
    VMCS_LINK_POINTER(0x2800, Group.GUEST, "VMCS link pointer"),
    GUEST_IA32_EFER(0x2806, Group.GUEST, "IA32_EFER"),
    HOST_IA32_EFER(0x2C02, Group.HOST, "IA32_EFER"),
    PIN_BASED_VM_EXEC_CONTROL(0x4000, Group.EXECUTION, "pin-based VM-execution controls"),
    CPU_BASED_VM_EXEC_CONTROL(0x4002, Group.EXECUTION, "primary processor-based VM-execution controls"),
    EXCEPTION_BITMAP(0x4004, Group.EXECUTION, "exception bitmap"),
    VM_EXIT_CONTROLS(0x400C, Group.EXIT_CONTROL, "VM-exit controls"),
    VM_ENTRY_CONTROLS(0x4012, Group.ENTRY_CONTROL, "VM-entry controls"),
    VM_ENTRY_INTR_INFO_FIELD(0x4016, Group.ENTRY_CONTROL, "VM-entry interruption information"),
    VM_ENTRY_INSTRUCTION_LEN(0x401A, Group.ENTRY_CONTROL, "VM-entry instruction length"),
    SECONDARY_VM_EXEC_CONTROL(0x401E, Group.EXECUTION, "secondary processor-based VM-execution controls"),
    VM_INSTRUCTION_ERROR(0x4400, Group.EXIT_INFO, "VM-instruction error"),
    VM_EXIT_REASON(0x4402, Group.EXIT_INFO, "exit reason"),
    VM_EXIT_INTR_INFO(0x4404, Group.EXIT_INFO, "VM-exit interruption information"),
    VM_EXIT_INTR_ERROR_CODE(0x4406, Group.EXIT_INFO, "VM-exit interruption error code"),
    IDT_VECTORING_INFO_FIELD(0x4408, Group.EXIT_INFO, "IDT-vectoring information"),
    VM_EXIT_INSTRUCTION_LEN(0x440C, Group.EXIT_INFO, "VM-exit instruction length"),
    VMX_INSTRUCTION_INFO(0x440E, Group.EXIT_INFO, "VM-exit instruction information"),
    GUEST_ES_LIMIT(0x4800, Group.GUEST, "ES limit"),
    GUEST_CS_LIMIT(0x4802, Group.GUEST, "CS limit"),
    GUEST_SS_LIMIT(0x4804, Group.GUEST, "SS limit"),
    GUEST_DS_LIMIT(0x4806, Group.GUEST, "DS limit"),
    GUEST_FS_LIMIT(0x4808, Group.GUEST, "FS limit"),
    GUEST_GS_LIMIT(0x480A, Group.GUEST, "GS limit"),
    GUEST_GDTR_LIMIT(0x4810, Group.GUEST, "GDTR limit"),
    GUEST_IDTR_LIMIT(0x4812, Group.GUEST, "IDTR limit"),
    GUEST_ES_AR_BYTES(0x4814, Group.GUEST, "ES access rights"),
    GUEST_CS_AR_BYTES(0x4816, Group.GUEST, "CS access rights"),
    GUEST_SS_AR_BYTES(0x4818, Group.GUEST, "SS access rights"),
    GUEST_DS_AR_BYTES(0x481A, Group.GUEST, "DS access rights"),
    GUEST_FS_AR_BYTES(0x481C, Group.GUEST, "FS access rights"),
    GUEST_GS_AR_BYTES(0x481E, Group.GUEST, "GS access rights"),
    GUEST_INTERRUPTIBILITY_INFO(0x4824, Group.GUEST, "interruptibility state"),
    GUEST_ACTIVITY_STATE(0x4826, Group.GUEST, "activity state (0 active, 1 HLT, 2 shutdown)"),
    EXIT_QUALIFICATION(0x6400, Group.EXIT_INFO, "exit qualification"),
    GUEST_LINEAR_ADDRESS(0x640A, Group.EXIT_INFO, "guest-linear address"),
    GUEST_CR0(0x6800, Group.GUEST, "CR0"),
    GUEST_CR3(0x6802, Group.GUEST, "CR3"),
    GUEST_CR4(0x6804, Group.GUEST, "CR4"),
    GUEST_ES_BASE(0x6806, Group.GUEST, "ES base"),
    GUEST_CS_BASE(0x6808, Group.GUEST, "CS base"),
    GUEST_SS_BASE(0x680A, Group.GUEST, "SS base"),
    GUEST_DS_BASE(0x680C, Group.GUEST, "DS base"),
    GUEST_FS_BASE(0x680E, Group.GUEST, "FS base"),
    GUEST_GS_BASE(0x6810, Group.GUEST, "GS base"),
    GUEST_GDTR_BASE(0x6816, Group.GUEST, "GDTR base"),
    GUEST_IDTR_BASE(0x6818, Group.GUEST, "IDTR base"),
    GUEST_DR7(0x681A, Group.GUEST, "DR7"),
    GUEST_RSP(0x681C, Group.GUEST, "RSP"),
    GUEST_RIP(0x681E, Group.GUEST, "RIP"),
    GUEST_RFLAGS(0x6820, Group.GUEST, "RFLAGS"),
    HOST_CR0(0x6C00, Group.HOST, "CR0"),
    HOST_CR3(0x6C02, Group.HOST, "CR3"),
    HOST_CR4(0x6C04, Group.HOST, "CR4"),
    HOST_FS_BASE(0x6C06, Group.HOST, "FS base"),
    HOST_GS_BASE(0x6C08, Group.HOST, "GS base"),
    HOST_TR_BASE(0x6C0A, Group.HOST, "TR base"),
    HOST_GDTR_BASE(0x6C0C, Group.HOST, "GDTR base"),
    HOST_IDTR_BASE(0x6C0E, Group.HOST, "IDTR base"),
    HOST_RSP(0x6C14, Group.HOST, "RSP"),
    HOST_RIP(0x6C16, Group.HOST, "RIP (where the CPU continues after a VM exit: KVM's vmx_vmexit)");

    /** The SDM's grouping of VMCS fields (§25.3 "Organization of VMCS Data"). */
    public enum Group {
        GUEST("Guest-state area"),
        HOST("Host-state area"),
        EXECUTION("VM-execution control fields"),
        EXIT_CONTROL("VM-exit control fields"),
        ENTRY_CONTROL("VM-entry control fields"),
        EXIT_INFO("VM-exit information fields");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final int encoding;
    private final Group group;
    private final String meaning;

    VmcsField(int encoding, Group group, String meaning) {
        this.encoding = encoding;
        this.group = group;
        this.meaning = meaning;
    }

    public int encoding() {
        return encoding;
    }

    public Group group() {
        return group;
    }

    public String meaning() {
        return meaning;
    }

    /** Width in bits from encoding bits 14:13 (0 = 16-bit, 1 = 64-bit, 2 = 32-bit, 3 = natural width, 64 on x86-64). */
    public int widthBits() {
        switch ((encoding >> 13) & 3) {
            case 0: return 16;
            case 2: return 32;
            default: return 64;
        }
    }

    /** Field type from encoding bits 11:10: 0 control, 1 VM-exit information (read-only), 2 guest state, 3 host state. */
    public int type() {
        return (encoding >> 10) & 3;
    }
}
