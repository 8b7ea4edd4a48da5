; sti-hlt-shadow.asm - a test-bed check: does the host keep STI's interrupt shadow across a VM exit?
; IRQ 4 is made pending while IF=0, then the guest runs STI at 0x7FFF and HLT at 0x8000. The HLT's fetch is the first
; access to page 0x8000 (the stack is in page 0x6000; KVM prefetches mappings only within an aligned group of eight
; pages), so it takes an EPT violation / NPT fault: a VM exit inside STI's shadow. The interrupt must still be taken
; after the HLT has run (Intel SDM Vol. 2B, STI: the interrupt is recognised after the next instruction; VMX keeps it
; as "blocking by STI" in the guest interruptibility state, SVM as INTERRUPT_SHADOW in the VMCB, AMD APM Vol. 2
; "Interrupt Shadows"): the ISR sees the return address 0x8001 and
; prints "after". 0x8000 means the VM entry dropped the shadow and delivered the interrupt before the HLT.
bits 16
org 0x1000
start:
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000          ; stack in page 0x6000: nothing touches page 0x8000 before the HLT
        cld
        mov word [0x0C*4], isr
        mov word [0x0C*4+2], 0
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x70
        out 0xA1, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01
        out 0x21, al
        out 0xA1, al
        mov al, 0xEF
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        mov dx, 0x3FC           ; MCR: OUT2 gates IRQ 4
        mov al, 0x0B
        out dx, al
        mov dx, 0x3F9           ; IER: received data; a typed byte waits, so IRQ 4 rises now, with IF=0
        mov al, 0x01
        out dx, al
        jmp shadow_sti

isr:
        mov bp, sp
        mov bx, [bp]            ; where IRET will return
        mov dx, 0x3F8
        in al, dx               ; take the byte: the line drops
        mov al, 0x20
        out 0x20, al
        mov si, after
        cmp bx, shadow_hlt + 1
        je .print
        mov si, before
        cmp bx, shadow_hlt
        je .print
        mov si, other
.print:
        mov dx, 0x3FD
.wait:  in al, dx
        test al, 0x20
        jz .wait
        lodsb
        test al, al
        jz .end
        mov dx, 0x3F8
        out dx, al
        jmp .print
.end:
        cli
        hlt

after:  db "interrupt taken after the HLT (return to 0x8001)", 13, 10, 0
before: db "interrupt taken BEFORE the HLT, inside STI's shadow (return to 0x8000)", 13, 10, 0
other:  db "interrupt taken elsewhere", 13, 10, 0

        times 0x7FFF - 0x1000 - ($ - $$) db 0
shadow_sti:
        sti
shadow_hlt:
        hlt
        cli
        hlt
