; cpuid-msr.asm - instructions that exit, but that KVM finishes in the kernel.
;
; What to watch: CPUID and RDMSR/WRMSR always cause a VM exit on real
; hardware, yet KVM answers them inside the kernel (from the CPUID table
; the VMM installed with KVM_SET_CPUID2 and from its MSR state) - the VMM
; never sees them. Only the OUTs to the debug console (0xE9) reach
; userspace. On the simulator every one of them is visible.

bits 16
org 0x1000

DEBUGCON        equ 0xE9        ; Bochs/QEMU debug console: OUT = print
HV_LEAF         equ 0x40000000  ; hypervisor signature leaf
SYSENTER_CS     equ 0x174       ; IA32_SYSENTER_CS, a harmless R/W MSR

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
        mov ecx, SYSENTER_CS    ; ECX selects the MSR
        mov eax, 0x1234         ; EDX:EAX = value to write
        xor edx, edx
        wrmsr                   ; exit, handled by KVM
        xor eax, eax            ; clobber, so the read-back is honest
        rdmsr                   ; exit, handled by KVM: EDX:EAX = MSR
        push ax
        mov si, msr_msg
        call puts
        pop ax
        call puthex16           ; "1234"
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
msr_msg:    db "msr 0x174 = ", 0
sig:        times 13 db 0       ; 12 signature bytes + a NUL stopper
