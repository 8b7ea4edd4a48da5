package org.kvmworkbench.core.asm;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The x87 forms the built-in assembler knows (SDM Vol. 2 opcode map, Tables; NASM's encodings): the
 * no-operand instructions and those with one memory operand, keyed by mnemonic and operand size in bits (0: no size
 * keyword needed). The FPU register-stack operands (st0..st7) are not part of the assembler's syntax.
 */
final class X87Forms {
    /** WAIT forms: NASM emits 9B before the no-wait instruction. */
    static final Set<String> WAIT_FORMS = Set.of("fstcw", "fstsw", "fstenv", "fsave");
    static final Set<String> MEMORY_MNEMONICS = Set.of("fld", "fst", "fstp", "fild", "fist", "fistp", "fisttp",
            "fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr", "fiadd", "fimul", "ficom", "ficomp",
            "fisub", "fisubr", "fidiv", "fidivr", "fldcw", "fnstcw", "fstcw", "fnstsw", "fstsw", "fldenv", "fnstenv",
            "fstenv", "frstor", "fnsave", "fsave");
    private static final String[] ARITH = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
    private static final Map<String, int[]> MEMORY = new HashMap<>();

    static {
        form("fld", 32, 0xD9, 0); form("fld", 64, 0xDD, 0); form("fld", 80, 0xDB, 5);
        form("fst", 32, 0xD9, 2); form("fst", 64, 0xDD, 2);
        form("fstp", 32, 0xD9, 3); form("fstp", 64, 0xDD, 3); form("fstp", 80, 0xDB, 7);
        form("fild", 16, 0xDF, 0); form("fild", 32, 0xDB, 0); form("fild", 64, 0xDF, 5);
        form("fist", 16, 0xDF, 2); form("fist", 32, 0xDB, 2);
        form("fistp", 16, 0xDF, 3); form("fistp", 32, 0xDB, 3); form("fistp", 64, 0xDF, 7);
        form("fisttp", 16, 0xDF, 1); form("fisttp", 32, 0xDB, 1); form("fisttp", 64, 0xDD, 1);
        for (int i = 0; i < 8; i++) {
            form(ARITH[i], 32, 0xD8, i);
            form(ARITH[i], 64, 0xDC, i);
            form("fi" + ARITH[i].substring(1), 16, 0xDE, i);
            form("fi" + ARITH[i].substring(1), 32, 0xDA, i);
        }
        for (int size : new int[] {0, 16}) {
            form("fldcw", size, 0xD9, 5); form("fnstcw", size, 0xD9, 7); form("fstcw", size, 0xD9, 7);
            form("fnstsw", size, 0xDD, 7); form("fstsw", size, 0xDD, 7);
        }
        form("fldenv", 0, 0xD9, 4); form("fnstenv", 0, 0xD9, 6); form("fstenv", 0, 0xD9, 6);
        form("frstor", 0, 0xDD, 4); form("fnsave", 0, 0xDD, 6); form("fsave", 0, 0xDD, 6);
    }

    private static void form(String m, int size, int opcode, int reg) {
        MEMORY.put(m + "/" + size, new int[] {opcode, reg});
    }

    /** {opcode, reg field} or null. */
    static int[] memoryForm(String m, int size) {
        return MEMORY.get(m + "/" + size);
    }

    static boolean knowsMemoryForm(String m) {
        return MEMORY_MNEMONICS.contains(m);
    }

    /** Registers the no-operand x87 instructions with {@link Encoder}'s plain table. */
    static void plainForms() {
        Encoder.plainX87("fninit", 0xDB, 0xE3); Encoder.plainX87("finit", 0x9B, 0xDB, 0xE3);
        Encoder.plainX87("fnclex", 0xDB, 0xE2); Encoder.plainX87("fclex", 0x9B, 0xDB, 0xE2);
        Encoder.plainX87("fwait", 0x9B); Encoder.plainX87("fnop", 0xD9, 0xD0);
        String[] d9 = {"fchs", "fabs", null, null, "ftst", "fxam", null, null, "fld1", "fldl2t", "fldl2e", "fldpi",
            "fldlg2", "fldln2", "fldz", null, "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp",
            "fincstp", "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos"};
        for (int i = 0; i < d9.length; i++) if (d9[i] != null) Encoder.plainX87(d9[i], 0xD9, 0xE0 + i);
        Encoder.plainX87("fcompp", 0xDE, 0xD9); Encoder.plainX87("fucompp", 0xDA, 0xE9);
        Encoder.plainX87("fxch", 0xD9, 0xC9);
        // without operands NASM means ST(1), ST(0) and pops: DE C1 / C9 / E9 / E1 / F9 / F1
        Encoder.plainX87("faddp", 0xDE, 0xC1); Encoder.plainX87("fmulp", 0xDE, 0xC9);
        Encoder.plainX87("fsubp", 0xDE, 0xE9); Encoder.plainX87("fsubrp", 0xDE, 0xE1);
        Encoder.plainX87("fdivp", 0xDE, 0xF9); Encoder.plainX87("fdivrp", 0xDE, 0xF1);
    }
}
