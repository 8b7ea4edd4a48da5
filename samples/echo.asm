; echo.asm - interactive echo over the 16550 UART (polling, no IRQs).
;
; What to watch: the guest spins on IN LSR (0x3FD) until bit 0 (DR, data
; ready) is set, then reads the byte from RBR (0x3F8) - every poll is a
; userspace KVM_EXIT_IO. Idle waiting costs exits when you poll!
; Ctrl-D (0x04) ends the session; CR is echoed as CR LF.

bits 16
org 0x1000

COM1    equ 0x3F8
THR     equ COM1+0              ; transmit holding register (write)
RBR     equ COM1+0              ; receive buffer register (read)
DLL     equ COM1+0              ; divisor latch low  (DLAB=1)
IER     equ COM1+1              ; interrupt enable register
DLM     equ COM1+1              ; divisor latch high (DLAB=1)
FCR     equ COM1+2              ; FIFO control (write)
LCR     equ COM1+3              ; line control
MCR     equ COM1+4              ; modem control
LSR     equ COM1+5              ; line status
LSR_DR   equ 0x01               ; bit 0: a received byte is waiting
LSR_THRE equ 0x20               ; bit 5: transmitter can take a byte

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

uart_init:
        mov dx, IER
        mov al, 0x00            ; no UART interrupts: we poll
        out dx, al
        mov dx, LCR
        mov al, 0x80            ; DLAB=1 to reach the divisor latch
        out dx, al
        mov dx, DLL
        mov al, 0x01            ; divisor 1 = 115200 baud
        out dx, al
        mov dx, DLM
        mov al, 0x00
        out dx, al
        mov dx, LCR
        mov al, 0x03            ; 8N1, DLAB back to 0
        out dx, al
        mov dx, FCR
        mov al, 0xC7            ; FIFOs on and cleared, 14-byte trigger
        out dx, al
        mov dx, MCR
        mov al, 0x03            ; DTR+RTS, OUT2=0 (no IRQ)
        out dx, al

        mov si, banner
        call uart_puts

echo_loop:
        call uart_getc          ; AL = next received byte
        cmp al, 0x04            ; Ctrl-D?
        je bye
        cmp al, 13              ; Enter sends CR ...
        je .newline
        call uart_putc          ; ... anything else is echoed as is
        jmp echo_loop
.newline:
        mov si, crlf            ; ... and CR becomes CR LF
        call uart_puts
        jmp echo_loop

bye:
        mov si, byemsg
        call uart_puts
        cli                     ; IF=0: HLT ends the run
        hlt

; uart_getc: wait for LSR.DR, return the received byte in AL
uart_getc:
        push dx
        mov dx, LSR
.wait:
        in al, dx               ; exit: "anything for me?"
        test al, LSR_DR
        jz .wait
        mov dx, RBR
        in al, dx               ; exit: take the byte (clears DR)
        pop dx
        ret

; uart_puts: send the NUL-terminated string at DS:SI
uart_puts:
        lodsb
        test al, al
        jz .ret
        call uart_putc
        jmp uart_puts
.ret:
        ret

; uart_putc: wait for LSR.THRE, then send AL
uart_putc:
        push dx
        mov ah, al
        mov dx, LSR
.wait:
        in al, dx
        test al, LSR_THRE
        jz .wait
        mov al, ah
        mov dx, THR
        out dx, al
        pop dx
        ret

banner: db "echo: type, Ctrl-D ends", 13, 10, 0
crlf:   db 13, 10, 0
byemsg: db 13, 10, "bye", 13, 10, 0
