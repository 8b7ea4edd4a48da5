; Boot sector for comparing the benchmark guests on other PC emulators (`bench --compare`: QEMU, Bochs).
; The BIOS loads it at 0000:7C00 from a 1.44 MB floppy whose sectors 2-5 hold a guest binary; it reads those
; four sectors (2 KiB) to 0000:1000 with INT 13h, then starts the guest as the workbench does: every general
; register 0, DS = ES = SS = 0, SP = 0, interrupts off (the BIOS's timer would otherwise run inside the
; measured time), at 0000:1000.
bits 16
org 0x7C00

SECTORS equ 4

start:
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    mov si, 3               ; a floppy read may fail while the motor spins up: try three times
.read:
    mov ax, 0x0200 | SECTORS ; AH = 2 read sectors, AL = count
    mov bx, 0x1000          ; ES:BX = 0000:1000
    mov cx, 0x0002          ; cylinder 0, sector 2
    xor dh, dh              ; head 0, DL = the boot drive the BIOS passed
    int 0x13
    jnc .loaded
    xor ah, ah              ; reset the drive, then retry
    int 0x13
    dec si
    jnz .read
.failed:
    hlt
    jmp .failed
.loaded:
    cli
    xor ax, ax
    mov bx, ax
    mov cx, ax
    mov dx, ax
    mov si, ax
    mov di, ax
    mov bp, ax
    mov sp, ax
    cld
    jmp 0x0000:0x1000

    times 510 - ($ - $$) db 0
    dw 0xAA55
