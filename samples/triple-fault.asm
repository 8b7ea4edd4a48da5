; triple-fault.asm - crash the whole VM on purpose.
;
; What to watch: we load an IDT whose limit is 0, then raise INT 3.
; Vector 3's entry (bytes 12..15) lies beyond the limit -> #GP; the #GP
; entry is beyond the limit too -> #DF; #DF fails as well -> triple fault.
; The CPU "shuts down": KVM reports KVM_EXIT_SHUTDOWN and the VMM ends
; the run - a real PC would reset here. No handler ever runs.
;
; Safety net: KVM's instruction emulator (which runs real-mode code on
; hosts without unrestricted-guest hardware, e.g. PVM) delivers real-mode
; interrupts through the IVT *without* checking the IDT limit. So we point
; every IVT slot at 'plan_b', which crashes the second architectural way:
; a PUSH with SP=1 (#SS, whose delivery hits #SS again -> #DF -> shutdown,
; see the PUSH entry of the Intel SDM). Same output, same exit, any CPU.

bits 16
org 0x1000

DEBUGCON equ 0xE9

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        xor di, di              ; IVT memory 0..0x3FF: all 256 vectors
        mov eax, plan_b         ;   -> 0000:plan_b (offset low, seg high)
        mov cx, 256
        rep stosd               ; plain memory writes, no exits

        mov si, msg
print:
        lodsb
        test al, al
        jz crash
        out DEBUGCON, al        ; one userspace exit per byte
        jmp print

crash:
        lidt [bad_idt]          ; IDTR.limit = 0, IDTR.base = 0
        int 3                   ; no vector fits in 0 bytes -> triple fault

; only reached if INT 3 was delivered although the IDT limit is 0
plan_b:
        mov sp, 1               ; a word push at SS:FFFF overruns the
        push ax                 ;   segment limit -> #SS -> #DF -> shutdown

        cli                     ; never reached
        hlt

bad_idt:
        dw 0                    ; limit: 0 (a usable real-mode IVT has 0x3FF)
        dd 0                    ; base: 0 (only 24 bits are used)

msg:    db "about to triple fault", 10, 0
