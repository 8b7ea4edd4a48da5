; cpuid-msr.asm - instructions that exit, but that KVM finishes in the kernel.
;
; What to watch: CPUID always causes a VM exit on VMX and SVM; RDMSR and
; WRMSR exit when the MSR bitmap (VMX) or MSR permission map (SVM)
; intercepts that MSR. KVM intercepts IA32_APIC_BASE (0x1B) on both: it
; emulates the local APIC's base register itself (kvm_set_apic_base), and
; that works in real mode with or without an in-kernel irqchip. Many other
; MSRs are passed through and never exit - e.g. IA32_SYSENTER_CS (0x174):
; kvm_intel and kvm_amd clear its intercept, so the guest reads and writes
; the hardware register without a VM exit. KVM answers the exits it gets
; inside the kernel (from the CPUID table the VMM installed with
; KVM_SET_CPUID2 and from its MSR state) - the VMM never sees them. Only
; the OUTs to the debug console (0xE9) reach userspace. On PVM (no VMX/SVM)
; real mode runs in KVM's emulator, which runs these instructions without
; any VM exit. On the simulator every one of them is visible.

bits 16
org 0x1000

DEBUGCON        equ 0xE9        ; Bochs/QEMU debug console: OUT = print
HV_LEAF         equ 0x40000000  ; hypervisor signature leaf
APIC_BASE       equ 0x1B        ; IA32_APIC_BASE: intercepted by KVM on VMX and SVM
APIC_BASE_RESET equ 0xFEE00900  ; its power-on value: base 0xFEE00000, enable (bit 11), BSP (bit 8)

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

; --- 1. who is the hypervisor? CPUID 0x40000000 -> EBX,ECX,EDX --------
        mov eax, HV_LEAF        ; 32-bit registers work in real mode
        xor ecx, ecx            ;   (operand-size prefix 0x66)
        cpuid                   ; exit, answered by KVM in the kernel
        mov [sig+0], ebx        ; KVM: "KVMK"
        mov [sig+4], ecx        ;      "VMKV"
        mov [sig+8], edx        ;      "M",0,0,0
        mov si, hv_msg
        call puts
        mov si, sig             ; stops at the first NUL byte
        call puts
        call newline

; --- 2. who made the CPU? CPUID 0 -> vendor in EBX,EDX,ECX ------------
        xor eax, eax
        xor ecx, ecx
        cpuid                   ; EAX = max basic leaf (ignored)
        mov [sig+0], ebx        ; "Genu"
        mov [sig+4], edx        ; "ineI"  (note the order: EBX,EDX,ECX)
        mov [sig+8], ecx        ; "ntel"
        mov si, vendor_msg
        call puts
        mov si, sig
        call puts
        call newline

; --- 3. write an MSR, read it back -------------------------------------
        mov ecx, APIC_BASE      ; ECX selects the MSR
        mov eax, APIC_BASE_RESET ; EDX:EAX = value to write (the value it
        xor edx, edx            ;   has: a valid write on every host)
        wrmsr                   ; exit, handled by KVM
        xor eax, eax            ; clobber, so the read-back is honest
        rdmsr                   ; exit, handled by KVM: EDX:EAX = MSR
        push eax
        mov si, msr_msg
        call puts
        pop eax
        push ax
        shr eax, 16
        call puthex16           ; "FEE0"
        pop ax
        call puthex16           ; "0900"
        call newline

        cli                     ; IF=0: HLT ends the run
        hlt

; puts: print the NUL-terminated string at DS:SI on the debug console
puts:
        lodsb
        test al, al
        jz .ret
        out DEBUGCON, al        ; one userspace exit per byte
        jmp puts
.ret:
        ret

newline:
        mov al, 10
        out DEBUGCON, al
        ret

; puthex16: print AX as 4 upper-case hex digits
puthex16:
        mov bx, ax
        mov cx, 4
.digit:
        rol bx, 4               ; bring the top nibble to the bottom
        mov al, bl
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'A' - '0' - 10  ; 10..15 -> 'A'..'F'
.out:
        out DEBUGCON, al
        loop .digit
        ret

hv_msg:     db "hypervisor: ", 0
vendor_msg: db "vendor: ", 0
msr_msg:    db "msr 0x1B = ", 0
sig:        times 13 db 0       ; 12 signature bytes + a NUL stopper
