; Benchmark guest: a register-only loop (no memory operands, no exits inside the loop).
; Five instructions per iteration; after 65535 iterations one OUT to the debug console (port 0xE9)
; marks the end of a round, so a run can be checked: AX, DX and SI then hold known values.
bits 16
org 0x1000

start:
    xor ax, ax
    mov bx, 3
    xor dx, dx
    xor si, si
round:
    mov cx, 0xFFFF
.loop:
    add ax, bx          ; AX = 3 * iterations (mod 2^16)
    xor dx, ax          ; DX folds every partial sum in
    inc si
    dec cx
    jnz .loop
    out 0xE9, al        ; end of round: one VM exit per 327,677 instructions
    jmp round
