; echo-irq.asm - interrupt-driven echo over the 16550 UART.
;
; What to watch: unlike echo.asm, which polls LSR (an exit on every poll,
; even when idle), this guest sleeps in HLT with IF=1 and lets the UART
; interrupt it. A received byte raises IRQ 4 (IER bit 0 "received data
; available", gated onto the bus by MCR.OUT2); the 8259A turns it into
; vector 0x0C, which KVM injects at VM entry. The ISR reads every byte
; waiting (LSR.DR), echoes it, and sends the EOI. Idle costs no exits:
; with the in-kernel irqchip the vCPU blocks in KVM until you type.
; Ctrl-D (0x04) ends the session; CR is echoed as CR LF.
;
; Machine: 64 KiB RAM, loaded at 0x1000, entered at 0000:1000, no BIOS.

bits 16
org 0x1000

COM1    equ 0x3F8
THR     equ COM1+0              ; transmit holding register (write)
RBR     equ COM1+0              ; receive buffer register (read)
DLL     equ COM1+0              ; divisor latch low  (DLAB=1)
IER     equ COM1+1              ; interrupt enable register
DLM     equ COM1+1              ; divisor latch high (DLAB=1)
IIR     equ COM1+2              ; interrupt identification (read)
FCR     equ COM1+2              ; FIFO control (write)
LCR     equ COM1+3              ; line control
MCR     equ COM1+4              ; modem control
LSR     equ COM1+5              ; line status
LSR_DR   equ 0x01               ; bit 0: a received byte is waiting
LSR_THRE equ 0x20               ; bit 5: transmitter can take a byte

PIC1_CMD  equ 0x20
PIC1_DATA equ 0x21
PIC2_CMD  equ 0xA0
PIC2_DATA equ 0xA1
EOI       equ 0x20
IRQ4_VEC  equ 0x0C              ; IRQ 4 after ICW2 = 0x08

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        mov word [IRQ4_VEC*4], uart_isr
        mov word [IRQ4_VEC*4+2], 0

; --- the 8259A pair (see timer-tick.asm), only IRQ 4 unmasked -------------
        mov al, 0x11
        out PIC1_CMD, al
        out PIC2_CMD, al
        mov al, 0x08
        out PIC1_DATA, al
        mov al, 0x70
        out PIC2_DATA, al
        mov al, 0x04
        out PIC1_DATA, al
        mov al, 0x02
        out PIC2_DATA, al
        mov al, 0x01
        out PIC1_DATA, al
        out PIC2_DATA, al
        mov al, 0xEF            ; OCW1: IRQ 4 (COM1) unmasked
        out PIC1_DATA, al
        mov al, 0xFF
        out PIC2_DATA, al

; --- the UART: 115200 8N1, FIFOs on, receive interrupt on, OUT2 on ---------
        mov dx, IER
        mov al, 0x00
        out dx, al
        mov dx, LCR
        mov al, 0x80            ; DLAB=1
        out dx, al
        mov dx, DLL
        mov al, 0x01            ; divisor 1 = 115200 baud
        out dx, al
        mov dx, DLM
        mov al, 0x00
        out dx, al
        mov dx, LCR
        mov al, 0x03            ; 8N1, DLAB=0
        out dx, al
        mov dx, FCR
        mov al, 0xC7            ; FIFOs on and cleared
        out dx, al
        mov dx, MCR
        mov al, 0x0B            ; DTR+RTS+OUT2: OUT2 connects the IRQ line
        out dx, al

        mov si, banner
        call uart_puts

        mov dx, IER
        mov al, 0x01            ; interrupt on received data available
        out dx, al

; --- sleep until the ISR has seen Ctrl-D -----------------------------------
idle:
        cli
        cmp byte [done], 0
        jne bye
        sti                     ; STI's shadow covers the HLT: no byte can
        hlt                     ; slip in between the check and the sleep
        jmp idle

bye:
        mov dx, IER
        mov al, 0x00            ; no more UART interrupts
        out dx, al
        mov si, byemsg
        call uart_puts
        cli                     ; IF=0: HLT ends the run
        hlt

; --- IRQ 4: echo everything received, then EOI --------------------------------
uart_isr:
        push ax
        push dx
        push si
.next:
        mov dx, LSR
        in al, dx
        test al, LSR_DR         ; all read? (edge-triggered PIC: the line must
        jz .eoi                 ;  drop before the next byte can interrupt)
        mov dx, RBR
        in al, dx
        cmp al, 0x04            ; Ctrl-D ends the session
        je .ctrl_d
        cmp al, 13
        je .newline
        call uart_putc
        jmp .next
.newline:
        mov si, crlf
        call uart_puts
        jmp .next
.ctrl_d:
        mov byte [done], 1
.eoi:
        mov al, EOI
        out PIC1_CMD, al
        pop si
        pop dx
        pop ax
        iret

; uart_putc: send AL once the transmitter has room
uart_putc:
        push dx
        push ax
        mov dx, LSR
.wait:
        in al, dx
        test al, LSR_THRE
        jz .wait
        pop ax
        mov dx, THR
        out dx, al
        pop dx
        ret

; uart_puts: send the NUL-terminated string at DS:SI
uart_puts:
        push ax
.next:
        lodsb
        test al, al
        jz .ret
        call uart_putc
        jmp .next
.ret:
        pop ax
        ret

done:   db 0
banner: db "echo-irq: type, Ctrl-D ends (IRQ 4 -> vector 0x0C)", 13, 10, 0
crlf:   db 13, 10, 0
byemsg: db 13, 10, "bye", 13, 10, 0
