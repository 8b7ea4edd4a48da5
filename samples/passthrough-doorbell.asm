; passthrough-doorbell.asm - a device reached with NO exit at all, answered by an interrupt.
;
; The device's register page ("BAR") at 0xE000 is guest RAM shared with the device: this is the
; model of a passthrough (VT-d / SR-IOV assigned) device, whose BAR the guest reaches with plain
; memory writes. Nothing here is an IOMMU; the "device" is a host thread on KVM (it polls the page)
; and a device model on the simulator. Each request:
;   1. fill ADDR/LEN (the buffer to print), then store the request number to DOORBELL: a memory
;      write - no VM exit, no KVM_RUN return, no ioeventfd;
;   2. wait with STI; HLT - with KVM's in-kernel irqchip the vCPU sleeps inside KVM;
;   3. the device prints the buffer and raises IRQ 5 (an irqfd write, or KVM_IRQ_LINE);
;      KVM injects vector 0x0D at the next VM entry; the ISR counts it and sends EOI to the
;      in-kernel PIC (an I/O exit finished in the kernel).
; The only userspace exits are the two debugcon lines (one REP OUTSB each).

bits 16
org 0x1000

DEBUGCON    equ 0xE9
BAR         equ 0xE000
DOORBELL    equ BAR+0           ; u16 request number, written last
COMPLETION  equ BAR+2           ; u16 request number the device finished
STATUS      equ BAR+4           ; u16 0 = done
ADDR        equ BAR+8           ; u32 buffer
LEN         equ BAR+12          ; u16 bytes
IRQ         equ 5
VECTOR      equ 0x08+IRQ        ; master 8259A based at 0x08 (BIOS layout)

start:
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        cld
        mov word [VECTOR*4], isr
        mov word [VECTOR*4+2], 0
        mov al, 0x11            ; ICW1: edge, cascade, ICW4 follows
        out 0x20, al
        mov al, 0x08            ; ICW2: IRQ 0-7 -> vectors 0x08-0x0F
        out 0x21, al
        mov al, 0x04            ; ICW3: slave on IR2
        out 0x21, al
        mov al, 0x01            ; ICW4: 8086 mode
        out 0x21, al
        mov al, ~(1 << IRQ) & 0xFF
        out 0x21, al            ; OCW1: only IRQ 5

        mov si, banner
        mov cx, banner_end - banner
        mov dx, DEBUGCON
        rep outsb               ; userspace exit 1 of 2

        mov bx, requests
        mov di, 1               ; request number
.next:
        mov ax, [bx]            ; table entry: buffer, length
        mov word [ADDR], ax
        mov word [ADDR+2], 0
        mov ax, [bx+2]
        mov [LEN], ax
        mov byte [done], 0
        mov [DOORBELL], di      ; THE DOORBELL: a store to RAM - no exit
.wait:
        cli
        cmp byte [done], 0
        jne .served
        sti                     ; the STI shadow covers HLT: no lost wake-up
        hlt                     ; IF=1: the vCPU sleeps in KVM until IRQ 5
        jmp .wait
.served:
        sti
        add bx, 4
        inc di
        cmp di, 4
        jne .next

        mov si, ok
        mov cx, ok_end - ok
        cmp word [interrupts], 3
        je .report
        mov si, wrong
        mov cx, wrong_end - wrong
.report:
        mov dx, DEBUGCON
        rep outsb               ; userspace exit 2 of 2
        cli
        hlt                     ; in-kernel irqchip: sleeps for good (no userspace exit)

isr:
        push ax
        mov ax, [COMPLETION]
        cmp ax, di              ; the request we are waiting for?
        jne .eoi
        cmp word [STATUS], 0
        jne .eoi
        inc word [interrupts]
        mov byte [done], 1
.eoi:
        mov al, 0x20            ; non-specific EOI to the master 8259A
        out 0x20, al
        pop ax
        iret

done        db 0
interrupts  dw 0
requests    dw msg1, msg1_end - msg1, msg2, msg2_end - msg2, msg3, msg3_end - msg3
banner      db "passthrough-doorbell: 3 requests, each doorbell a store to the register page", 10
banner_end:
msg1        db "request 1: printed by the device (the guest's doorbell did not exit)", 10
msg1_end:
msg2        db "request 2: printed by the device (completion came back on IRQ 5)", 10
msg2_end:
msg3        db "request 3: printed by the device (no IOMMU here: a model of VT-d/SR-IOV)", 10
msg3_end:
ok          db "3 completions, 3 interrupts, 0 exits for the doorbells", 10
ok_end:
wrong       db "unexpected completion count", 10
wrong_end:
