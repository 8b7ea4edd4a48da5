package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.Guest.AF;
import static org.kvmworkbench.core.cpu.Guest.ARITH;
import static org.kvmworkbench.core.cpu.Guest.AX;
import static org.kvmworkbench.core.cpu.Guest.CF;
import static org.kvmworkbench.core.cpu.Guest.CODE;
import static org.kvmworkbench.core.cpu.Guest.CX;
import static org.kvmworkbench.core.cpu.Guest.DI;
import static org.kvmworkbench.core.cpu.Guest.PF;
import static org.kvmworkbench.core.cpu.Guest.SF;
import static org.kvmworkbench.core.cpu.Guest.SI;
import static org.kvmworkbench.core.cpu.Guest.ZF;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * MOVS STOS LODS CMPS SCAS with REP/REPE/REPNE (SDM Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ"): the count register is
 * tested before each iteration and decremented after it; REPE/REPNE also stop on ZF after the decrement.
 * DS:SI (overridable) is the source, ES:DI (fixed) the destination; DF=1 walks backwards.
 */
class StringOpTest {
    static final int SRC_SEG = 0x3000, DST_SEG = 0x5000;
    /** DS and ES bases */
    static final int D = SRC_SEG << 4, E = DST_SEG << 4;

    static Guest guest(int... code) {
        Guest g = Guest.of(code);
        g.seg(Seg.DS, SRC_SEG).seg(Seg.ES, DST_SEG);
        return g;
    }

    static void put(Guest g, int linear, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) g.w8(linear + i, b[i]);
    }

    @Test
    void movsSingleElements() {
        // movsb ; movsw ; movsd ; std ; movsw
        Guest g = guest(0xA4, 0xA5, 0x66, 0xA5, 0xFD, 0xA5);
        g.set16(SI, 0x100).set16(DI, 0x200).set32(CX, 0x77).flags(ARITH);
        for (int i = 0; i < 7; i++) g.w8(D + 0x100 + i, 0x11 * (i + 1));
        g.run(1);
        assertEquals(0x11, g.m8(E + 0x200));
        assertEquals(0x101, g.r16(SI));
        assertEquals(0x201, g.r16(DI));
        g.run(1);
        assertEquals(0x3322, g.m16(E + 0x201));
        g.run(1);
        assertEquals(0x7766_5544, g.m32(E + 0x203));
        assertEquals(0x107, g.r16(SI));
        assertEquals(0x207, g.r16(DI));
        g.run(2); // std ; movsw copies the word at SI=0x107 and steps back by 2
        assertEquals(0x105, g.r16(SI));
        assertEquals(0x205, g.r16(DI));
        assertEquals(0x77, g.r32(CX)); // no REP: CX untouched
        g.assertFlags(ARITH);
    }

    @Test
    void repMovsForwardAndBackward() {
        // rep movsb ; std ; rep movsw ; hlt
        Guest g = guest(0xF3, 0xA4, 0xFD, 0xF3, 0xA5, 0xF4);
        put(g, D + 0x100, "HELLO WORLD");
        g.set16(SI, 0x100).set16(DI, 0x300).set32(CX, 0xABCD_0005);
        g.run(5); // one budget unit per iteration
        assertEquals(CODE + 2, g.ip());
        assertEquals(0xABCD_0000, g.r32(CX));
        assertEquals(0x105, g.r16(SI));
        assertEquals(0x305, g.r16(DI));
        assertEquals("HELLO", read(g, E + 0x300, 5));
        // backwards: copy the words at 0x108 ("RL") and 0x106 ("WO") to 0x408 and 0x406
        g.set16(SI, 0x108).set16(DI, 0x408).set16(CX, 2);
        g.run(3);
        assertEquals(0x104, g.r16(SI));
        assertEquals(0x404, g.r16(DI));
        assertEquals("WORL", read(g, E + 0x406, 4));
        assertEquals(0, g.m8(E + 0x40A));
        assertEquals(0, g.r16(CX));
        assertEquals(CpuExit.Kind.HLT, g.exit().kind);
    }

    @Test
    void repWithZeroCountDoesNothing() {
        Guest g = guest(0xF3, 0xA4, 0xF3, 0xA6); // rep movsb ; repe cmpsb
        g.set16(SI, 0x100).set16(DI, 0x100).set16(CX, 0).flags(CF | SF);
        g.w8(D + 0x100, 0x55);
        g.run(2);
        assertEquals(0, g.m8(E + 0x100));
        assertEquals(0x100, g.r16(SI));
        assertEquals(0x100, g.r16(DI));
        assertEquals(CODE + 4, g.ip());
        g.assertFlags(CF | SF);
    }

    @Test
    void segmentOverrideAppliesToTheSourceOnly() {
        // es movsb (source ES:SI) ; cs lodsb
        Guest g = guest(0x26, 0xA4, 0x2E, 0xAC);
        g.set16(SI, 0x10).set16(DI, 0x20).w8(E + 0x10, 0x5A).w8(CODE + 0x11, 0x00);
        g.run(1);
        assertEquals(0x5A, g.m8(E + 0x20));
        g.set16(SI, 0x1000);
        g.run(1);
        assertEquals(0x26, g.r8(AX)); // CS:0x1000 holds the first code byte
    }

    @Test
    void stosAndLods() {
        // rep stosw ; o32 rep stosd ; lodsb ; lodsw ; o32 lodsd ; rep lodsb
        Guest g = guest(0xF3, 0xAB, 0xF3, 0x66, 0xAB, 0xAC, 0xAD, 0x66, 0xAD, 0xF3, 0xAC);
        g.set32(AX, 0x1234_ABCD).set16(DI, 0x100).set16(CX, 3).flags(ARITH);
        g.run(3);
        for (int i = 0; i < 3; i++) assertEquals(0xABCD, g.m16(E + 0x100 + 2 * i));
        assertEquals(0x106, g.r16(DI));
        g.set16(CX, 2);
        g.run(2);
        assertEquals(0x1234_ABCD, g.m32(E + 0x106));
        assertEquals(0x1234_ABCD, g.m32(E + 0x10A));
        assertEquals(0x10E, g.r16(DI));
        g.set16(SI, 0x0).w32(D + 0x0, 0x4433_2211).w32(D + 0x4, 0x8877_6655).w32(D + 0x8, 0xCCBB_AA99);
        g.run(1);
        assertEquals(0x1234_AB11, g.r32(AX));
        g.run(1);
        assertEquals(0x1234_3322, g.r32(AX));
        g.run(1);
        assertEquals(0x7766_5544, g.r32(AX));
        assertEquals(7, g.r16(SI));
        g.set16(CX, 3);
        g.run(3); // rep lodsb leaves the last element
        assertEquals(0x7766_55AA, g.r32(AX));
        assertEquals(10, g.r16(SI));
        assertEquals(0, g.r16(CX));
        g.assertFlags(ARITH);
    }

    @Test
    void cmpsFlagsAreSourceMinusDestination() {
        Guest g = guest(0xA6, 0xA6); // cmpsb ; cmpsb
        g.set16(SI, 0).set16(DI, 0).w8(D + 0x0, 0x01).w8(E + 0x0, 0x02).w8(D + 0x1, 0x80).w8(E + 0x1, 0x01);
        g.run(1); // 1 - 2
        g.assertFlags(CF | SF | AF | PF);
        g.run(1); // 0x80 - 1 = 0x7F, overflow
        g.assertFlags(Guest.OF | AF);
        assertEquals(2, g.r16(SI));
        assertEquals(2, g.r16(DI));
    }

    @Test
    void repeCmpsStopsAtTheFirstDifference() {
        Guest g = guest(0xF3, 0xA6); // repe cmpsb
        put(g, D + 0x0, "abcd");
        put(g, E + 0x0, "abxd");
        g.set16(SI, 0).set16(DI, 0).set16(CX, 4);
        g.run(3); // stops after the third iteration
        assertEquals(1, g.r16(CX));
        assertEquals(3, g.r16(SI));
        assertEquals(3, g.r16(DI));
        g.assertFlags(0, ZF);
        assertEquals(CODE + 2, g.ip());
        // equal strings: runs until CX = 0 with ZF = 1
        put(g, E + 0x0, "abcd");
        g.cpu.eip = CODE;
        g.set16(SI, 0).set16(DI, 0).set16(CX, 4);
        g.run(4);
        assertEquals(0, g.r16(CX));
        assertEquals(4, g.r16(SI));
        g.assertFlags(ZF | PF);
    }

    @Test
    void repneCmpsStopsAtTheFirstMatch() {
        Guest g = guest(0xF2, 0xA6); // repne cmpsb
        put(g, D + 0x0, "abcd");
        put(g, E + 0x0, "xycd");
        g.set16(SI, 0).set16(DI, 0).set16(CX, 4);
        g.run(3);
        assertEquals(1, g.r16(CX));
        assertEquals(3, g.r16(SI));
        g.assertFlags(ZF | PF);
    }

    @Test
    void repneScasIsStrlen() {
        Guest g = guest(0xF2, 0xAE); // repne scasb  with AL = 0, CX = 0xFFFF
        put(g, E + 0x100, "hello");
        g.w8(E + 0x105, 0);
        g.set16(DI, 0x100).set16(CX, 0xFFFF).set16(AX, 0x1200);
        g.run(6);
        assertEquals(0x106, g.r16(DI));
        assertEquals(0xFFFF - 6, g.r16(CX));
        g.assertFlags(ZF | PF);
        // not found: stops with CX = 0 and ZF = 0
        g.cpu.eip = CODE;
        g.set16(DI, 0x100).set16(CX, 3);
        g.run(3);
        assertEquals(0, g.r16(CX));
        assertEquals(0x103, g.r16(DI));
        g.assertFlags(0, ZF);
    }

    @Test
    void repeScasSkipsAndDfBackwards() {
        // std ; repe scasw  (AX = 0x2020, scanning words backwards from DI = 0x106)
        Guest g = guest(0xFD, 0xF3, 0xAF);
        g.w16(E + 0x106, 0x2020).w16(E + 0x104, 0x2020).w16(E + 0x102, 0x4141).w16(E + 0x100, 0x2020);
        g.set16(AX, 0x2020).set16(DI, 0x106).set16(CX, 10);
        g.run(4); // std, then three iterations
        assertEquals(7, g.r16(CX));
        assertEquals(0x100, g.r16(DI));
        g.assertFlags(CF | SF, ZF | CF | SF); // 0x2020 - 0x4141 = 0xDEDF borrows
    }

    @Test
    void addressSizePrefixUsesEcxEsiEdi() {
        // a32 rep movsb with ECX = 0x10002, ESI/EDI with upper bits clear (limit 0xFFFF)
        Guest g = guest(0xF3, 0x67, 0xA4);
        g.set32(CX, 3).set32(SI, 0xFFFD).set32(DI, 0x10);
        g.w8(D + 0x0 + 0xFFFD, 1).w8(D + 0x0 + 0xFFFE, 2).w8(D + 0x0 + 0xFFFF, 3);
        g.run(3);
        assertEquals(0x0001_0000, g.r32(SI)); // ESI is not wrapped
        assertEquals(0x13, g.r32(DI));
        assertEquals(0, g.r32(CX));
        assertEquals(0x030201, g.m32(E + 0x10) & 0xFFFFFF);
        // 16-bit addressing wraps SI at 64 KiB instead, and leaves the upper halves alone
        g = guest(0xF3, 0xA4);
        g.set32(CX, 0x7777_0002).set32(SI, 0x5555_FFFF).set32(DI, 0x10);
        g.w8(D + 0x0 + 0xFFFF, 9).w8(D + 0x0, 8);
        g.run(2);
        assertEquals(0x5555_0001, g.r32(SI));
        assertEquals(0x7777_0000, g.r32(CX));
        assertEquals(0x0809, g.m16(E + 0x10));
    }

    @Test
    void longRepIsRestartableAndFinishes() {
        // a32 rep stosb over 200000 bytes ("unreal mode" ES limit): more than one run's budget, continued by
        // each run where the last one stopped until ECX = 0
        Guest g = guest(0xF3, 0x67, 0xAA, 0xF4);
        g.seg(Seg.ES, 0x2000).set32(CX, 200_000).set32(DI, 0).set16(AX, 0x77);
        g.cpu.segLimit[Seg.ES] = 0xF_FFFF;
        int runs = 0;
        CpuExit e;
        do {
            e = g.exit();
            runs++;
        } while (e.kind == CpuExit.Kind.NONE);
        assertEquals(CpuExit.Kind.HLT, e.kind);
        assertEquals(21, runs, "200000 iterations and the HLT in runs of 10000 units");
        assertEquals(0, g.r32(CX));
        assertEquals(200_000, g.r32(DI));
        assertEquals(0x77, g.m8(0x20000));
        assertEquals(0x77, g.m8(0x20000 + 199_999));
        assertEquals(0, g.m8(0x20000 + 200_000));
        assertEquals(CODE + 3, g.ip());
    }

    @Test
    void aRepThatRunsOutOfBudgetStopsBetweenIterationsAtTheRepInstruction() {
        // rep stosb with CX = 0xFFFF: each run does exactly its budget of iterations, then leaves CX, DI updated
        // and IP at the REP, as a CPU does when an interrupt arrives between iterations (SDM Vol. 2, REP)
        Guest g = guest(0xF3, 0xAA);
        g.seg(Seg.ES, 0x3000).set16(CX, 0xFFFF).set16(DI, 0).set8(AX, 0x5A);
        g.run(1000);
        assertEquals(CODE, g.ip());
        assertEquals(0xFFFF - 1000, g.r16(CX));
        assertEquals(1000, g.r16(DI));
        assertEquals(0x5A, g.m8(0x30000 + 999));
        assertEquals(0, g.m8(0x30000 + 1000));
        assertEquals(1000, g.cpu.instructions);
        g.run(1);
        assertEquals(1001, g.r16(DI));
        g.run(0xFFFF - 1001); // the remaining iterations, the last of which completes the instruction
        assertEquals(CODE + 2, g.ip());
        assertEquals(0, g.r16(CX));
        assertEquals(0x5A, g.m8(0x3FFFE));
        assertEquals(0xFFFF, g.cpu.instructions, "one unit per iteration");
    }

    @Test
    void anA32RepWithAHugeEcxStopsWhenTheBudgetRunsOut() {
        // a32 rep movsb with ECX = 0xFFFFFFFF (ES/DS limits opened to 1 MiB): one run of 50000 units
        Guest g = guest(0xF3, 0x67, 0xA4);
        g.seg(Seg.DS, 0).seg(Seg.ES, 0).set32(CX, -1).set32(SI, 0x20000).set32(DI, 0x40000);
        g.cpu.segLimit[Seg.DS] = g.cpu.segLimit[Seg.ES] = 0xF_FFFF;
        g.w8(0x20000 + 49_999, 0x42);
        g.run(50_000);
        assertEquals(CODE, g.ip());
        assertEquals(0xFFFF_FFFFL - 50_000, g.r32(CX) & 0xFFFF_FFFFL);
        assertEquals(0x20000 + 50_000, g.r32(SI));
        assertEquals(0x40000 + 50_000, g.r32(DI));
        assertEquals(0x42, g.m8(0x40000 + 49_999));
        assertEquals(50_000, g.cpu.instructions);
    }

    private static String read(Guest g, int linear, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) g.m8(linear + i);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
