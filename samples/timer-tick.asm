; timer-tick.asm - the 8254 timer interrupts the guest 100 times a second.
;
; What to watch: the guest programs the 8259A (vectors 0x08-0x0F) and the
; 8254 (counter 0, mode 2, 11932 = 1193182 Hz / 100), then sleeps in HLT
; with IF=1. Each timer expiry raises IRQ 0; KVM injects vector 0x08 at
; VM entry (VM-entry interruption information 0x4016 = 0x80000008) and
; the ISR below runs: it counts the tick, prints every 10th, and ends
; the interrupt with an EOI (OUT 0x20, 0x20).
; With the in-kernel irqchip (kvm: irqchip: true) the HLT, the injection
; and the EOI never leave the kernel: only the prints reach userspace.
;
; Machine: 64 KiB RAM, loaded at 0x1000, entered at 0000:1000, no BIOS.

bits 16
org 0x1000

DEBUGCON equ 0xE9

PIC1_CMD  equ 0x20              ; master 8259A: ICW1, OCW2 (EOI), OCW3
PIC1_DATA equ 0x21              ; master: ICW2-4, OCW1 (mask)
PIC2_CMD  equ 0xA0              ; slave 8259A
PIC2_DATA equ 0xA1
EOI       equ 0x20              ; OCW2: non-specific end of interrupt

PIT_CH0   equ 0x40              ; 8254 counter 0 (its output is IRQ 0)
PIT_CTRL  equ 0x43              ; 8254 control word
COUNT     equ 11932             ; 1193182 Hz / 11932 = 100 Hz

IRQ0_VEC  equ 0x08              ; IRQ 0 after ICW2 = 0x08
TICKS     equ 50                ; stop after this many
EVERY     equ 10                ; print every 10th tick
WORK      equ 12000             ; iterations of each busy loop

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        mov word [IRQ0_VEC*4], timer_isr ; IVT entry 8: offset ...
        mov word [IRQ0_VEC*4+2], 0       ;              ... and segment

; --- the 8259A pair, as a BIOS programs it --------------------------------
        mov al, 0x11            ; ICW1: edge-triggered, cascade, ICW4 follows
        out PIC1_CMD, al
        out PIC2_CMD, al
        mov al, 0x08            ; ICW2: master IRQ 0-7 -> vectors 0x08-0x0F
        out PIC1_DATA, al
        mov al, 0x70            ; ICW2: slave IRQ 8-15 -> vectors 0x70-0x77
        out PIC2_DATA, al
        mov al, 0x04            ; ICW3: the slave hangs on master IR2
        out PIC1_DATA, al
        mov al, 0x02            ; ICW3: slave ID 2
        out PIC2_DATA, al
        mov al, 0x01            ; ICW4: 8086 mode, normal EOI
        out PIC1_DATA, al
        out PIC2_DATA, al
        mov al, 0xFE            ; OCW1: only IRQ 0 unmasked
        out PIC1_DATA, al
        mov al, 0xFF            ; slave: everything masked
        out PIC2_DATA, al

        mov si, banner
        call puts

; --- the 8254: counter 0, LSB then MSB, mode 2 (rate generator) -----------
        mov al, 0x34
        out PIT_CTRL, al
        mov al, COUNT & 0xFF
        out PIT_CH0, al
        mov al, COUNT >> 8
        out PIT_CH0, al

; --- sleep, work, sleep: until the ISR has counted enough ticks -------------
; After each wake-up the guest works a while, first with IF=0 then IF=1.
; A tick that arrives while IF=0 waits: KVM opens an interrupt window
; (exit 7 once STI's shadow is over). A tick that arrives while the guest
; runs with IF=1 kicks it out: exit 1 (external interrupt). On the
; simulator, whose clock counts instructions, both happen every 3 ticks.
idle:
        cli
        cmp word [ticks], TICKS
        jae finished
        sti                     ; IF=1 only after the next instruction, so no
        hlt                     ; tick slips in between the check and the sleep
        cli
        mov cx, WORK
.masked:
        loop .masked            ; IF=0: a tick now is held pending
        sti
        mov cx, WORK
.open:
        loop .open              ; IF=1: a tick now interrupts at once
        jmp idle

finished:
        mov si, done_msg
        call puts
        mov ax, [ticks]
        call putdec
        mov al, 10
        out DEBUGCON, al
        cli                     ; IF=0: HLT ends the run
        hlt

; --- IRQ 0: count, print every 10th, EOI ---------------------------------------
timer_isr:
        push ax
        push cx
        push dx
        inc word [ticks]
        mov ax, [ticks]
        xor dx, dx
        mov cx, EVERY
        div cx                  ; DX = ticks % 10
        cmp word [ticks], TICKS
        jb .print
        mov al, 0xFF            ; enough: mask IRQ 0 (OCW1), no more ticks
        out PIC1_DATA, al
.print:
        test dx, dx
        jnz .eoi
        push si
        mov si, tick_msg
        call puts
        mov ax, [ticks]
        call putdec
        mov al, 10
        out DEBUGCON, al
        pop si
.eoi:
        mov al, EOI
        out PIC1_CMD, al        ; end of interrupt: ISR bit 0 cleared
        pop dx
        pop cx
        pop ax
        iret

; puts: print the NUL-terminated string at DS:SI on the debug console
puts:
        push ax
.next:
        lodsb
        test al, al
        jz .ret
        out DEBUGCON, al
        jmp .next
.ret:
        pop ax
        ret

; putdec: print AX in decimal (keeps BX, SI)
putdec:
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.div:
        xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .div
.out:
        pop ax
        add al, '0'
        out DEBUGCON, al
        loop .out
        pop dx
        pop cx
        pop bx
        ret

ticks:    dw 0
banner:   db "timer-tick: 8254 at 100 Hz on IRQ 0 -> vector 0x08", 10, 0
tick_msg: db "tick ", 0
done_msg: db "done: IRQ 0 masked after ticks: ", 0
