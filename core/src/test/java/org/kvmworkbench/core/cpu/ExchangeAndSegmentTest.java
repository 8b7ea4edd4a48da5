package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.SP;
import static org.kvmworkbench.core.cpu.Guest.STACK;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import org.junit.jupiter.api.Test;

/** CMPXCHG, XADD, BSWAP, LSS/LFS/LGS with FS/GS overrides, and BOUND (SDM Vol. 2 pages of the same names). */
class ExchangeAndSegmentTest {
    @Test
    void cmpxchgStoresTheSourceWhenTheAccumulatorMatches() {
        Guest g = Guest.of(0x0F, 0xB1, 0x0F); // cmpxchg [bx],cx
        g.set16(BX, 0x3000).set16(AX, 5).set16(CX, 0x7777).w16(0x3000, 5).run(1);
        assertEquals(0x7777, g.m16(0x3000));
        assertEquals(5, g.r16(AX));
        g.assertFlags(ZF | PF);
    }

    @Test
    void cmpxchgLoadsTheAccumulatorWhenItDiffers() {
        Guest g = Guest.of(0x0F, 0xB0, 0xCB); // cmpxchg bl,cl
        g.set8(AX, 3).set8(BX, 5).set8(CX, 9).run(1);
        assertEquals(5, g.r8(AX));
        assertEquals(5, g.r8(BX));
        g.assertFlags(CF | SF | Guest.AF); // flags of CMP 3,5
    }

    @Test
    void xaddExchangesAndAdds() {
        Guest g = Guest.of(0x0F, 0xC1, 0xD8, 0x0F, 0xC0, 0x0F); // xadd ax,bx ; xadd [bx],cl
        g.set16(AX, 1).set16(BX, 0xFFFF).run(1);
        assertEquals(0, g.r16(AX));
        assertEquals(1, g.r16(BX));
        g.assertFlags(CF | ZF | PF | Guest.AF);
        g.set16(BX, 0x3000).w8(0x3000, 0x40).set8(CX, 0x40).run(1);
        assertEquals(0x80, g.m8(0x3000));
        assertEquals(0x40, g.r8(CX));
        g.assertFlags(SF | Guest.OF);
    }

    @Test
    void bswapReversesTheBytesOfA32BitRegister() {
        Guest g = Guest.of(0x66, 0x0F, 0xCB, 0x0F, 0xC8); // bswap ebx ; bswap ax (16-bit: undefined, Intel writes 0)
        g.set32(BX, 0x1122_3344).set32(AX, 0xAAAA_1234).flags(ARITH).run(1);
        assertEquals(0x4433_2211, g.r32(BX));
        g.run(1);
        assertEquals(0xAAAA_0000, g.r32(AX));
        g.assertFlags(ARITH); // BSWAP changes no flags
    }

    @Test
    void lssLfsLgsLoadAFarPointer() {
        Guest g = Guest.of(0x0F, 0xB2, 0x26, 0x00, 0x30,  // lss sp,[0x3000]
                0x0F, 0xB4, 0x06, 0x04, 0x30,              // lfs ax,[0x3004]
                0x66, 0x0F, 0xB5, 0x1E, 0x08, 0x30,        // lgs ebx,[0x3008]
                0x64, 0x8B, 0x0F,                          // mov cx,fs:[bx]
                0x65, 0x89, 0x07);                         // mov gs:[bx],ax
        g.w16(0x3000, 0x1234).w16(0x3002, 0x2000).w16(0x3004, 0x0010).w16(0x3006, 0x4000)
                .w32(0x3008, 0x0000_0020).w16(0x300C, 0x5000);
        g.run(3);
        assertEquals(0x1234, g.sp());
        assertEquals(0x2000, g.cpu.selector[Seg.SS]);
        assertEquals(0x10, g.r16(AX));
        assertEquals(0x40000, g.cpu.segBase[Seg.FS]);
        assertEquals(0x20, g.r32(BX));
        assertEquals(0x50000, g.cpu.segBase[Seg.GS]);
        g.w16(0x40020, 0xBEEF).run(2);
        assertEquals(0xBEEF, g.r16(CX));
        assertEquals(0x10, g.m16(0x50020));
    }

    @Test
    void lssDoesNotHoldOffTheNextInstructionAsMovSsDoes() {
        Guest g = Guest.of(0x0F, 0xB2, 0x26, 0x00, 0x30, 0x90); // lss sp,[0x3000] ; nop
        g.run(1);
        assertEquals(false, g.in.stackSwitchShadow());
    }

    @Test
    void cmovMovesOnlyWhenTheConditionHolds() {
        Guest g = Guest.of(0x0F, 0x44, 0xC3, 0x66, 0x0F, 0x4F, 0x07); // cmovz ax,bx ; cmovg eax,[bx]
        g.set16(AX, 1).set16(BX, 0x3000).flags(ZF).run(1);
        assertEquals(0x3000, g.r16(AX));
        g.set32(AX, 7).w32(0x3000, 0x1234_5678).flags(ZF).run(1); // ZF set: not greater, EAX keeps its value
        assertEquals(7, g.r32(AX));
    }

    @Test
    void multiByteNopAndArpl() {
        Guest g = Guest.of(0x0F, 0x1F, 0x44, 0x00, 0x63, 0xC0); // nop word [si+0x0] ; arpl ax,ax
        g.ivt(6, 0, 0x5000).load(0x5000, 0xF4);
        g.run(1);
        assertEquals(CODE + 4, g.ip());
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip, "ARPL raises #UD in real mode");
    }

    @Test
    void boundWithinTheLimitsContinues() {
        Guest g = Guest.of(0x62, 0x07, 0x62, 0x07); // bound ax,[bx] twice
        g.set16(BX, 0x3000).w16(0x3000, 0xFFFB).w16(0x3002, 10); // [-5, 10]
        g.set16(AX, 0xFFFB).run(1);
        g.set16(AX, 10).run(1);
        assertEquals(CODE + 4, g.ip());
    }

    @Test
    void boundOutsideTheLimitsRaisesBrAsAFault() {
        Guest g = Guest.of(0x62, 0x07); // bound ax,[bx]
        g.set16(BX, 0x3000).w16(0x3000, 0xFFFB).w16(0x3002, 10).set16(AX, 11);
        g.ivt(5, 0, 0x5000).load(0x5000, 0xF4);
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip);
        assertEquals(CODE, g.m16(STACK - 6), "#BR pushes the BOUND's own IP");
    }

    @Test
    void boundsUpperLimitWrapsToOffsetZero() {
        Guest g = Guest.of(0x62, 0x07); // bound ax,[bx] with BX = 0xFFFE: upper limit at DS:0000
        g.seg(Seg.DS, 0x1000).set16(BX, 0xFFFE).w16(0x1FFFE, 0).w16(0x10000, 3).set16(AX, 4);
        g.ivt(5, 0, 0x5000).load(0x5000, 0xF4);
        assertEquals(0x5000, g.exit(CpuExit.Kind.HLT).ip);
        g = Guest.of(0x62, 0x07);
        g.seg(Seg.DS, 0x1000).set16(BX, 0xFFFE).w16(0x1FFFE, 0).w16(0x10000, 3).set16(AX, 3).run(1);
        assertEquals(0x8000, g.cpu.reg16(SP));
    }
}
