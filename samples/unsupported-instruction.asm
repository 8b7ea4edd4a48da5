; unsupported-instruction.asm - x87 code: fine for a CPU, not for us.
;
; What to watch: the simulator only knows a subset of x86 (of the x87 FPU
; just the detection instructions such as FNINIT); at FLD1 it stops with
; "unsupported instruction". On KVM the instructions run and
; the second line appears. The lesson: hardware-assisted virtualization
; runs guest code natively, an emulator must implement every instruction.

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

        mov si, before
        call puts

        fninit                  ; x87: reset the FPU (no WAIT prefix)
        fld1                    ; x87: push +1.0 onto the FPU stack

        mov si, after
        call puts
        cli                     ; IF=0: HLT ends the run
        hlt

; puts: print the NUL-terminated string at DS:SI on the debug console
puts:
        lodsb
        test al, al
        jz .ret
        out DEBUGCON, al
        jmp puts
.ret:
        ret

before: db "next: an x87 instruction the simulator does not implement", 10, 0
after:  db "FPU ran (real CPU)", 10, 0
