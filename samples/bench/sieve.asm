; Benchmark guest: the sieve of Eratosthenes over 0..65535, a 64 KiB byte array at 2000:0000.
; Each round clears the array, crosses out multiples of every prime below 256 starting at its square,
; counts what is left in 2..65535 into DX, and marks the end of the round with an OUT to port 0xE9.
; DX must be 6542 (the number of primes below 65536) at that exit.
bits 16
org 0x1000

start:
    mov ax, 0x2000
    mov es, ax
    cld
round:
    xor di, di          ; clear the whole segment: 32768 words
    mov cx, 0x8000
    xor ax, ax
    rep stosw
    mov bx, 2
.outer:
    cmp bx, 256         ; every composite below 65536 has a prime factor below 256
    jae .count
    cmp byte [es:bx], 0
    jne .next
    mov ax, bx
    mul bx              ; AX = BX * BX (< 65536 as BX < 256)
    mov di, ax
.cross:
    mov byte [es:di], 1
    add di, bx
    jnc .cross          ; stop when DI wraps past 65535
.next:
    inc bx
    jmp .outer
.count:
    xor dx, dx
    mov di, 2
.scan:
    cmp byte [es:di], 0
    jne .composite
    inc dx
.composite:
    inc di
    jnz .scan           ; DI wrapped to 0: all of 2..65535 seen
    out 0xE9, al        ; end of round, DX = prime count
    jmp round
