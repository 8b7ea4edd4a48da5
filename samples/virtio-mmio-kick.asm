; virtio-mmio-kick.asm - virtio-kick over the virtio-mmio transport.
;
; The same console device and the same three messages as virtio-kick, but
; the registers are memory, not ports: the legacy virtio-mmio window at
; guest-physical 0xD0000 (outside RAM), reached through FS = 0xD000.
; Every register access is a MOV, and each one is an MMIO exit (the first
; touch of the page an EPT violation, later ones EPT misconfigurations).
; The kick is a 32-bit store to QueueNotify (0xD0050): still ONE exit per
; message. With ioeventfd: true, KVM_IOEVENTFD (without the PIO flag)
; finishes that store in the kernel.
; Compared with the port transport the driver has more to say: the guest
; page size, the queue size (QueueNum) and its alignment (QueueAlign).

bits 16
org 0x1000

DEBUGCON equ 0xE9

; legacy virtio-mmio registers (virtio 1.x 4.2.2/4.2.4), all 32-bit
VMMIO_SEG       equ 0xD000      ; FS:0 = guest-physical 0xD0000
MMIO_PAGE_SIZE  equ 0x028       ; W  GuestPageSize: the PFN unit
MMIO_QUEUE_SEL  equ 0x030       ; W  which queue the next four refer to
MMIO_QUEUE_MAX  equ 0x034       ; R  QueueNumMax: largest size allowed
MMIO_QUEUE_NUM  equ 0x038       ; W  QueueNum: the size the driver uses
MMIO_QUEUE_ALIGN equ 0x03C      ; W  QueueAlign: used ring alignment
MMIO_QUEUE_PFN  equ 0x040       ; R/W ring address / GuestPageSize
MMIO_NOTIFY     equ 0x050       ; W  doorbell: write the queue index
MMIO_STATUS     equ 0x070       ; R/W device status
ST_ACK          equ 1           ; "I have seen you"
ST_DRIVER       equ 2           ; "I know how to drive you"
ST_DRIVER_OK    equ 4           ; "rings are set up, go"
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
NO_INTERRUPT    equ 1           ; avail flag: "don't interrupt me, I poll"

start:
        xor ax, ax              ; flat real mode: all segments 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x8000
        cld

        mov di, RING            ; clear the rings (0x4000..0x5FFF):
        mov cx, 0x2000/2        ;   plain memory, no exits
        xor ax, ax
        rep stosw

; --- device initialisation (each MOV to FS: below is one exit) ---------
        mov ax, VMMIO_SEG
        mov fs, ax
        mov dword [fs:MMIO_STATUS], 0   ; 0 = reset the device
        mov dword [fs:MMIO_STATUS], ST_ACK
        mov dword [fs:MMIO_STATUS], ST_ACK|ST_DRIVER
        mov dword [fs:MMIO_PAGE_SIZE], 4096

        mov dword [fs:MMIO_QUEUE_SEL], TXQ  ; select the transmit queue
        mov eax, [fs:MMIO_QUEUE_MAX]    ; how big may it be?
        cmp ax, QSIZE           ; our ring layout assumes 16 entries
        jb bad_queue
        mov dword [fs:MMIO_QUEUE_NUM], QSIZE
        mov dword [fs:MMIO_QUEUE_ALIGN], 4096

        mov word [AVAIL_FLAGS], NO_INTERRUPT
        mov dword [fs:MMIO_QUEUE_PFN], RING >> 12 ; PFN 4: the device now knows the ring
        mov dword [fs:MMIO_STATUS], ST_ACK|ST_DRIVER|ST_DRIVER_OK ; live

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
        mov dword [fs:MMIO_NOTIFY], TXQ ; THE KICK: one exit per message

        inc bx
        cmp bx, 3
        jb send

; --- wait until the device has used all three buffers ---------------------
; A synchronous device is done already. With ioeventfd another thread
; does the work, so yield with STI+HLT (this VMM resumes us at once).
        mov cx, 0               ; at most 65536 yields
wait_used:
        cmp word [USED_IDX], 3
        je report
        sti
        hlt
        cli
        loop wait_used

report:
        mov si, used_msg
        call puts
        mov ax, [USED_IDX]
        call putdec
        mov al, 10
        out DEBUGCON, al
        jmp finish

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
badq_msg:   db "virtio: queue 1 is smaller than 16", 10, 0
