; return-path.asm - the request/response guest of the return-path bench (ReturnPathBench).
; Each request: ring a doorbell, then wait for the device's completion; repeat COUNT times,
; then OUT to the FINISHED port (not registered anywhere: one KVM_EXIT_IO ends the run).
; The host writes the parameters at PARAMS before the first KVM_RUN:
;   +0 doorbell kind: 0 = OUT to port 0xC010, 1 = 32-bit store to MMIO 0xD0050 (no memory slot),
;                     2 = 16-bit store of the request number to the passthrough page 0xE0000 (a memory slot)
;   +2 completion:    0 = interrupt (IRQ 5 -> vector 0x0D; the guest halts with IF=1 until it arrives),
;                     1 = poll the passthrough page's completion word (+2) until it equals the request number
;   +4 COUNT (1 to 65535)
; Assemble: nasm -f bin -o return-path.bin return-path.asm

bits 16
org 0x1000

PARAMS      equ 0x0500
KIND        equ PARAMS+0
COMPLETION  equ PARAMS+2
COUNT       equ PARAMS+4
SEQ         equ PARAMS+6            ; request number, 1, 2, ...
DONE        equ PARAMS+8            ; set by the ISR

PIO_DOORBELL    equ 0xC010
MMIO_SEG        equ 0xD000          ; 0xD0050 = MMIO_SEG:0x50
BAR_SEG         equ 0xE000          ; passthrough page: +0 doorbell word, +2 completion word
FINISHED        equ 0x00F4
IRQ             equ 5
VECTOR          equ 0x08+IRQ        ; master PIC based at 0x08 (BIOS layout)

start:
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x8000
        mov word [VECTOR*4], isr    ; IVT entry: offset, segment 0
        mov word [VECTOR*4+2], 0
        ; 8259A master: ICW1 (edge, cascade, ICW4 follows), ICW2 base 0x08, ICW3 slave on IR2, ICW4 8086 mode
        mov al, 0x11
        out 0x20, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x01
        out 0x21, al
        mov al, ~(1 << IRQ) & 0xFF  ; OCW1: only IRQ 5 unmasked
        out 0x21, al
        mov ax, MMIO_SEG
        mov es, ax
        mov ax, BAR_SEG
        mov fs, ax
        mov cx, [COUNT]

request:
        inc word [SEQ]
        mov byte [DONE], 0
        mov ax, [KIND]
        cmp ax, 1
        je .mmio
        ja .passthrough
        mov dx, PIO_DOORBELL
        mov ax, 1
        out dx, ax
        jmp await
.mmio:
        mov dword [es:0x50], 1
        jmp await
.passthrough:
        mov ax, [SEQ]
        mov [fs:0], ax              ; guest RAM as far as the CPU knows: no exit

await:
        cmp word [COMPLETION], 0
        jne .poll
.halt:
        cli
        cmp byte [DONE], 0
        jne .done
        sti                         ; STI's shadow covers the HLT: no interrupt slips in between
        hlt                         ; IF=1: with the in-kernel irqchip the vCPU sleeps inside KVM
        jmp .halt
.poll:
        mov ax, [fs:2]
        cmp ax, [SEQ]
        jne .poll
.done:
        sti
        loop request
        mov al, 0
        out FINISHED, al
        cli
        hlt

isr:
        push ax
        mov byte [DONE], 1
        mov al, 0x20                ; non-specific EOI to the master PIC (in-kernel: no userspace exit)
        out 0x20, al
        pop ax
        iret
