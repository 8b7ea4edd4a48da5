package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BP;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.DI;
import static org.kvmworkbench.core.cpu.Guest.DX;
import static org.kvmworkbench.core.cpu.Guest.SP;
import static org.kvmworkbench.core.cpu.Guest.STACK;

import org.junit.jupiter.api.Test;

/**
 * Issue 16 "wrong today": 16-bit wrap of multi-part operands, LOCK's #UD rule, precise faults of transfers and
 * multi-push/pop instructions, POP m with an ESP-based address, register-form SGDT/LGDT, the 15-byte limit.
 * Each fault is delivered through the IVT to a HLT at 0000:5000 so the pushed frame can be checked.
 */
class PreciseFaultTest {
    private static final int HANDLER = 0x5000;

    /** A guest whose vector {@code v} handler is a HLT at 0000:5000. */
    private static Guest withHandler(int v, int... code) {
        Guest g = Guest.of(code);
        g.ivt(v, 0, HANDLER).load(HANDLER, 0xF4);
        return g;
    }

    /** The fault was delivered with the frame pushed at SP = {@code spBefore} and the faulting IP {@code ip}. */
    private static void assertDelivered(Guest g, int spBefore, int ip) {
        CpuExit e = g.exit(CpuExit.Kind.HLT);
        assertEquals(HANDLER, e.ip, "handler reached");
        assertEquals(spBefore - 6, g.sp(), "frame pushed at the SP the instruction started with");
        assertEquals(ip, g.m16(spBefore - 6), "pushed IP is the faulting instruction's");
    }

    @Test
    void lesWithItsSelectorWordPastFfffReadsItFromOffsetZero() {
        Guest g = Guest.of(0xC4, 0x29); // les bp,[bx+di]
        g.seg(Seg.DS, 0x1000).set16(BX, 0xFFFF).set16(DI, 0xFFFF); // EA = 0x1FFFE & 0xFFFF = 0xFFFE
        g.w16(0x1FFFE, 0x1234).w16(0x10000, 0x5678);
        g.run(1);
        assertEquals(0x1234, g.r16(BP));
        assertEquals(0x5678, g.cpu.selector[Seg.ES]);
    }

    @Test
    void jmpFarThroughAPointerAtFffeTakesTheSelectorFromOffsetZero() {
        Guest g = Guest.of(0xFF, 0x2E, 0xFE, 0xFF); // jmp far [0xFFFE]
        g.seg(Seg.DS, 0x1000).w16(0x1FFFE, 0x2000).w16(0x10000, 0x0000).load(0x2000, 0xF4);
        assertEquals(0x2000, g.exit(CpuExit.Kind.HLT).ip);
    }

    @Test
    void callFarThroughAPointerAtFffeTakesTheSelectorFromOffsetZero() {
        Guest g = Guest.of(0xFF, 0x1E, 0xFE, 0xFF); // call far [0xFFFE]
        g.seg(Seg.DS, 0x1000).w16(0x1FFFE, 0x0030).w16(0x10000, 0x0200).load(0x2030, 0xF4);
        assertEquals(0x0030, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(0x0200, g.cpu.selector[Seg.CS]);
        assertEquals(CODE + 4, g.m16(STACK - 4));
    }

    @Test
    void lgdtAndSgdtWrapTheBaseAtFfff() {
        Guest g = Guest.of(0x0F, 0x01, 0x16, 0xFE, 0xFF,  // lgdt [0xFFFE]
                0x0F, 0x01, 0x06, 0xFE, 0xFF);            // sgdt [0xFFFE] (DS = 0x2000 by then)
        g.seg(Seg.DS, 0x1000).w16(0x1FFFE, 0x0027).w32(0x10000, 0xAA12_3456);
        g.run(1);
        assertEquals(0x27, g.cpu.gdtrLimit);
        assertEquals(0x12_3456, g.cpu.gdtrBase, "16-bit operand: 24-bit base");
        g.seg(Seg.DS, 0x2000).run(1);
        assertEquals(0x27, g.m16(0x2FFFE));
        assertEquals(0x12_3456, g.m32(0x20000));
    }

    @Test
    void lgdtAndLidtWithARegisterOperandRaiseUd() {
        withHandler(6, 0x0F, 0x01, 0xD2).exit(CpuExit.Kind.HLT); // lgdt edx (ModR/M mod = 11)
        Guest g = withHandler(6, 0x0F, 0x01, 0xDA);               // lidt edx
        assertDelivered(g, STACK, CODE);
        withHandler(6, 0x0F, 0x01, 0xCC).exit(CpuExit.Kind.HLT);  // sidt esp
    }

    @Test
    void lockOnAMemoryAddIsAccepted() {
        Guest g = Guest.of(0xF0, 0x01, 0x07); // lock add [bx],ax
        g.set16(BX, 0x3000).set16(AX, 5).w16(0x3000, 7);
        g.run(1);
        assertEquals(12, g.m16(0x3000));
    }

    @Test
    void lockOnARegisterDestinationRaisesUd() {
        Guest g = withHandler(6, 0xF0, 0x01, 0xC0); // lock add ax,ax
        g.set16(AX, 5);
        assertDelivered(g, STACK, CODE);
        assertEquals(5, g.r16(AX), "the add did not happen");
    }

    @Test
    void lockOnAnInstructionThatIsNotLockableRaisesUd() {
        assertDelivered(withHandler(6, 0xF0, 0x90), STACK, CODE);             // lock nop
        assertDelivered(withHandler(6, 0xF0, 0x39, 0x07), STACK, CODE);       // lock cmp [bx],ax
        assertDelivered(withHandler(6, 0xF0, 0x8B, 0x07), STACK, CODE);       // lock mov ax,[bx]
        assertDelivered(withHandler(6, 0xF0, 0x0F, 0xA3, 0x07), STACK, CODE); // lock bt [bx],ax
    }

    @Test
    void lockOnXchgAndBtsWithMemoryIsAccepted() {
        Guest g = Guest.of(0xF0, 0x87, 0x07,        // lock xchg [bx],ax
                0xF0, 0x0F, 0xAB, 0x17);              // lock bts [bx],dx
        g.set16(BX, 0x3000).set16(AX, 0x1111).set16(DX, 4).w16(0x3000, 0x2222);
        g.run(2);
        assertEquals(0x2222, g.r16(AX));
        assertEquals(0x1111 | 0x10, g.m16(0x3000));
    }

    @Test
    void o32RetToBeyondTheCsLimitFaultsAtTheRetWithSpUnchanged() {
        Guest g = withHandler(13, 0x66, 0xC3); // o32 ret
        g.set16(SP, STACK - 4).w32(STACK - 4, 0x0001_0000);
        assertDelivered(g, STACK - 4, CODE);
    }

    @Test
    void retfToBeyondTheCsLimitFaultsWithSpUnchanged() {
        Guest g = withHandler(13, 0x66, 0xCB); // o32 retf
        g.set16(SP, STACK - 8).w32(STACK - 8, 0x0002_0000).w32(STACK - 4, 0x0000);
        assertDelivered(g, STACK - 8, CODE);
        assertEquals(0, g.cpu.selector[Seg.CS] & 0xFFFF, "CS is the handler's, not the popped one");
    }

    @Test
    void iretToBeyondTheCsLimitFaultsWithSpUnchanged() {
        Guest g = withHandler(13, 0x66, 0xCF); // o32 iret
        g.set16(SP, STACK - 12).w32(STACK - 12, 0x0001_0000).w32(STACK - 8, 0).w32(STACK - 4, 0x2);
        assertDelivered(g, STACK - 12, CODE);
    }

    @Test
    void jmpAndCallToBeyondALoweredCsLimitFaultAtTheTransfer() {
        Guest g = withHandler(13, 0xE8, 0x00, 0x60); // call +0x6000 -> 0x7003, beyond the limit 0x5FFF
        g.cpu.segLimit[Seg.CS] = 0x5FFF;
        assertDelivered(g, STACK, CODE);
        Guest j = withHandler(13, 0xE9, 0x00, 0x60); // jmp near +0x6000
        j.cpu.segLimit[Seg.CS] = 0x5FFF;
        assertDelivered(j, STACK, CODE);
        Guest k = withHandler(13, 0x74, 0x7F); // jz +0x7F -> 0x1081 with ZF = 1, limit 0x1050 ... handler beyond: intercept
        k.cpu.segLimit[Seg.CS] = 0x1050;
        k.flags(Guest.ZF);
        k.controls.bitmap = 1 << 13;
        assertEquals(CODE, k.exit(CpuExit.Kind.EXCEPTION).ip);
    }

    @Test
    void leaveWhosePopFaultsLeavesSpAsItWas() {
        Guest g = withHandler(12, 0xC9); // leave with EBP = 0xFFFFFFFF: SP = 0xFFFF, the pop straddles the limit
        g.set32(BP, 0xFFFF_FFFF);
        assertDelivered(g, STACK, CODE);
        assertEquals(0xFFFF_FFFF, g.r32(BP));
    }

    @Test
    void enterWhoseSecondPushFaultsLeavesSpAsItWas() {
        Guest g = withHandler(12, 0xC8, 0x10, 0x00, 0x02); // enter 0x10,2 with SP = 3: push bp fits, the display push straddles 0xFFFF
        g.set16(SP, 3).set16(BP, 0x7000);
        // the frame itself cannot be pushed at SP = 3 either (#SS -> #DF); intercept #SS to see the state instead
        g.controls.bitmap = 1 << 12;
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(12, e.vector);
        assertEquals(3, g.sp());
        assertEquals(0x7000, g.r16(BP));
    }

    @Test
    void popMemoryWithAnEspBasedAddressUsesTheIncrementedEsp() {
        Guest g = Guest.of(0x66, 0x67, 0x8F, 0x44, 0x14, 0xE9); // pop dword [esp+edx-0x17]
        g.set32(DX, 0x100).w32(STACK, 0xCAFE_BABE);
        g.run(1);
        assertEquals(STACK + 4, g.sp());
        assertEquals(0xCAFE_BABE, g.m32(STACK + 4 + 0x100 - 0x17));
    }

    @Test
    void popMemoryWhoseWriteFaultsLeavesSpAsItWas() {
        Guest g = withHandler(13, 0x8F, 0x06, 0xFF, 0xFF); // pop word [0xFFFF]: straddles the DS limit
        g.w16(STACK, 0x1234);
        assertDelivered(g, STACK, CODE);
    }

    @Test
    void fifteenBytesRunAndSixteenRaiseGp() {
        int[] ok = new int[15];
        java.util.Arrays.fill(ok, 0x2E);
        ok[14] = 0x90; // 14 cs prefixes + nop = 15 bytes
        Guest g = Guest.of(ok);
        g.run(1);
        assertEquals(CODE + 15, g.ip());
        int[] tooLong = new int[16];
        java.util.Arrays.fill(tooLong, 0x2E);
        tooLong[15] = 0x90;
        assertDelivered(withHandler(13, tooLong), STACK, CODE);
        // 0x66 0x67 + a long ModR/M form: 2 + 14 prefixes... mov dword [eax+0x11223344],0x55667788 with 6 cs = 17
        int[] longForm = {0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x66, 0x67, 0xC7, 0x80, 0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55};
        assertDelivered(withHandler(13, longForm), STACK, CODE);
    }
}
