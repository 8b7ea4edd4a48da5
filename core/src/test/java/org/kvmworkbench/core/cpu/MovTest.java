package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BP;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DI;
import static org.kvmworkbench.core.cpu.Guest.DX;
import static org.kvmworkbench.core.cpu.Guest.SI;
import static org.kvmworkbench.core.cpu.Guest.SP;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MOV in all its forms (SDM Vol. 2 "MOV": no flags affected), 16-bit addressing modes, segment overrides. */
class MovTest {
    static final int DS_SEL = 0x1000, SS_SEL = 0x2000;

    /**
     * mov ax,[ea] (8B /r) for every 16-bit r/m and mod 0/1/2: BX=0x1000 SI=0x0100 DI=0x0200 BP=0x0300,
     * DS base 0x10000, SS base 0x20000 (BP-based forms default to SS).
     */
    @ParameterizedTest(name = "rm={0} mod={1}")
    @CsvSource({
        "0,0,0x1100,DS", "1,0,0x1200,DS", "2,0,0x0400,SS", "3,0,0x0500,SS", "4,0,0x0100,DS", "5,0,0x0200,DS",
        "6,0,0x4321,DS", "7,0,0x1000,DS",
        "0,1,0x10FE,DS", "1,1,0x11FE,DS", "2,1,0x03FE,SS", "3,1,0x04FE,SS", "4,1,0x00FE,DS", "5,1,0x01FE,DS",
        "6,1,0x02FE,SS", "7,1,0x0FFE,DS",
        "0,2,0x2334,DS", "1,2,0x2434,DS", "2,2,0x1634,SS", "3,2,0x1734,SS", "4,2,0x1334,DS", "5,2,0x1434,DS",
        "6,2,0x1534,SS", "7,2,0x2234,DS"})
    void sixteenBitAddressingModes(int rm, int mod, int offset, String seg) {
        int modrm = mod << 6 | rm; // reg field 0 = AX
        int[] code;
        if (mod == 0 && rm == 6) code = new int[] {0x8B, modrm, 0x21, 0x43}; // mov ax,[0x4321]
        else if (mod == 1) code = new int[] {0x8B, modrm, 0xFE};             // mov ax,[base+index-2]
        else if (mod == 2) code = new int[] {0x8B, modrm, 0x34, 0x12};       // mov ax,[base+index+0x1234]
        else code = new int[] {0x8B, modrm};                                 // mov ax,[base+index]
        Guest g = Guest.of(code);
        g.seg(Seg.DS, DS_SEL).seg(Seg.SS, SS_SEL);
        g.set16(BX, 0x1000).set16(SI, 0x0100).set16(DI, 0x0200).set16(BP, 0x0300);
        int base = seg.equals("SS") ? SS_SEL << 4 : DS_SEL << 4;
        g.w16(base + offset, 0xBEEF);
        g.flags(ARITH);
        g.run(1);
        assertEquals(0xBEEF, g.r16(AX));
        assertEquals(Guest.CODE + code.length, g.ip());
        g.assertFlags(ARITH); // MOV affects no flags
    }

    @Test
    void effectiveAddressWrapsAt64K() {
        // mov ax,[bx+si+0x10] with BX+SI+0x10 = 0x1_0005: the offset wraps to 0x0005
        Guest g = Guest.of(0x8B, 0x40, 0x10);
        g.set16(BX, 0xFFF0).set16(SI, 0x0005).w16(0x0005, 0x1357);
        g.run(1);
        assertEquals(0x1357, g.r16(AX));
    }

    @Test
    void registerAndImmediateForms() {
        Guest g = Guest.of(
                0x88, 0xD8,                         // mov al,bl
                0x89, 0xC3,                         // mov bx,ax
                0x8A, 0xE3,                         // mov ah,bl
                0x8B, 0xCE,                         // mov cx,si
                0xB0, 0x11, 0xB4, 0x22,             // mov al,0x11 ; mov ah,0x22
                0xB7, 0x33,                         // mov bh,0x33
                0xBA, 0x34, 0x12,                   // mov dx,0x1234
                0x66, 0xBF, 0x78, 0x56, 0x34, 0x12, // mov edi,0x12345678
                0x66, 0x89, 0xFE);                  // mov esi,edi
        g.set32(AX, 0xAAAA_0000).set32(BX, 0x1111_2233).set32(SI, 0x0BAD_C0DE).set32(CX, 0xCCCC_CCCC);
        g.run(1);
        assertEquals(0xAAAA_0033, g.r32(AX));
        g.run(1);
        assertEquals(0x1111_0033, g.r32(BX));
        g.run(1);
        assertEquals(0xAAAA_3333, g.r32(AX));
        g.run(1);
        assertEquals(0xCCCC_C0DE, g.r32(CX));
        g.run(3);
        assertEquals(0xAAAA_2211, g.r32(AX));
        assertEquals(0x1111_3333, g.r32(BX));
        g.run(1);
        assertEquals(0x1234, g.r16(DX));
        g.run(2);
        assertEquals(0x1234_5678, g.r32(DI));
        assertEquals(0x1234_5678, g.r32(SI));
    }

    @Test
    void memoryAndImmediateToMemory() {
        Guest g = Guest.of(
                0x88, 0x07,                               // mov [bx],al
                0x89, 0x47, 0x02,                         // mov [bx+2],ax
                0x8A, 0x4C, 0xFF,                         // mov cl,[si-1]
                0xC6, 0x07, 0x77,                         // mov byte [bx],0x77
                0xC7, 0x47, 0x02, 0x99, 0x88,             // mov word [bx+2],0x8899
                0x66, 0x89, 0x07,                         // mov [bx],eax
                0x66, 0xC7, 0x47, 0x04, 0x78, 0x56, 0x34, 0x12, // mov dword [bx+4],0x12345678
                0x66, 0x8B, 0x57, 0x04);                  // mov edx,[bx+4]
        g.set32(AX, 0xCAFE_BABE).set16(BX, 0x3000).set16(SI, 0x3001);
        g.run(1);
        assertEquals(0xBE, g.m8(0x3000));
        g.run(1);
        assertEquals(0xBABE, g.m16(0x3002));
        g.run(1);
        assertEquals(0xBE, g.r8(CX));
        g.run(1);
        assertEquals(0x77, g.m8(0x3000));
        g.run(1);
        assertEquals(0x8899, g.m16(0x3002));
        g.run(1);
        assertEquals(0xCAFE_BABE, g.m32(0x3000));
        g.run(1);
        assertEquals(0x1234_5678, g.m32(0x3004));
        g.run(1);
        assertEquals(0x1234_5678, g.r32(DX));
        assertEquals(Guest.CODE + 31, g.ip());
    }

    @Test
    void moffsForms() {
        Guest g = Guest.of(
                0xA0, 0x00, 0x20,                         // mov al,[0x2000]
                0xA1, 0x00, 0x20,                         // mov ax,[0x2000]
                0xA2, 0x02, 0x20,                         // mov [0x2002],al
                0xA3, 0x04, 0x20,                         // mov [0x2004],ax
                0x66, 0xA1, 0x00, 0x20,                   // mov eax,[0x2000]
                0x66, 0xA3, 0x08, 0x20,                   // mov [0x2008],eax
                0x26, 0xA0, 0x00, 0x20,                   // mov al,[es:0x2000]
                0x67, 0xA1, 0x10, 0x20, 0x00, 0x00);      // mov ax,[dword 0x2010] (a32 moffs)
        g.seg(Seg.DS, 0x100).seg(Seg.ES, 0x200);
        int ds = 0x1000;
        g.w16(ds + 0x2000, 0x5678).w16(ds + 0x2010, 0x4242).w8(0x2000 + 0x2000, 0x99);
        g.set32(AX, 0xFFFF_0000);
        g.run(1);
        assertEquals(0xFFFF_0078, g.r32(AX));
        g.run(1);
        assertEquals(0xFFFF_5678, g.r32(AX));
        g.run(1);
        assertEquals(0x78, g.m8(ds + 0x2002));
        g.run(1);
        assertEquals(0x5678, g.m16(ds + 0x2004));
        g.run(1); // bytes 78 56 78 00 (the byte at 0x2002 came from mov [0x2002],al)
        assertEquals(0x0078_5678, g.r32(AX));
        g.run(1);
        assertEquals(0x0078_5678, g.m32(ds + 0x2008));
        g.run(1);
        assertEquals(0x99, g.r8(AX));
        g.run(1);
        assertEquals(0x4242, g.r16(AX));
        assertEquals(Guest.CODE + 30, g.ip());
    }

    @Test
    void segmentRegisterForms() {
        Guest g = Guest.of(
                0x8E, 0xD8,       // mov ds,ax
                0x8E, 0x07,       // mov es,[bx]
                0x8C, 0xC1,       // mov cx,es
                0x8C, 0x17,       // mov [bx],ss
                0x8E, 0xE2,       // mov fs,dx
                0x8E, 0xEA,       // mov gs,dx
                0x8C, 0xE6,       // mov si,fs
                0x66, 0x8C, 0xDF); // mov edi,ds (zero-extends)
        g.set16(AX, 0x0300).set16(BX, 0x0010).set16(DX, 0x4567).set32(CX, 0xFFFF_FFFF).set32(DI, 0xFFFF_FFFF);
        g.w16(0x3010, 0x0700);
        g.run(1);
        assertEquals(0x0300, g.cpu.selector[Seg.DS]);
        assertEquals(0x3000, g.cpu.segBase[Seg.DS]);
        g.run(1); // es <- DS:[0x10] = linear 0x3010
        assertEquals(0x0700, g.cpu.selector[Seg.ES]);
        assertEquals(0x7000, g.cpu.segBase[Seg.ES]);
        g.run(1);
        assertEquals(0xFFFF_0700, g.r32(CX));
        g.seg(Seg.SS, 0x0123);
        g.run(1);
        assertEquals(0x0123, g.m16(0x3010));
        g.run(2);
        assertEquals(0x45670, g.cpu.segBase[Seg.FS]);
        assertEquals(0x45670, g.cpu.segBase[Seg.GS]);
        g.run(1);
        assertEquals(0x4567, g.r16(SI));
        g.run(1);
        assertEquals(0x0000_0300, g.r32(DI));
    }

    @Test
    void movToCsIsUndefinedOpcode() {
        // mov cs,ax -> #UD through IVT vector 6 (handler: hlt at 0000:3000)
        Guest g = Guest.of(0x8E, 0xC8);
        g.ivt(6, 0, 0x3000).load(0x3000, 0xF4);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x3000, g.ip());
        assertEquals(Guest.CODE, g.m16(Guest.STACK - 6)); // pushed IP = the faulting MOV
        assertEquals(0, g.cpu.selector[Seg.CS]);
    }

    @Test
    void segmentOverridePrefixes() {
        Guest g = Guest.of(
                0x26, 0x8B, 0x07, // mov ax,[es:bx]
                0x2E, 0x8B, 0x0F, // mov cx,[cs:bx]
                0x36, 0x8B, 0x17, // mov dx,[ss:bx]
                0x64, 0x8B, 0x37, // mov si,[fs:bx]
                0x65, 0x8B, 0x3F, // mov di,[gs:bx]
                0x3E, 0x8B, 0x46, 0x00, // mov ax,[ds:bp] (BP defaults to SS)
                0x26, 0x88, 0x07); // mov [es:bx],al
        g.seg(Seg.ES, 0x1000).seg(Seg.SS, 0x2000).seg(Seg.DS, 0x3000).seg(Seg.FS, 0x4000).seg(Seg.GS, 0x5000);
        g.cpu.loadSegment(Seg.CS, 0x0000);
        g.set16(BX, 0x10).set16(BP, 0x10);
        for (int s = 1; s <= 5; s++) g.w16(s * 0x10000 + 0x10, 0x1111 * s);
        g.w16(0x10, 0xC5C5); // CS base 0
        g.run(5);
        assertEquals(0x1111, g.r16(AX));
        assertEquals(0xC5C5, g.r16(CX));
        assertEquals(0x2222, g.r16(DX));
        assertEquals(0x4444, g.r16(SI));
        assertEquals(0x5555, g.r16(DI));
        g.run(1);
        assertEquals(0x3333, g.r16(AX));
        g.run(1);
        assertEquals(0x33, g.m8(0x10010));
    }

    @Test
    void movDoesNotTouchFlagsOrOtherRegisters() {
        // mov sp,0x7000 ; mov bp,sp
        Guest g = Guest.of(0xBC, 0x00, 0x70, 0x89, 0xE5);
        g.flags(ARITH);
        g.run(2);
        assertEquals(0x7000, g.r16(SP));
        assertEquals(0x7000, g.r16(BP));
        g.assertFlags(ARITH);
    }
}
