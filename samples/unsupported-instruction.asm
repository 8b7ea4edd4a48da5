; unsupported-instruction.asm - MMX code: fine for a CPU, not for us.
;
; What to watch: the simulator only knows a subset of x86 (it runs the
; x87 FPU, but not MMX); at MOVQ it stops with "unsupported instruction".
; On KVM the instructions run and the second line appears. The lesson:
; hardware-assisted virtualization runs guest code natively, an emulator
; must implement every instruction.

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

        ; MMX, written as bytes because the workbench's built-in assembler has no MMX:
        db 0x0F, 0x6F, 0x06     ; movq mm0, [source]: load 8 bytes into MM0 (no exit on KVM)
        dw source
        db 0x0F, 0x7F, 0x06     ; movq [after], mm0: store them over the first 8 bytes of "after"
        dw after

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

before: db "next: an MMX instruction the simulator does not implement", 10, 0
source: db "MMX ran "
after:  db "........(real CPU)", 10, 0
