; Benchmark guest: one VM exit per OUT to the 16550 UART's transmit holding register (COM1, 0x3F8).
; Each OUT leaves the guest (I/O instruction exit, qualification: 1 byte, OUT, DX-encoded, port 0x3F8),
; reaches the UART model in userspace, and re-enters the guest. Three instructions per exit.
bits 16
org 0x1000

start:
    mov dx, 0x3F8       ; THR (LCR.DLAB is 0 after reset)
    xor al, al
.loop:
    out dx, al
    inc al
    jmp .loop
