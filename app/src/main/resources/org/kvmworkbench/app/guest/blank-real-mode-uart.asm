; {{name}}.asm - a blank real-mode guest with a 16550 UART at 0x3F8 (COM1).
;
; The workbench loads this program at 0x1000 and starts it at 0000:1000 in
; real mode. Every IN and OUT below is a VM exit: watch them in the exit log,
; and the Guest tab marks each one's instruction in the listing.

bits 16
org 0x1000

COM1    equ 0x3F8
THR     equ COM1+0              ; transmit holding register (write)
LSR     equ COM1+5              ; line status register (read)
LSR_THRE equ 0x20               ; "transmit holding register empty"

start:
        xor ax, ax              ; flat real mode: DS = ES = SS = 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        mov si, msg
        call uart_puts

        cli                     ; IF=0: HLT ends the run
        hlt

; uart_puts: send the NUL-terminated string at DS:SI
uart_puts:
        lodsb
        test al, al
        jz .ret
        call uart_putc
        jmp uart_puts
.ret:
        ret

; uart_putc: wait until the UART can take a byte, then send AL
uart_putc:
        push dx
        mov ah, al
        mov dx, LSR
.wait:
        in al, dx               ; exit: read the line status
        test al, LSR_THRE
        jz .wait
        mov al, ah
        mov dx, THR
        out dx, al              ; exit: the byte goes to the console
        pop dx
        ret

msg:    db "Hello from {{name}}!", 13, 10, 0
