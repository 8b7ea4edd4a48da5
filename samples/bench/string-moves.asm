; Benchmark guest: block moves. Each round copies 32 KiB from 3000:0000 to 4000:0000 three times,
; with REP MOVSB, REP MOVSW and REP MOVSD (operand-size prefix), i.e. 96 KiB per round, then marks the end
; of the round with an OUT to port 0xE9. Bytes moved per second = rounds * 98304 / seconds.
bits 16
org 0x1000

SRC equ 0x3000
DST equ 0x4000
LEN equ 0x8000

start:
    cld
    mov ax, SRC
    mov ds, ax
    mov ax, DST
    mov es, ax
round:
    xor si, si
    xor di, di
    mov cx, LEN
    rep movsb
    xor si, si
    xor di, di
    mov cx, LEN / 2
    rep movsw
    xor si, si
    xor di, di
    mov cx, LEN / 4
    rep movsd
    out 0xE9, al        ; end of round
    jmp round
