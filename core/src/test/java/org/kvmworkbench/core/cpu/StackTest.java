package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BP;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DI;
import static org.kvmworkbench.core.cpu.Guest.DX;
import static org.kvmworkbench.core.cpu.Guest.SI;
import static org.kvmworkbench.core.cpu.Guest.SP;
import static org.kvmworkbench.core.cpu.Guest.STACK;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import org.junit.jupiter.api.Test;

/** PUSH/POP (registers, immediates, memory, segment registers), PUSHF/POPF, PUSHA/POPA, ENTER/LEAVE. */
class StackTest {
    @Test
    void pushPopRegisters() {
        Guest g = Guest.of(
                0x50,             // push ax
                0x66, 0x50,       // push eax
                0x5B,             // pop bx
                0x66, 0x59,       // pop ecx
                0x54,             // push sp
                0x5A,             // pop dx
                0x5C);            // pop sp  (pops the word under SP into SP)
        g.set32(AX, 0x1234_5678).set32(BX, 0xFFFF_FFFF).set32(CX, 0);
        g.run(1);
        assertEquals(STACK - 2, g.sp());
        assertEquals(0x5678, g.m16(STACK - 2));
        g.run(1);
        assertEquals(STACK - 6, g.sp());
        assertEquals(0x1234_5678, g.m32(STACK - 6));
        g.run(1);
        assertEquals(0xFFFF_5678, g.r32(BX)); // pop bx: low word of the dword pushed last
        g.run(1);
        assertEquals(0x5678_1234, g.r32(CX)); // pop ecx: 0x1234 (high half) then 0x5678 (the first push)
        assertEquals(STACK, g.sp());
        g.run(1); // push sp pushes the value before the push (286+)
        assertEquals(STACK, g.m16(STACK - 2));
        g.run(1);
        assertEquals(STACK, g.r16(DX));
        g.w16(STACK, 0x6000);
        g.run(1);
        assertEquals(0x6000, g.sp());
    }

    @Test
    void pushImmediatesAndMemory() {
        Guest g = Guest.of(
                0x68, 0x34, 0x12,                   // push 0x1234
                0x6A, 0xFE,                         // push byte -2
                0x66, 0x68, 0x78, 0x56, 0x34, 0x12, // push dword 0x12345678
                0x66, 0x6A, 0x80,                   // push dword byte -128
                0xFF, 0x37,                         // push word [bx]
                0x8F, 0x47, 0x02,                   // pop word [bx+2]
                0x66, 0xFF, 0x37,                   // push dword [bx]
                0x66, 0x8F, 0x47, 0x04);            // pop dword [bx+4]
        g.set16(BX, 0x3000).w32(0x3000, 0xA1B2_C3D4);
        g.run(1);
        assertEquals(0x1234, g.m16(STACK - 2));
        g.run(1);
        assertEquals(0xFFFE, g.m16(STACK - 4));
        g.run(1);
        assertEquals(0x1234_5678, g.m32(STACK - 8));
        g.run(1);
        assertEquals(0xFFFF_FF80, g.m32(STACK - 12));
        g.run(1);
        assertEquals(0xC3D4, g.m16(STACK - 14));
        g.run(1);
        assertEquals(0xC3D4_C3D4, g.m32(0x3000));
        assertEquals(STACK - 12, g.sp());
        g.run(2);
        assertEquals(0xC3D4_C3D4, g.m32(0x3004));
        assertEquals(STACK - 12, g.sp());
    }

    @Test
    void stackPointerWrapsWithinTheSegment() {
        // push ax ; pop bx   with SS=0x1000, SP=0: the push goes to 1000:FFFE
        Guest g = Guest.of(0x50, 0x5B);
        g.seg(Seg.SS, 0x1000).set32(SP, 0xABCD_0000).set16(AX, 0x4321);
        g.run(1);
        assertEquals(0xABCD_FFFE, g.r32(SP)); // only SP changes in a 16-bit stack segment
        assertEquals(0x4321, g.m16(0x1FFFE));
        g.run(1);
        assertEquals(0xABCD_0000, g.r32(SP));
        assertEquals(0x4321, g.r16(BX));
    }

    @Test
    void segmentRegisters() {
        Guest g = Guest.of(
                0x06, 0x0E, 0x16, 0x1E, // push es ; push cs ; push ss ; push ds
                0x0F, 0xA0, 0x0F, 0xA8, // push fs ; push gs
                0x07,                   // pop es     (gs value)
                0x1F,                   // pop ds     (fs value)
                0x0F, 0xA1,             // pop fs     (ds value)
                0x0F, 0xA9,             // pop gs     (ss value)
                0x17,                   // pop ss     (cs value = 0)
                0x66, 0x06);            // push es as a dword (zero-extended)
        g.seg(Seg.ES, 0x1111).seg(Seg.DS, 0x4444).seg(Seg.FS, 0x5555).seg(Seg.GS, 0x6666);
        g.run(6);
        assertEquals(STACK - 12, g.sp());
        int[] expected = {0x1111, 0x0000, 0x0000, 0x4444, 0x5555, 0x6666};
        for (int i = 0; i < 6; i++) assertEquals(expected[i], g.m16(STACK - 2 - 2 * i), "slot " + i);
        g.run(5);
        assertEquals(0x6666, g.cpu.selector[Seg.ES]);
        assertEquals(0x66660, g.cpu.segBase[Seg.ES]);
        assertEquals(0x5555, g.cpu.selector[Seg.DS]);
        assertEquals(0x4444, g.cpu.selector[Seg.FS]);
        assertEquals(0x0000, g.cpu.selector[Seg.GS]);
        assertEquals(0x0000, g.cpu.selector[Seg.SS]);
        assertEquals(STACK - 2, g.sp());
        g.w32(STACK - 6, 0xFFFF_FFFF);
        g.run(1);
        assertEquals(0x0000_6666, g.m32(STACK - 6));
    }

    @Test
    void pushfPopf() {
        Guest g = Guest.of(
                0x9C,             // pushf
                0x9D,             // popf
                0x66, 0x9C,       // pushfd
                0x66, 0x9D);      // popfd
        g.flags(CF | ZF | Cpu.IF | Cpu.DF | Cpu.RF | Cpu.VM | Cpu.AC);
        g.run(1);
        assertEquals(CF | ZF | Cpu.IF | Cpu.DF | 0x2, g.m16(STACK - 2)); // bit 1 always reads as 1
        g.w16(STACK - 2, 0xFEFF); // everything but TF
        g.run(1);
        // reserved bits 3, 5, 15 stay 0; bit 1 stays 1; IOPL and NT are writable in real mode; high half kept
        assertEquals(0x7ED7 | Cpu.RF | Cpu.VM | Cpu.AC, g.flags());
        g.run(1);
        assertEquals(0x7ED7 | Cpu.AC, g.m32(STACK - 4)); // PUSHFD stores VM and RF as 0
        g.w32(STACK - 4, 0xFFFF_FEFF);
        g.flags(0);
        g.run(1);
        // POPFD in real mode: VM, RF, VIF, VIP and reserved bits are not loaded
        assertEquals(0x7ED7 | Cpu.AC | Cpu.ID, g.flags());
        assertEquals(STACK, g.sp());
        g.flags(0);
        g.assertFlags(0);
    }

    @Test
    void pushaPopa() {
        // pusha ; xor ax,ax (31 C0) ; mov sp,... no: popa restores everything but SP ; pushad ; popad
        Guest g = Guest.of(0x60, 0x31, 0xC0, 0x31, 0xED, 0x61, 0x66, 0x60, 0x66, 0x61);
        g.set32(AX, 0xA0A0_0001).set32(CX, 0xC0C0_0002).set32(DX, 0xD0D0_0003).set32(BX, 0xB0B0_0004)
                .set32(BP, 0xB1B1_0006).set32(SI, 0x5151_0007).set32(DI, 0xD1D1_0008);
        g.run(1);
        assertEquals(STACK - 16, g.sp());
        int[] order = {1, 2, 3, 4, STACK, 6, 7, 8}; // AX CX DX BX SP(original) BP SI DI
        for (int i = 0; i < 8; i++) assertEquals(order[i], g.m16(STACK - 2 - 2 * i), "slot " + i);
        g.run(2); // xor ax,ax ; xor bp,bp
        g.w16(STACK - 10, 0x1234); // the saved SP is skipped by POPA
        g.run(1);
        assertEquals(STACK, g.sp());
        assertEquals(0xA0A0_0001, g.r32(AX));
        assertEquals(0xB1B1_0006, g.r32(BP));
        g.run(1); // pushad
        assertEquals(STACK - 32, g.sp());
        int[] order32 = {0xA0A0_0001, 0xC0C0_0002, 0xD0D0_0003, 0xB0B0_0004, STACK, 0xB1B1_0006, 0x5151_0007,
                         0xD1D1_0008};
        for (int i = 0; i < 8; i++) assertEquals(order32[i], g.m32(STACK - 4 - 4 * i), "slot " + i);
        g.set32(DI, 0).set32(AX, 0);
        g.run(1);
        assertEquals(0xD1D1_0008, g.r32(DI));
        assertEquals(0xA0A0_0001, g.r32(AX));
        assertEquals(STACK, g.sp());
    }

    @Test
    void enterLeave() {
        Guest g = Guest.of(
                0xC8, 0x08, 0x00, 0x00, // enter 8,0
                0xC9);                  // leave
        g.set16(BP, 0x1111).flags(ARITH);
        g.run(1);
        assertEquals(0x1111, g.m16(STACK - 2));
        assertEquals(STACK - 2, g.r16(BP));
        assertEquals(STACK - 2 - 8, g.sp());
        g.run(1);
        assertEquals(0x1111, g.r16(BP));
        assertEquals(STACK, g.sp());
        g.assertFlags(ARITH);
    }

    @Test
    void enterWithNestingLevels() {
        Guest g = Guest.of(
                0xC8, 0x04, 0x00, 0x01, // enter 4,1
                0xC8, 0x06, 0x00, 0x02, // enter 6,2
                0xC9, 0xC9);            // leave ; leave
        g.set16(BP, 0x1111);
        g.run(1);
        // push bp ; frame = SP ; push frame ; bp = frame ; sp -= 4
        int frame1 = STACK - 2;
        assertEquals(0x1111, g.m16(STACK - 2));
        assertEquals(frame1, g.m16(STACK - 4));
        assertEquals(frame1, g.r16(BP));
        assertEquals(STACK - 4 - 4, g.sp());
        g.run(1);
        // push bp ; frame = SP ; bp -= 2, push [ss:bp] (the display entry of the outer frame) ; push frame
        int sp0 = STACK - 8;
        int frame2 = sp0 - 2;
        assertEquals(frame1, g.m16(sp0 - 2));
        assertEquals(g.m16(frame1 - 2), g.m16(sp0 - 4));
        assertEquals(frame2, g.m16(sp0 - 6));
        assertEquals(frame2, g.r16(BP));
        assertEquals(sp0 - 6 - 6, g.sp());
        g.run(2);
        assertEquals(0x1111, g.r16(BP));
        assertEquals(STACK, g.sp());
    }

    @Test
    void enterLeave32BitOperands() {
        Guest g = Guest.of(
                0x66, 0xC8, 0x10, 0x00, 0x00, // o32 enter 16,0
                0x66, 0xC9);                  // o32 leave
        g.set32(BP, 0x1234_5678).set32(SP, 0x0000_8000);
        g.run(1);
        assertEquals(0x1234_5678, g.m32(STACK - 4));
        assertEquals(STACK - 4, g.r32(BP));
        assertEquals(STACK - 4 - 16, g.r32(SP));
        g.run(1);
        assertEquals(0x1234_5678, g.r32(BP));
        assertEquals(STACK, g.r32(SP));
    }
}
