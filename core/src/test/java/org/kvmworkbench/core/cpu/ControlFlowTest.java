package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.BX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.OF;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.STACK;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CALL/RET near and far, JMP, Jcc, LOOP/LOOPE/LOOPNE/JCXZ, INT n/IRET, INT3, INTO. */
class ControlFlowTest {
    @Test
    void callAndRetNear() {
        Guest g = Guest.of(
                0x6A, 0x01,             // 1000: push 1
                0x6A, 0x02,             // 1002: push 2
                0xE8, 0xF9, 0x00,       // 1004: call 0x1100
                0xE8, 0xF9, 0x00,       // 1007: call 0x1103
                0xF4);                  // 100A: hlt
        g.load(0x1100, 0xC2, 0x04, 0x00, // 1100: ret 4
                0xC3);                   // 1103: ret
        g.flags(ARITH);
        g.run(3);
        assertEquals(0x1100, g.ip());
        assertEquals(STACK - 6, g.sp());
        assertEquals(0x1007, g.m16(STACK - 6));
        g.run(1);
        assertEquals(0x1007, g.ip());
        assertEquals(STACK, g.sp());
        g.run(1);
        assertEquals(0x1103, g.ip());
        assertEquals(0x100A, g.m16(STACK - 2));
        g.run(1);
        assertEquals(0x100A, g.ip());
        assertEquals(STACK, g.sp());
        g.assertFlags(ARITH);
    }

    @Test
    void nearTargetsWrapAt64K() {
        // 1000: call rel16 0xF000 -> 0x1003 + 0xF000 = 0x10003, wraps to 0x0003
        Guest g = Guest.of(0xE8, 0x00, 0xF0);
        g.run(1);
        assertEquals(0x0003, g.ip());
        assertEquals(0x1003, g.m16(STACK - 2));
    }

    @Test
    void callAndRetFar() {
        Guest g = Guest.of(
                0x6A, 0x07,                   // 1000: push 7
                0x9A, 0x10, 0x00, 0x00, 0x02, // 1002: call 0x200:0x10
                0x9A, 0x13, 0x00, 0x00, 0x02, // 1007: call 0x200:0x13
                0xF4);                        // 100C: hlt
        g.load(0x2010, 0xCA, 0x02, 0x00, // 0200:0010 retf 2
                0xCB);                   // 0200:0013 retf
        g.run(2);
        assertEquals(0x0200, g.cpu.selector[Seg.CS]);
        assertEquals(0x2000, g.cpu.segBase[Seg.CS]);
        assertEquals(0x0010, g.ip());
        assertEquals(0x1007, g.m16(STACK - 6));
        assertEquals(0x0000, g.m16(STACK - 4));
        g.run(1);
        assertEquals(0, g.cpu.selector[Seg.CS]);
        assertEquals(0x1007, g.ip());
        assertEquals(STACK, g.sp());
        g.run(2);
        assertEquals(0x100C, g.ip());
        assertEquals(STACK, g.sp());
        assertEquals(CpuExit.Kind.HLT, g.exit().kind);
    }

    @Test
    void thirtyTwoBitCallAndReturn() {
        Guest g = Guest.of(
                0x66, 0xE8, 0xFA, 0x00, 0x00, 0x00, // 1000: o32 call 0x1100 (rel32 = 0xFA)
                0x66, 0x9A, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, // 1006: o32 call 0x300:0x200
                0xF4);                               // 100E
        g.load(0x1100, 0x66, 0xC3);                  // o32 ret
        g.load(0x3200, 0x66, 0xCB);                  // o32 retf
        g.run(1);
        assertEquals(0x1100, g.ip());
        assertEquals(0x0000_1006, g.m32(STACK - 4));
        g.run(1);
        assertEquals(0x1006, g.ip());
        g.run(1);
        assertEquals(0x0200, g.ip());
        assertEquals(0x300, g.cpu.selector[Seg.CS]);
        assertEquals(0x0000_100E, g.m32(STACK - 8)); // EIP then CS as dwords
        assertEquals(0, g.m32(STACK - 4));
        g.run(1);
        assertEquals(0x100E, g.ip());
        assertEquals(STACK, g.sp());
    }

    @Test
    void indirectCallsAndJumps() {
        Guest g = Guest.of(
                0xFF, 0xD6,             // 1000: call si
                0xFF, 0x17,             // 1002: call [bx]
                0xFF, 0x5F, 0x04,       // 1004: call far [bx+4]
                0xFF, 0xE7,             // 1007: jmp di
                0xF4);
        g.load(0x1200, 0xC3);           // ret
        g.load(0x1300, 0xC3);           // ret
        g.load(0x5010, 0xCB);           // 0500:0010 retf
        g.load(0x1400, 0xFF, 0x67, 0x08, // 1400: jmp [bx+8]
                0xF4);
        g.load(0x1500, 0xFF, 0x6F, 0x0A); // 1500: jmp far [bx+10]
        g.load(0x6020, 0xF4);            // 0600:0020
        g.set16(Guest.SI, 0x1200).set16(Guest.DI, 0x1400).set16(BX, 0x3000);
        g.w16(0x3000, 0x1300).w16(0x3004, 0x0010).w16(0x3006, 0x0500).w16(0x3008, 0x1500)
                .w16(0x300A, 0x0020).w16(0x300C, 0x0600);
        g.run(1);
        assertEquals(0x1200, g.ip());
        assertEquals(0x1002, g.m16(STACK - 2));
        g.run(2);
        assertEquals(0x1300, g.ip());
        assertEquals(0x1004, g.m16(STACK - 2));
        g.run(2);
        assertEquals(0x0010, g.ip());
        assertEquals(0x0500, g.cpu.selector[Seg.CS]);
        assertEquals(0x1007, g.m16(STACK - 4));
        assertEquals(0x0000, g.m16(STACK - 2));
        g.run(2);
        assertEquals(0x1400, g.ip());
        g.run(1);
        assertEquals(0x1500, g.ip());
        g.run(1);
        assertEquals(0x0600, g.cpu.selector[Seg.CS]);
        assertEquals(0x0020, g.ip());
        assertEquals(STACK, g.sp());
    }

    @Test
    void directJumps() {
        Guest g = Guest.of(
                0xEB, 0x03,                   // 1000: jmp short 0x1005
                0xF4, 0xF4, 0xF4,
                0xE9, 0xF8, 0x0F,             // 1005: jmp near 0x2000
                0xF4);
        g.load(0x2000, 0xEA, 0x40, 0x00, 0x00, 0x03); // jmp 0x300:0x40
        g.load(0x3040, 0xEB, 0xFE);                   // jmp $ (rel -2)
        g.flags(ARITH);
        g.run(1);
        assertEquals(0x1005, g.ip());
        g.run(1);
        assertEquals(0x2000, g.ip());
        g.run(1);
        assertEquals(0x0300, g.cpu.selector[Seg.CS]);
        assertEquals(0x0040, g.ip());
        g.run(100);
        assertEquals(0x0040, g.ip());
        assertEquals(STACK, g.sp());
        g.assertFlags(ARITH);
    }

    static boolean conditionHolds(int cc, int f) {
        boolean of = (f & OF) != 0, cf = (f & CF) != 0, zf = (f & ZF) != 0, sf = (f & SF) != 0, pf = (f & PF) != 0;
        boolean r;
        switch (cc >> 1) {
            case 0: r = of; break;               // JO
            case 1: r = cf; break;               // JB/JC
            case 2: r = zf; break;               // JE
            case 3: r = cf || zf; break;         // JBE
            case 4: r = sf; break;               // JS
            case 5: r = pf; break;               // JP
            case 6: r = sf != of; break;         // JL
            default: r = zf || sf != of;         // JLE
        }
        return (cc & 1) == 0 ? r : !r;
    }

    @ParameterizedTest(name = "cc={0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void jccAllConditionsShortAndNear(int cc) {
        int[] relevant = {CF, PF, ZF, SF, OF, Guest.AF};
        for (int combo = 0; combo < 64; combo++) {
            int f = 0;
            for (int b = 0; b < 6; b++) if ((combo & 1 << b) != 0) f |= relevant[b];
            boolean taken = conditionHolds(cc, f);
            // j<cc> short +0x10
            Guest g = Guest.of(0x70 + cc, 0x10).flags(f);
            g.run(1);
            assertEquals(taken ? 0x1012 : 0x1002, g.ip(), "short cc " + cc + " " + Guest.describe(f));
            // j<cc> near -0x100 (0F 8x rel16)
            g = Guest.of(0x0F, 0x80 + cc, 0x00, 0xFF).flags(f);
            g.run(1);
            assertEquals(taken ? 0x0F04 : 0x1004, g.ip(), "near cc " + cc);
            // o32 j<cc> near rel32
            g = Guest.of(0x66, 0x0F, 0x80 + cc, 0x00, 0x01, 0x00, 0x00).flags(f);
            g.run(1);
            assertEquals(taken ? 0x1107 : 0x1007, g.ip(), "near32 cc " + cc);
            g.assertFlags(f); // Jcc changes no flags
        }
    }

    /** Conditions evaluated from lazily computed CMP flags must agree with signed/unsigned comparisons. */
    @Test
    void jccAfterCmpMatchesComparisons() {
        int[] values = {0, 1, 2, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x7FFF, 0x8000, 0xFFFF};
        Guest g = new Guest();
        for (int a : values) {
            for (int b : values) {
                for (int cc = 0; cc < 16; cc++) {
                    // cmp ax,bx ; j<cc> +1 ; (skipped byte)
                    g.load(CODE, 0x39, 0xD8, 0x70 + cc, 0x01);
                    g.cpu.eip = CODE;
                    g.set16(AX, a).set16(BX, b);
                    g.run(2);
                    short sa = (short) a, sb = (short) b;
                    boolean expect;
                    switch (cc) {
                        case 2: expect = a < b; break;
                        case 3: expect = a >= b; break;
                        case 4: expect = a == b; break;
                        case 5: expect = a != b; break;
                        case 6: expect = a <= b; break;
                        case 7: expect = a > b; break;
                        case 12: expect = sa < sb; break;
                        case 13: expect = sa >= sb; break;
                        case 14: expect = sa <= sb; break;
                        case 15: expect = sa > sb; break;
                        default: expect = conditionHolds(cc, g.flags()); break;
                    }
                    assertEquals(expect ? CODE + 5 : CODE + 4, g.ip(), String.format("cmp %x,%x cc %d", a, b, cc));
                }
            }
        }
    }

    @Test
    void loopFamily() {
        // l: inc ax ; loop l ; hlt
        Guest g = Guest.of(0x40, 0xE2, 0xFD, 0xF4);
        g.set16(CX, 3).set16(AX, 0).flags(ARITH);
        assertEquals(CpuExit.Kind.HLT, g.exit().kind);
        assertEquals(3, g.r16(AX));
        assertEquals(0, g.r16(CX));
        g.assertFlags(CF | PF); // the last INC (2 -> 3) set PF and kept CF; LOOP changed nothing
    }

    @Test
    void loopDecrementsWithoutTouchingFlags() {
        Guest g = Guest.of(0xE2, 0x10); // loop +0x10
        g.set32(CX, 0x0001_0000).flags(ARITH); // CX = 0 -> 0xFFFF, taken; the upper half of ECX is not used
        g.run(1);
        assertEquals(0x0001_FFFF, g.r32(CX));
        assertEquals(0x1012, g.ip());
        g.assertFlags(ARITH);
        g = Guest.of(0xE2, 0x10).set16(CX, 1);
        g.run(1);
        assertEquals(0, g.r16(CX));
        assertEquals(0x1002, g.ip());
        g = Guest.of(0x67, 0xE2, 0x10).set32(CX, 0x0001_0000); // a32 loop uses ECX
        g.run(1);
        assertEquals(0x0000_FFFF, g.r32(CX));
        assertEquals(0x1013, g.ip());
    }

    @Test
    void loopeAndLoopne() {
        for (int zf = 0; zf < 2; zf++) {
            for (int cx : new int[] {1, 5}) {
                Guest e = Guest.of(0xE1, 0x10).set16(CX, cx).flags(zf == 1 ? ZF : 0); // loope +0x10
                e.run(1);
                assertEquals(cx - 1, e.r16(CX));
                assertEquals(cx > 1 && zf == 1 ? 0x1012 : 0x1002, e.ip(), "loope zf=" + zf + " cx=" + cx);
                Guest n = Guest.of(0xE0, 0x10).set16(CX, cx).flags(zf == 1 ? ZF : 0); // loopne +0x10
                n.run(1);
                assertEquals(cx - 1, n.r16(CX));
                assertEquals(cx > 1 && zf == 0 ? 0x1012 : 0x1002, n.ip(), "loopne zf=" + zf + " cx=" + cx);
            }
        }
    }

    @Test
    void jcxzAndJecxz() {
        Guest g = Guest.of(0xE3, 0x10).set32(CX, 0x0001_0000); // jcxz: CX = 0
        g.run(1);
        assertEquals(0x1012, g.ip());
        assertEquals(0x0001_0000, g.r32(CX));
        g = Guest.of(0x67, 0xE3, 0x10).set32(CX, 0x0001_0000); // jecxz: ECX != 0
        g.run(1);
        assertEquals(0x1003, g.ip());
        g = Guest.of(0xE3, 0x10).set16(CX, 1);
        g.run(1);
        assertEquals(0x1002, g.ip());
    }

    @Test
    void intAndIret() {
        // 1000: int 0x21 ; 1002: hlt       handler 0400:0020: mov ax,0x1234 ; iret
        Guest g = Guest.of(0xCD, 0x21, 0xF4);
        g.ivt(0x21, 0x0400, 0x0020).load(0x4020, 0xB8, 0x34, 0x12, 0xCF);
        int flags = Cpu.IF | Cpu.DF | CF | ZF | 0x2;
        g.flags(flags);
        g.run(1);
        assertEquals(0x0400, g.cpu.selector[Seg.CS]);
        assertEquals(0x0020, g.ip());
        assertEquals(STACK - 6, g.sp());
        assertEquals(0x1002, g.m16(STACK - 6));
        assertEquals(0x0000, g.m16(STACK - 4));
        assertEquals(flags, g.m16(STACK - 2));
        assertEquals(0, g.flags() & Cpu.IF);
        assertEquals(Cpu.DF, g.flags() & Cpu.DF);
        g.run(2);
        assertEquals(0x1234, g.r16(AX));
        assertEquals(0, g.cpu.selector[Seg.CS]);
        assertEquals(0x1002, g.ip());
        assertEquals(STACK, g.sp());
        assertEquals(flags, g.flags());
    }

    @Test
    void iretd() {
        // o32 iret: pops EIP, CS, EFLAGS as dwords
        Guest g = Guest.of(0x66, 0xCF);
        g.w32(STACK, 0x0000_0010).w32(STACK + 4, 0x0000_0600).w32(STACK + 8, 0x0000_0ED5 | Cpu.AC);
        g.run(1);
        assertEquals(0x0600, g.cpu.selector[Seg.CS]);
        assertEquals(0x0010, g.ip());
        assertEquals(STACK + 12, g.sp());
        assertEquals(0x0ED7 | Cpu.AC, g.flags());
    }

    @Test
    void intBeyondIdtLimitRaisesGp() {
        // lidt [0x3000] with limit 0x83 (vectors 0..0x20) ; int 0x21  -> #GP through vector 13
        Guest g = Guest.of(0x0F, 0x01, 0x1E, 0x00, 0x30, 0xCD, 0x21);
        g.w16(0x3000, 0x83).w32(0x3002, 0);
        g.ivt(13, 0, 0x5000).load(0x5000, 0xF4);
        g.ivt(0x21, 0, 0x6000).load(0x6000, 0xF4);
        g.exit(CpuExit.Kind.HLT);
        assertEquals(0x5000, g.ip());
        assertEquals(0x1005, g.m16(STACK - 6)); // fault: IP of the INT instruction
    }

    @Test
    void int3AndInto() {
        // 1000: int3 ; 1001: into (OF=0: nothing) ; 1002: into (OF=1) ; 1003: hlt
        Guest g = Guest.of(0xCC, 0xCE, 0xCE, 0xF4);
        g.ivt(3, 0, 0x5000).load(0x5000, 0xCF);    // iret
        g.ivt(4, 0, 0x6000).load(0x6000, 0xF4);
        g.run(1);
        assertEquals(0x5000, g.ip());
        assertEquals(0x1001, g.m16(STACK - 6)); // a trap: the return address is the next instruction
        g.run(2);
        assertEquals(0x1002, g.ip());
        g.flags(OF);
        g.run(1);
        assertEquals(0x6000, g.ip());
        assertEquals(0x1003, g.m16(STACK - 6));
    }

    @Test
    void int3InTheExceptionBitmapExitsAsSoftwareException() {
        Guest g = Guest.of(0x90, 0xCC);
        g.controls.bitmap = 1 << 3;
        CpuExit e = g.exit(CpuExit.Kind.EXCEPTION);
        assertEquals(3, e.vector);
        assertTrue(e.softwareException);
        assertEquals(1, e.instructionLength);
        assertEquals(0x1001, g.ip());
        assertEquals(STACK, g.sp());
        g.in.skipInstruction();
        assertEquals(0x1002, g.ip());
    }
}
