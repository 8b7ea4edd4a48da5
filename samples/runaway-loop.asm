; runaway-loop.asm - a guest that never exits again.
;
; What to watch: after one line of output the guest spins on a jump to
; itself. No I/O, no HLT: on KVM the vCPU runs flat out inside KVM_RUN
; and the VMM gets no exit at all - only the caller's time limit (a
; signal kicking the vCPU out) or instruction limit (simulator) stops it.

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

        mov si, msg
print:
        lodsb
        test al, al
        jz spin
        out DEBUGCON, al        ; the last exits you will see
        jmp print

spin:
        jmp spin                ; "jmp $": forever, with no VM exits

msg:    db "spinning forever without exits", 10, 0
