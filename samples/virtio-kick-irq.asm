; virtio-kick-irq.asm - three virtio kicks, each completed by an interrupt.
;
; What to watch: the guest kicks the device (OUT to the doorbell 0xC010),
; then sleeps in HLT with IF=1 instead of polling used.idx. The device
; puts the buffer on the used ring and sets its ISR status bit 0, which
; drives its interrupt line (IRQ 5, the virtio-console default). The VMM
; raises it (KVM_IRQ_LINE, or an eventfd write to an irqfd); KVM injects
; vector 0x0D at VM entry. The ISR reads the ISR status register (0xC013):
; that read is the acknowledge - it clears the bits and lowers the line -
; then it counts the completion and sends the EOI to the 8259A.
; The way in is the kick, the way back is the interrupt.

bits 16
org 0x1000

DEBUGCON equ 0xE9

; legacy virtio PCI I/O registers (port block at 0xC000)
VIO             equ 0xC000
VIO_QUEUE_PFN   equ VIO+0x08    ; R/W32 ring address >> 12
VIO_QUEUE_SIZE  equ VIO+0x0C    ; R16   entries in the selected queue
VIO_QUEUE_SEL   equ VIO+0x0E    ; R/W16 which queue the above refer to
VIO_NOTIFY      equ VIO+0x10    ; R/W16 doorbell: write the queue index
VIO_STATUS      equ VIO+0x12    ; R/W8  device status
ST_ACK          equ 1           ; "I have seen you"
ST_DRIVER       equ 2           ; "I know how to drive you"
ST_DRIVER_OK    equ 4           ; "rings are set up, go"
                                ; (FEATURES_OK, 8, is virtio 1.0 only:
                                ;  legacy simply accepts no features)
TXQ             equ 1           ; console queue 1 = transmit

; the split ring for 16 entries, legacy layout, at PFN 4
QSIZE           equ 16
RING            equ 0x4000
DESC            equ RING        ; 16 x {u64 addr, u32 len, u16 flags, u16 next}
AVAIL_FLAGS     equ RING+0x100  ; avail ring follows the descriptor table
AVAIL_IDX       equ RING+0x102  ;   where the driver will write next
AVAIL_RING      equ RING+0x104  ;   u16 descriptor heads
USED_IDX        equ RING+0x1002 ; used ring at the next 4 KiB: 0x5000
BUFFERS         equ 0x6000      ; message buffers, 64 bytes apart
VIO_ISR         equ VIO+0x13    ; R8    ISR status: bit 0 used buffers; read clears

PIC1_CMD        equ 0x20
PIC1_DATA       equ 0x21
PIC2_CMD        equ 0xA0
PIC2_DATA       equ 0xA1
EOI             equ 0x20
IRQ5_VEC        equ 0x0D            ; IRQ 5 after ICW2 = 0x08

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        mov word [IRQ5_VEC*4], virtio_isr
        mov word [IRQ5_VEC*4+2], 0

; --- the 8259A pair (see timer-tick.asm), only IRQ 5 unmasked -------------
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
        mov al, 0xDF            ; OCW1: IRQ 5 (the virtio console) unmasked
        out PIC1_DATA, al
        mov al, 0xFF
        out PIC2_DATA, al

        mov di, RING            ; clear the rings (0x4000..0x5FFF):
        mov cx, 0x2000/2        ;   plain memory, no exits
        xor ax, ax
        rep stosw

; --- device initialisation (each OUT/IN below is one exit) -------------
        mov dx, VIO_STATUS
        mov al, 0               ; 0 = reset the device
        out dx, al
        mov al, ST_ACK
        out dx, al
        mov al, ST_ACK|ST_DRIVER
        out dx, al

        mov dx, VIO_QUEUE_SEL
        mov ax, TXQ             ; select the transmit queue
        out dx, ax
        mov dx, VIO_QUEUE_SIZE
        in ax, dx               ; legacy: the device dictates the size
        cmp ax, QSIZE           ; our ring layout assumes 16 entries
        jne bad_queue

                                ; avail.flags stay 0: "interrupt me"
        mov dx, VIO_QUEUE_PFN
        mov eax, RING >> 12     ; PFN 4: the device now knows the ring
        out dx, eax
        mov dx, VIO_STATUS
        mov al, ST_ACK|ST_DRIVER|ST_DRIVER_OK
        out dx, al              ; status |= DRIVER_OK: live

; --- three messages, one kick each --------------------------------------
        xor bx, bx              ; BX = N-1 = descriptor and buffer number
send:
        mov al, bl              ; patch the digit into the template
        add al, '1'
        mov [digit], al
        mov di, bx              ; DI = BUFFERS + 64*BX
        shl di, 6
        add di, BUFFERS
        push di
        mov si, template
        mov cx, MSG_LEN
        rep movsb               ; copy the text into the buffer
        pop ax                  ; AX = buffer address

        mov di, bx              ; DI = &desc[BX]
        shl di, 4
        add di, DESC
        mov [di+0], ax          ; addr, bits 0..15
        mov word [di+2], 0      ; addr, bits 16..31
        mov dword [di+4], 0     ; addr, bits 32..63
        mov dword [di+8], MSG_LEN ; len
        mov word [di+12], 0     ; flags 0: device-readable, no NEXT
        mov word [di+14], 0     ; next (unused)

        mov si, [AVAIL_IDX]     ; avail.ring[idx % 16] = BX
        and si, QSIZE-1
        shl si, 1
        mov [AVAIL_RING+si], bx
        inc word [AVAIL_IDX]    ; publish: idx written last (x86 keeps
                                ;   stores in order, no barrier needed)
        mov dx, VIO_NOTIFY
        mov ax, TXQ
        out dx, ax              ; THE KICK: one exit per message

        inc bx                  ; BX = completions to wait for
wait_irq:
        cli
        cmp [completions], bx
        jae .done
        sti                     ; STI's shadow covers the HLT: the completion
        hlt                     ; cannot slip in between the check and the sleep
        jmp wait_irq
.done:
        cmp bx, 3
        jb send

report:
        mov si, used_msg
        call puts
        mov ax, [USED_IDX]
        call putdec
        mov al, 10
        out DEBUGCON, al
        jmp finish

; --- IRQ 5: acknowledge at the device, count, EOI at the 8259A -------------------
virtio_isr:
        push ax
        push dx
        push si
        mov dx, VIO_ISR
        in al, dx               ; the acknowledge: read clears, the line drops
        test al, 1              ; bit 0: used buffers
        jz .eoi
        inc word [completions]
        mov si, irq_msg
        call puts
        mov ax, [completions]
        push bx
        push cx
        call putdec
        pop cx
        pop bx
        mov si, used_at
        call puts
        mov ax, [USED_IDX]
        push bx
        push cx
        call putdec
        pop cx
        pop bx
        mov al, 10
        out DEBUGCON, al
.eoi:
        mov al, EOI
        out PIC1_CMD, al
        pop si
        pop dx
        pop ax
        iret

bad_queue:
        mov si, badq_msg
        call puts
finish:
        cli                     ; IF=0: HLT ends the run
        hlt

; puts: print the NUL-terminated string at DS:SI on the debug console
puts:
        lodsb
        test al, al
        jz .ret
        out DEBUGCON, al
        jmp puts
.ret:
        ret

; putdec: print AX in decimal
putdec:
        mov bx, 10
        xor cx, cx
.div:
        xor dx, dx
        div bx                  ; AX = AX/10, DX = last digit
        push dx
        inc cx
        test ax, ax
        jnz .div
.out:
        pop ax
        add al, '0'
        out DEBUGCON, al
        loop .out
        ret

template:   db "kick "
digit:      db "N: hello over virtio", 10
MSG_LEN     equ $ - template    ; 26 bytes, no NUL: len says it all
used_msg:   db "used.idx = ", 0
irq_msg:    db "completion interrupt ", 0
used_at:    db ": ISR status bit 0, used.idx = ", 0
completions: dw 0
badq_msg:   db "virtio: queue 1 size is not 16", 10, 0
