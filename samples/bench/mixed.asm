; Benchmark guest: mixed code. Each round copies a 32 KiB source buffer (3000:0000) to 4000:0000 with
; REP MOVSB, then checksums the copy with LODSB, a CALL/RET per byte, rotates, shifts and memory
; operands, stores the checksum in memory, perturbs one source byte, and marks the end of the round with
; an OUT to port 0xE9. At that exit BX holds the round's checksum and DX its shift-xor companion.
bits 16
org 0x1000

SRC equ 0x3000
DST equ 0x4000
LEN equ 0x8000

start:
    cld
    mov ax, SRC         ; fill the source: byte i = (i * 7 + (i >> 8)) & 0xFF
    mov es, ax
    xor di, di
    mov cx, LEN
.fill:
    mov ax, di
    mov bx, 7
    mul bx
    mov bx, di
    shr bx, 8
    add ax, bx
    stosb
    loop .fill
    xor ax, ax
    mov [round_no], ax
round:
    mov ax, SRC         ; copy source to destination
    mov ds, ax
    mov ax, DST
    mov es, ax
    xor si, si
    xor di, di
    mov cx, LEN
    rep movsb
    mov ds, ax          ; checksum the copy
    xor si, si
    xor bx, bx
    xor dx, dx
    mov cx, LEN
.sum:
    lodsb
    call mix
    loop .sum
    xor ax, ax
    mov ds, ax
    mov [checksum], bx  ; memory operands: keep the result and a running total
    add [total], bx
    mov ax, SRC         ; perturb one source byte so every round differs
    mov es, ax
    mov di, [round_no]
    and di, LEN - 1
    inc byte [es:di]
    inc word [round_no]
    out 0xE9, al        ; end of round
    jmp round

; BX = rol(BX, 3) + AL; DX = (DX shl 1) xor BX; and a read-modify-write of a memory byte (in the code segment).
mix:
    xor ah, ah
    rol bx, 3
    add bx, ax
    shl dx, 1
    xor dx, bx
    xor [cs:scratch], al
    ret

round_no: dw 0
checksum: dw 0
total:    dw 0
scratch:  db 0
