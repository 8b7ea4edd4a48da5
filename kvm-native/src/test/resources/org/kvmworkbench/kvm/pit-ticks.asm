; pit-ticks.asm - test guest for InKernelChipsetTest: programs the 8259A (vectors 0x08-0x0F, only IRQ 0 unmasked)
; and the 8254 (counter 0, mode 2, count 0x2E9C = 11932: about 100 Hz), writes 'R' to the debug port (the one
; userspace exit), then sleeps in STI; HLT. The IRQ 0 handler counts ticks in the word at TICKS and sends EOI.
; With KVM's in-kernel irqchip and PIT none of this after the 'R' returns to userspace.
; Assemble: nasm -f bin -o pit-ticks.bin pit-ticks.asm
bits 16
org 0x1000

TICKS   equ 0x0600

start:
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x8000
        mov word [0x08*4], isr
        mov word [0x08*4+2], 0
        mov al, 0x11            ; ICW1: edge, cascade, ICW4 follows
        out 0x20, al
        mov al, 0x08            ; ICW2: IRQ 0-7 -> vectors 0x08-0x0F
        out 0x21, al
        mov al, 0x04            ; ICW3: slave on IR2
        out 0x21, al
        mov al, 0x01            ; ICW4: 8086 mode
        out 0x21, al
        mov al, 0xFE            ; OCW1: only IRQ 0
        out 0x21, al
        mov al, 0x34            ; counter 0, LSB then MSB, mode 2
        out 0x43, al
        mov al, 0x9C
        out 0x40, al
        mov al, 0x2E
        out 0x40, al
        mov al, 'R'
        out 0xE9, al
idle:
        sti
        hlt
        jmp idle

isr:
        inc word [TICKS]
        push ax
        mov al, 0x20
        out 0x20, al
        pop ax
        iret
