; hello-serial.asm - print one line on the 16550 UART by polling.
;
; What to watch: every IN from LSR (0x3FD) and every OUT to THR (0x3F8)
; is a port I/O VM exit (KVM_EXIT_IO) handled in *userspace* by the
; VMM's UART model - two exits per character, plus six for the init.
;
; Machine: 64 KiB RAM, loaded at 0x1000, entered at 0000:1000, no BIOS.

bits 16
org 0x1000

COM1    equ 0x3F8               ; base of the 16550 UART
THR     equ COM1+0              ; transmit holding register (write)
DLL     equ COM1+0              ; divisor latch low  (when LCR.DLAB=1)
IER     equ COM1+1              ; interrupt enable register
DLM     equ COM1+1              ; divisor latch high (when LCR.DLAB=1)
FCR     equ COM1+2              ; FIFO control register (write)
LCR     equ COM1+3              ; line control register
MCR     equ COM1+4              ; modem control register
LSR     equ COM1+5              ; line status register
LSR_THRE equ 0x20               ; bit 5: transmit holding register empty

start:
        xor ax, ax              ; flat real mode: every segment = 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000          ; our own stack (there is no BIOS)
        cld                     ; LODSB walks forwards

uart_init:
        mov dx, IER
        mov al, 0x00            ; no UART interrupts: we poll
        out dx, al
        mov dx, LCR
        mov al, 0x80            ; DLAB=1: ports +0/+1 become the divisor
        out dx, al
        mov dx, DLL
        mov al, 0x01            ; divisor 1 = 115200 baud
        out dx, al
        mov dx, DLM
        mov al, 0x00            ; divisor high byte 0
        out dx, al
        mov dx, LCR
        mov al, 0x03            ; 8 data bits, no parity, 1 stop; DLAB=0
        out dx, al
        mov dx, FCR
        mov al, 0xC7            ; FIFOs on, clear RX+TX, 14-byte trigger
        out dx, al
        mov dx, MCR
        mov al, 0x03            ; DTR+RTS; OUT2 stays 0 (IRQ not gated on)
        out dx, al

        mov si, msg
        call uart_puts

done:
        cli                     ; IF=0, so this HLT ends the run
        hlt

; uart_puts: send the NUL-terminated string at DS:SI
uart_puts:
        lodsb                   ; AL = next byte
        test al, al
        jz .ret
        call uart_putc
        jmp uart_puts
.ret:
        ret

; uart_putc: wait until THR is empty, then send AL
uart_putc:
        push dx
        mov ah, al              ; keep the byte while AL reads LSR
        mov dx, LSR
.wait:
        in al, dx               ; exit: VMM reports the line status
        test al, LSR_THRE
        jz .wait                ; transmitter still busy
        mov al, ah
        mov dx, THR
        out dx, al              ; exit: VMM prints the byte
        pop dx
        ret

msg:    db "Hello from the guest via the 16550 UART!", 13, 10, 0
