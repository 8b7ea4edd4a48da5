; cr-access.asm - control- and debug-register accesses, and which of them KVM intercepts.
;
; What to watch (Intel VT-x, as Linux's KVM sets it up): KVM owns every CR0 bit
; but TS and WP, and every CR4 bit but PVI, DE, TSD, PGE, PCE, OSFXSR,
; OSXMMEXCPT and FSGSBASE (the CR0/CR4 guest/host masks). Reads never exit:
; SMSW and MOV from CR0/CR4 get the read shadow, which holds the guest's
; values. A MOV to CR0/CR4 or an LMSW exits (reason 28, control-register
; access) only if it changes a bit KVM owns; CLTS changes TS, which the guest
; owns, so it never exits. KVM's handle_cr does the write in the kernel.
; MOV DR exits (reason 29) only the first time after any VM exit: handle_dr
; then hands the debug registers to the guest until the next exit, so the
; MOV back to DR7 right after the first one runs without an exit.
; On AMD SVM the intercepts differ (see the README). On PVM (no VMX/SVM)
; KVM's emulator runs all of this without any VM exit; the console is the
; same everywhere.

bits 16
org 0x1000

DEBUGCON    equ 0xE9            ; Bochs/QEMU debug console: OUT = print
CR0_MP      equ 1 << 1          ; KVM owns it: changing it exits
CR0_TS      equ 1 << 3          ; the guest owns it: no exit
CR4_DE      equ 1 << 3          ; the guest owns it: no exit
CR4_PSE     equ 1 << 4          ; KVM owns it: changing it exits

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

; --- 1. reads: SMSW and MOV from CR0 read the shadow, no exit ---------
        mov si, smsw_msg
        call puts
        smsw ax                 ; low 16 bits of CR0
        call puthex16
        call newline
        mov si, cr0_msg
        mov eax, cr0            ; no exit: the read shadow
        call put_eax

; --- 2. writes to CR0 ------------------------------------------------
        mov si, mp_msg
        mov eax, cr0
        or eax, CR0_MP
        mov cr0, eax            ; MP is KVM's: exit 28, MOV to CR0
        mov eax, cr0
        call put_eax
        mov si, ts_msg
        mov eax, cr0
        or eax, CR0_TS
        mov cr0, eax            ; only TS changes, the guest's bit: no exit
        mov eax, cr0
        call put_eax
        mov si, clts_msg
        clts                    ; clears TS: no exit
        mov eax, cr0
        call put_eax
        mov si, lmsw_msg
        smsw ax
        and ax, ~CR0_MP
        lmsw ax                 ; clears MP: exit 28, LMSW (register operand)
        mov eax, cr0
        call put_eax
        mov si, lmsw_mem_msg
        lmsw [msw_mp]           ; sets MP again: exit 28, LMSW (memory operand)
        mov eax, cr0
        call put_eax

; --- 3. writes to CR4 ------------------------------------------------
        mov si, de_msg
        mov eax, cr4
        or eax, CR4_DE
        mov cr4, eax            ; DE is the guest's: no exit
        mov eax, cr4
        call put_eax
        mov si, pse_msg
        mov eax, cr4
        or eax, CR4_PSE
        mov cr4, eax            ; PSE is KVM's: exit 28, MOV to CR4
        mov eax, cr4
        call put_eax

; --- 4. debug registers: the first MOV DR after an exit exits ---------
        mov si, dr7_msg
        call puts               ; its OUTs are VM exits: MOV-DR exiting is armed
        mov eax, dr7            ; exit 29, MOV from DR7; KVM hands DR0-DR7 over
        mov dr7, eax            ; no exit: the guest owns them until the next exit
        call put_eax_only
        mov si, dr6_msg
        call puts
        mov eax, dr6            ; exit 29 again: the OUTs above re-armed it
        call put_eax_only

        cli
        hlt

; put_eax: print the string at DS:SI, then EAX as 8 hex digits and a newline (AL is lost)
put_eax:
        push eax
        call puts
        pop eax
put_eax_only:
        push eax
        shr eax, 16
        call puthex16
        pop eax
        call puthex16
newline:
        mov al, 10
        out DEBUGCON, al
        ret

; puts: print the NUL-terminated string at DS:SI on the debug console
puts:
        lodsb
        test al, al
        jz .ret
        out DEBUGCON, al        ; one userspace exit per byte
        jmp puts
.ret:
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

msw_mp:       dw 0x0012         ; ET | MP: LMSW's source for step 2
smsw_msg:     db "smsw:        ", 0
cr0_msg:      db "cr0:         ", 0
mp_msg:       db "cr0 +MP:     ", 0
ts_msg:       db "cr0 +TS:     ", 0
clts_msg:     db "clts:        ", 0
lmsw_msg:     db "lmsw -MP:    ", 0
lmsw_mem_msg: db "lmsw [mem]:  ", 0
de_msg:       db "cr4 +DE:     ", 0
pse_msg:      db "cr4 +PSE:    ", 0
dr7_msg:      db "dr7:         ", 0
dr6_msg:      db "dr6:         ", 0
