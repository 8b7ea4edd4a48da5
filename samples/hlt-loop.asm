; hlt-loop.asm - an idle loop: HLT with interrupts enabled.
;
; What to watch: each HLT is a KVM_EXIT_HLT. With IF=1 a real machine
; would sleep until the next timer interrupt; this VMM stands in for that
; interrupt and resumes the guest at once. Five dots, five HLT exits.
; The final CLI+HLT (IF=0: nothing can ever wake us) ends the run.

bits 16
org 0x1000

DEBUGCON equ 0xE9               ; OUT a byte = print it

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        sti                     ; IF=1: HLT now means "wait for an IRQ"
        mov cx, 5
idle:
        mov al, '.'
        out DEBUGCON, al        ; userspace I/O exit
        hlt                     ; HLT exit; VMM resumes us right away
        loop idle

        mov si, done_msg
print:
        lodsb
        test al, al
        jz finish
        out DEBUGCON, al
        jmp print

finish:
        cli                     ; IF=0: this HLT is final
        hlt

done_msg: db 10, "idle loop done", 10, 0
