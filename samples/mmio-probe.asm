; mmio-probe.asm - find a virtio-mmio device by reading its ID registers.
;
; What to watch: there is no IN or OUT here. The device lives at
; guest-physical 0xD0000, where the machine has no RAM, so each ordinary
; load from that window is an MMIO exit: the first touch of the page is an
; EPT violation (exit 48), every later one an EPT misconfiguration (49,
; KVM's fast MMIO path). On KVM each arrives as KVM_EXIT_MMIO and the
; VMM's answer is put into EAX before the next KVM_RUN.

bits 16
org 0x1000

DEBUGCON equ 0xE9

; legacy virtio-mmio registers (virtio 1.x 4.2.2/4.2.4), all 32-bit
VMMIO_SEG       equ 0xD000      ; segment of the window at 0xD0000
MMIO_MAGIC      equ 0x000       ; R  0x74726976, "virt"
MMIO_VERSION    equ 0x004       ; R  1 = legacy layout
MMIO_DEVICE_ID  equ 0x008       ; R  3 = console

start:
        xor ax, ax              ; flat real mode for code, data, stack
        mov ds, ax
        mov ss, ax
        mov sp, 0x8000
        cld
        mov ax, VMMIO_SEG       ; ES:0 = guest-physical 0xD0000
        mov es, ax

        mov si, magic_msg
        call puts
        mov eax, [es:MMIO_MAGIC]    ; MMIO read 1 (EPT violation)
        push ax
        shr eax, 16
        call puthex16           ; high half first
        pop ax
        call puthex16

        mov si, version_msg
        call puts
        mov eax, [es:MMIO_VERSION]  ; MMIO read 2 (EPT misconfig)
        call putdec

        mov si, device_msg
        call puts
        mov eax, [es:MMIO_DEVICE_ID] ; MMIO read 3 (EPT misconfig)
        call putdec
        mov al, 10
        out DEBUGCON, al

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

; puthex16: print AX as 4 lower-case hex digits
puthex16:
        mov bx, ax
        mov cx, 4
.digit:
        rol bx, 4               ; bring the top nibble to the bottom
        mov al, bl
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '0' - 10  ; 10..15 -> 'a'..'f'
.out:
        out DEBUGCON, al
        loop .digit
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

magic_msg:   db "magic ", 0
version_msg: db " version ", 0
device_msg:  db " device ", 0
