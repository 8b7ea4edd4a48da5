package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.cpu.X87Run.DATA;
import static org.kvmworkbench.core.cpu.X87Run.cat;
import static org.kvmworkbench.core.cpu.X87Run.mem;
import static org.kvmworkbench.core.cpu.X87Run.op;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Compares and classification (SDM Vol. 2 "FCOM/FCOMP/FCOMPP", "FUCOM/...", "FICOM", "FCOMI/FCOMIP/FUCOMI/FUCOMIP",
 * "FTST", "FXAM"): C3 C2 C0 = 000 greater, 001 less, 100 equal, 111 unordered; FCOMI sets ZF PF CF the same way.
 */
class X87CompareTest {
    private static final int CC = X87.C0 | X87.C1 | X87.C2 | X87.C3;
    private static final int C0 = X87.C0, C2 = X87.C2, C3 = X87.C3;

    /** fld qword [B] ; fld qword [A] ; fcom/fucom st1 (ST(0) = A against ST(1) = B) */
    private static X87Run compare(double a, double b, int opcode, int modrm) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA + 8), mem(0xDD, 0, DATA), op(opcode, modrm)));
        x.d(DATA, a).d(DATA + 8, b).run(4);
        return x;
    }

    @ParameterizedTest(name = "fcom {0} vs {1}")
    @CsvSource({"2, 1, 0", "1, 2, 256", "1, 1, 16384", "0, -0.0, 16384", "-Infinity, 1e300, 256", "NaN, 1, 17664"})
    void fcomSetsTheConditionCodes(double a, double b, int expected) {
        X87Run x = compare(a, b, 0xD8, 0xD1);
        assertEquals(expected, x.sw() & CC);
        assertEquals(Double.isNaN(a) ? 1 : 0, x.sw() & 1, "FCOM: a QNaN is invalid");
    }

    @Test
    void fucomIsQuietForQnanButNotForSnan() {
        X87Run q = compare(Double.NaN, 1, 0xDD, 0xE1);
        assertEquals(C0 | C2 | C3, q.sw() & CC);
        assertEquals(0, q.sw() & 0x3F);
        X87Run s = new X87Run(cat(op(0xDB, 0xE3, 0xD9, 0xE8), mem(0xDB, 5, DATA), op(0xDD, 0xE1)));
        s.w64(DATA, 0xA000_0000_0000_0000L).w16(DATA + 8, 0x7FFF).run(3); // an SNaN loaded as m80: no IE yet
        assertEquals(0, s.sw() & 1);
        s.fresh().run(4);
        assertEquals(C0 | C2 | C3, s.sw() & CC);
        assertEquals(1, s.sw() & 0x3F, "FUCOM with an SNaN: IE");
    }

    @Test
    void fcomppPopsTwiceAndFcompOnce() {
        X87Run x = compare(1, 2, 0xDE, 0xD9);
        assertEquals(0, x.f.top);
        assertEquals(0xFF, x.f.emptyMask);
        X87Run y = compare(1, 2, 0xD8, 0xD9);
        assertEquals(7, y.f.top);
    }

    @ParameterizedTest(name = "fcomi {0} vs {1}")
    @CsvSource({"2, 1, 0", "1, 2, 1", "1, 1, 64", "NaN, 1, 69"})
    void fcomiSetsZfPfCfAndClearsOfSfAf(double a, double b, int expected) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA + 8), mem(0xDD, 0, DATA), op(0xDB, 0xF1)));
        x.g.flags(LazyFlags.ARITH);
        x.d(DATA, a).d(DATA + 8, b).run(4);
        assertEquals(expected, x.g.flags() & LazyFlags.ARITH);
        assertEquals(8 - 2, x.f.top);
    }

    @Test
    void fucomipIsQuietAndPops() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA + 8), mem(0xDD, 0, DATA), op(0xDF, 0xE9)));
        x.d(DATA, Double.NaN).d(DATA + 8, 0).run(4);
        assertEquals(LazyFlags.ZF | LazyFlags.PF | LazyFlags.CF, x.g.flags() & LazyFlags.ARITH);
        assertEquals(0, x.sw() & 1);
        assertEquals(7, x.f.top);
    }

    @Test
    void ficomComparesWithAnInteger() {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), mem(0xDE, 2, DATA + 8)));
        x.d(DATA, -3.0).w16(DATA + 8, -3 & 0xFFFF).run(3);
        assertEquals(C3, x.sw() & CC);
        x.fresh().d(DATA, -3.5).run(3);
        assertEquals(C0, x.sw() & CC);
    }

    @ParameterizedTest(name = "ftst {0}")
    @CsvSource({"5, 0", "-5, 256", "-0.0, 16384", "NaN, 17664"})
    void ftstComparesWithZero(double v, int expected) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDD, 0, DATA), op(0xD9, 0xE4)));
        x.d(DATA, v).run(3);
        assertEquals(expected, x.sw() & CC);
    }

    @ParameterizedTest(name = "fxam {0}:{1}")
    @CsvSource({
        "3FFF, 8000000000000000, 1024", // normal: C2
        "BFFF, 8000000000000000, 1536", // negative normal: C2 and C1 (sign)
        "0000, 0000000000000000, 16384", // zero: C3
        "0000, 0000000000000001, 17408", // denormal: C3 C2
        "7FFF, 8000000000000000, 1280", // infinity: C2 C0
        "7FFF, C000000000000000, 256", // NaN: C0
        "3FFF, 0000000000000001, 0"}) // unnormal: unsupported, 000
    void fxamClassifies(String se, String m, int expected) {
        X87Run x = new X87Run(cat(op(0xDB, 0xE3), mem(0xDB, 5, DATA), op(0xD9, 0xE5)));
        x.w64(DATA, Long.parseUnsignedLong(m, 16)).w16(DATA + 8, Integer.parseInt(se, 16)).run(3);
        assertEquals(expected, x.sw() & CC);
    }

    @Test
    void fxamOfAnEmptyRegisterIsC3C0() {
        X87Run x = new X87Run(op(0xDB, 0xE3, 0xD9, 0xE5));
        x.run(2);
        assertEquals(C3 | C0, x.sw() & (C3 | C2 | C0));
        assertEquals(0, x.sw() & 0x7F, "no exception");
    }
}
