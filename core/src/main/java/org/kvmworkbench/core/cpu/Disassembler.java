package org.kvmworkbench.core.cpu;

import org.kvmworkbench.core.memory.GuestMemory;

/**
 * A small 16-bit real-mode x86 disassembler for labelling VM exits with the guest instruction text.
 *
 * <p>It decodes the same subset as the simulator's {@link Interpreter} (plus a harmless extra, {@code pause})
 * into lowercase NASM syntax, close to what
 * {@code ndisasm -b 16} prints. Deliberate stylistic differences from ndisasm:
 * <ul>
 *   <li>operands are separated by {@code ", "};</li>
 *   <li>sign-extended 8-bit immediates (opcodes 6A, 6B, 83) print as plain signed hex without ndisasm's
 *       {@code byte +}/{@code byte -} marker: {@code add word [bx], 0x5}, {@code push word -0x1};</li>
 *   <li>size keywords appear only where no register fixes the size (never inside brackets, never on an
 *       immediate), but always on the memory source of MOVZX/MOVSX: {@code movzx ax, byte [bx]};</li>
 *   <li>an operand-size prefix that changes nothing visible is shown as {@code o32} (so {@code 66 C3} is
 *       {@code o32 ret}, {@code 66 90} is {@code o32 nop}), and likewise {@code a32};</li>
 *   <li>{@code xchg} is written register first, as ndisasm does, whatever the encoding direction;</li>
 *   <li>the aliases the simulator accepts and ndisasm rejects are decoded: 82 (= 80), F6/F7 /1 ({@code test}),
 *       shift group /6 ({@code sal}), and SETcc with any reg field;</li>
 *   <li>the x87 aliases ndisasm rejects (D9 D8+i, DC D0+i/D8+i, DD C8+i, DE D0+i, DF C8+i/D0+i/D8+i) are
 *       shown by their canonical names ({@code fstp st1}, {@code fcom st2}, {@code fxch st3}).</li>
 * </ul>
 * Relative branch targets are resolved against the {@code ip} of the instruction's first byte and wrap at
 * 16 bits (32 bits with an operand-size prefix). Undecodable or truncated bytes come out as {@code db 0x..}
 * with length 1; the decoder never throws.
 */
public final class Disassembler {
    private static final String[] FPU_ARITH = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
    private static final String[] FPU_INT_ARITH = {"fiadd", "fimul", "ficom", "ficomp", "fisub", "fisubr", "fidiv", "fidivr"};
    /** Memory forms of D8..DF by reg field; null: reserved (#UD). */
    private static final String[][] FPU_MEMORY = {
        FPU_ARITH,
        {"fld", null, "fst", "fstp", "fldenv", "fldcw", "fnstenv", "fnstcw"},
        FPU_INT_ARITH,
        {"fild", "fisttp", "fist", "fistp", null, "fld", null, "fstp"},
        FPU_ARITH,
        {"fld", "fisttp", "fst", "fstp", "frstor", null, "fnsave", "fnstsw"},
        FPU_INT_ARITH,
        {"fild", "fisttp", "fist", "fistp", "fbld", "fild", "fbstp", "fistp"}};
    private static final String[][] FPU_MEMORY_SIZE = {
        {"dword", "dword", "dword", "dword", "dword", "dword", "dword", "dword"},
        {"dword", "", "dword", "dword", "", "", "", ""},
        {"dword", "dword", "dword", "dword", "dword", "dword", "dword", "dword"},
        {"dword", "dword", "dword", "dword", "", "tword", "", "tword"},
        {"qword", "qword", "qword", "qword", "qword", "qword", "qword", "qword"},
        {"qword", "qword", "qword", "qword", "", "", "", ""},
        {"word", "word", "word", "word", "word", "word", "word", "word"},
        {"word", "word", "word", "word", "tword", "qword", "tword", "qword"}};
    /** Register forms of D8, DC and DD (ndisasm's "to st(i)" for DC, whose SUB/SUBR and DIV/DIVR are swapped). */
    private static final String[][] FPU_REGISTER = {
        FPU_ARITH,
        {"fadd to", "fmul to", "fcom", "fcomp", "fsubr to", "fsub to", "fdivr to", "fdiv to"},
        {"ffree", "fxch", "fst", "fstp", "fucom", "fucomp", null, null}};
    private static final String[] FPU_D9_E0 = {"fchs", "fabs", null, null, "ftst", "fxam", null, null,
        "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", null,
        "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp",
        "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos"};
    private static final String[] FCMOV = {"fcmovb", "fcmove", "fcmovbe", "fcmovu"};
    private static final String[] FPU_DB_E0 = {"fneni", "fndisi", "fnclex", "fninit", "fsetpm"};
    private static final String[] FPU_DE = {"faddp", "fmulp", "fcomp", null, "fsubrp", "fsubp", "fdivrp", "fdivp"};
    private static final String[] FPU_DF = {"ffreep", "fxch", "fstp", "fstp", null, "fucomip", "fcomip", null};

    /** One decoded instruction: its length in bytes (prefixes included) and its text. */
    public record Instruction(int length, String text) {
    }

    /** The architectural limit on instruction length, and how much the memory convenience method reads. */
    public static final int MAX_LENGTH = 15;
    /** Returned when there is not even one byte to decode. */
    public static final Instruction NO_BYTES = new Instruction(0, "(no bytes)");

    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFT = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
    private static final String[] GROUP3 = {"test", "test", "not", "neg", "mul", "imul", "div", "idiv"};
    private static final String[] GROUP7 = {"sgdt", "sidt", "lgdt", "lidt"};
    private static final String[] BT = {"bt", "bts", "btr", "btc"};
    private static final String[] INC_DEC_PUSH_POP = {"inc", "dec", "push", "pop"};
    private static final String[] CC = {"o", "no", "c", "nc", "z", "nz", "na", "a", "s", "ns", "pe", "po", "l", "nl", "ng", "g"};
    private static final String[] LOOP = {"loopne", "loope", "loop"};
    private static final String[] EA16 = {"bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"};
    /** String instructions A4..AF by (op - 0xA4) / 2; A8/A9 (TEST) is not one. */
    private static final String[] STRING = {"movs", "cmps", null, "stos", "lods", "scas"};
    private static final String[] SIZE = {null, "byte", "word", null, "dword"};
    private static final String SUFFIX = "bw?d";

    private Disassembler() {
    }

    /**
     * Decodes one instruction from {@code code[offset .. offset+length)}, clipped to the array.
     *
     * @param ip the (16-bit, or 32-bit with o32 branches) instruction pointer of {@code code[offset]}, used to
     *           resolve relative branch targets
     * @return the instruction; {@code db 0x..} of length 1 for an unknown or truncated one; {@link #NO_BYTES}
     *         if the range holds no byte at all
     */
    public static Instruction decode(byte[] code, int offset, int length, int ip) {
        if (code == null || offset < 0 || offset >= code.length || length <= 0) return NO_BYTES;
        int end = (int) Math.min((long) offset + length, code.length);
        try {
            Decoder d = new Decoder(code, offset, end, ip);
            String text = d.run();
            int len = d.pos - offset;
            if (text != null && len <= MAX_LENGTH) return new Instruction(len, text);
        } catch (Truncated e) {
            // fall through to "db"
        }
        return new Instruction(1, String.format("db 0x%02x", code[offset] & 0xFF));
    }

    /**
     * Decodes the instruction at guest-physical/linear address {@code linear}, reading up to {@link #MAX_LENGTH}
     * bytes but stopping at the end of memory.
     */
    public static Instruction decode(GuestMemory mem, long linear, int ip) {
        if (mem == null || linear < 0 || linear >= mem.size()) return NO_BYTES;
        int n = (int) Math.min(MAX_LENGTH, mem.size() - linear);
        byte[] buf = new byte[n];
        int got = 0;
        try {
            for (; got < n; got++) buf[got] = (byte) mem.read8(linear + got);
        } catch (RuntimeException e) {
            // an unreadable byte ends the window like the end of memory does
        }
        return decode(buf, 0, got, ip);
    }

    /** Thrown (preallocated, stackless) when an instruction runs past the end of the available bytes. */
    private static final class Truncated extends RuntimeException {
        static final Truncated INSTANCE = new Truncated();

        private Truncated() {
            super(null, null, false, false);
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    /** Signed immediate: 0x5, -0x1. */
    private static String signedImm(long v) {
        return v < 0 ? "-" + hex(-v) : hex(v);
    }

    /** Signed displacement: +0x4, -0x2. */
    private static String disp(long v) {
        return v < 0 ? "-" + hex(-v) : "+" + hex(v);
    }

    private static String r(int n, int size) {
        return (size == 1 ? Reg.NAMES8 : size == 2 ? Reg.NAMES16 : Reg.NAMES32)[n];
    }

    /** Decoding state for one instruction. */
    private static final class Decoder {
        private final byte[] code;
        private final int start;
        private final int end;
        private final long ip;
        int pos;
        private boolean op32, addr32, lock, repe;
        private int seg = -1, rep;
        private boolean opUsed, addrUsed, segUsed;
        private int modrm, mod, reg, rm;
        private String mem; // memory operand text, null for a register operand

        Decoder(byte[] code, int start, int end, int ip) {
            this.code = code;
            this.start = start;
            this.end = end;
            this.ip = ip & 0xFFFF_FFFFL;
            this.pos = start;
        }

        private int u8() {
            if (pos >= end) throw Truncated.INSTANCE;
            return code[pos++] & 0xFF;
        }

        private int s8() {
            return (byte) u8();
        }

        private int u16() {
            return u8() | u8() << 8;
        }

        private int u32() {
            return u16() | u16() << 16;
        }

        private int imm(int size) {
            return size == 1 ? u8() : size == 2 ? u16() : u32();
        }

        /** The operand size of a "v" operand (2, or 4 with 0x66), marking the prefix as shown. */
        private int osize() {
            opUsed = true;
            return op32 ? 4 : 2;
        }

        /** Branch target: end of this instruction + rel, wrapped to the operand size. */
        private String target(long rel) {
            return hex((ip + (pos - start) + rel) & (op32 ? 0xFFFF_FFFFL : 0xFFFFL));
        }

        String run() {
            int op;
            for (;;) {
                op = u8();
                if (op == 0x26 || op == 0x2E || op == 0x36 || op == 0x3E) seg = op >> 3 & 3;
                else if (op == 0x64 || op == 0x65) seg = op - 0x60;
                else if (op == 0x66) op32 = true;
                else if (op == 0x67) addr32 = true;
                else if (op == 0xF0) lock = true;
                else if (op == 0xF2 || op == 0xF3) rep = op;
                else break;
            }
            String body = op == 0x0F ? twoByte(u8()) : oneByte(op);
            if (body == null) return null;
            StringBuilder sb = new StringBuilder();
            if (seg >= 0 && !segUsed) sb.append(Seg.NAMES[seg]).append(' ');
            if (lock) sb.append("lock ");
            if (rep != 0) sb.append(rep == 0xF2 ? "repne " : repe ? "repe " : "rep ");
            if (op32 && !opUsed) sb.append("o32 ");
            if (addr32 && !addrUsed) sb.append("a32 ");
            return sb.append(body).toString();
        }

        // ---------------------------------------------------------------------------------------------
        // ModRM

        private void modrm() {
            modrm = u8();
            mod = modrm >> 6;
            reg = modrm >> 3 & 7;
            rm = modrm & 7;
            mem = mod == 3 ? null : address();
        }

        /** The memory operand, reading any SIB byte and displacement: [es:bx+si+0x4], [eax+ecx*4+0x10]. */
        private String address() {
            addrUsed = true;
            segUsed = true;
            String open = seg >= 0 ? "[" + Seg.NAMES[seg] + ":" : "[";
            String base;
            if (!addr32) {
                if (mod == 0 && rm == 6) return open + hex(u16()) + "]";
                base = EA16[rm];
                long d = mod == 1 ? s8() : mod == 2 ? (short) u16() : 0;
                return open + base + (mod == 0 ? "" : disp(d)) + "]";
            }
            boolean noBase = false;
            if (rm == 4) {
                int sib = u8();
                int scale = sib >> 6, index = sib >> 3 & 7, b = sib & 7;
                noBase = b == 5 && mod == 0;
                base = noBase ? "" : Reg.NAMES32[b];
                if (index != 4) base += (noBase ? "" : "+") + Reg.NAMES32[index] + (scale == 0 ? "" : "*" + (1 << scale));
            } else if (mod == 0 && rm == 5) {
                return open + hex(u32() & 0xFFFF_FFFFL) + "]";
            } else {
                base = Reg.NAMES32[rm];
            }
            if (noBase) return open + (base.isEmpty() ? hex(u32() & 0xFFFF_FFFFL) : base + disp(u32())) + "]";
            long d = mod == 1 ? s8() : mod == 2 ? u32() : 0;
            return open + base + (mod == 0 ? "" : disp(d)) + "]";
        }

        /** The r/m operand; a memory operand gets no size keyword (a register operand implies the size). */
        private String e(int size) {
            return mem == null ? r(rm, size) : mem;
        }

        /** The r/m operand with a size keyword when it is memory: "word [bx]". */
        private String es(int size) {
            return mem == null ? r(rm, size) : SIZE[size] + " " + mem;
        }

        private String g(int size) {
            return r(reg, size);
        }

        // ---------------------------------------------------------------------------------------------
        // One-byte opcodes

        private String oneByte(int op) {
            if (op < 0x40 && (op & 7) < 6) return form(ALU[op >> 3], op & 7);
            if (op >= 0x40 && op < 0x60) return INC_DEC_PUSH_POP[(op - 0x40) >> 3] + " " + r(op & 7, osize());
            if (op >= 0x70 && op < 0x80) return "j" + CC[op & 15] + " " + target(s8());
            if (op >= 0x91 && op < 0x98) { int s = osize(); return "xchg " + r(0, s) + ", " + r(op & 7, s); }
            if (op >= 0xB0 && op < 0xB8) return "mov " + r(op & 7, 1) + ", " + hex(u8());
            if (op >= 0xB8 && op < 0xC0) { int s = osize(); return "mov " + r(op & 7, s) + ", " + hex(imm(s)); }
            if (op >= 0xA4 && op < 0xB0 && op != 0xA8 && op != 0xA9) return string(STRING[(op - 0xA4) >> 1], op);
            if (op >= 0xD8 && op < 0xE0) return fpu(op);
            return switch (op) {
                case 0x06, 0x0E, 0x16, 0x1E -> "push " + Seg.NAMES[op >> 3];
                case 0x07, 0x17, 0x1F -> "pop " + Seg.NAMES[op >> 3];
                case 0x27 -> "daa";
                case 0x2F -> "das";
                case 0x37 -> "aaa";
                case 0x3F -> "aas";
                case 0x60 -> osize() == 4 ? "pushad" : "pusha";
                case 0x61 -> osize() == 4 ? "popad" : "popa";
                case 0x62 -> { modrm(); yield mem == null ? null : "bound " + g(osize()) + ", " + mem; }
                case 0x68 -> { int s = osize(); yield "push " + SIZE[s] + " " + hex(imm(s)); }
                case 0x6A -> "push " + SIZE[osize()] + " " + signedImm(s8());
                case 0x69, 0x6B -> {
                    modrm();
                    int s = osize();
                    yield "imul " + g(s) + ", " + e(s) + ", " + (op == 0x69 ? hex(imm(s)) : signedImm(s8()));
                }
                case 0x6C, 0x6D -> string("ins", op);
                case 0x6E, 0x6F -> string("outs", op);
                case 0x80, 0x81, 0x82, 0x83 -> {
                    modrm();
                    int s = (op & 1) == 0 ? 1 : osize();
                    yield ALU[reg] + " " + es(s) + ", " + (op == 0x83 ? signedImm(s8()) : hex(imm(s)));
                }
                case 0x84, 0x85 -> form("test", op & 1);
                case 0x86, 0x87 -> form("xchg", 2 | op & 1); // written "xchg reg, r/m" as ndisasm does
                case 0x88, 0x89, 0x8A, 0x8B -> form("mov", op & 3);
                case 0x8C -> { modrm(); yield reg > 5 ? null : "mov " + e(mem == null ? osize() : 2) + ", " + Seg.NAMES[reg]; }
                case 0x8E -> { modrm(); yield reg > 5 ? null : "mov " + Seg.NAMES[reg] + ", " + e(2); }
                case 0x8D -> { modrm(); yield mem == null ? null : "lea " + g(osize()) + ", " + mem; }
                case 0x8F -> { modrm(); yield reg != 0 ? null : "pop " + es(osize()); }
                case 0x90 -> { if (rep == 0xF3) { rep = 0; yield "pause"; } yield "nop"; }
                case 0x98 -> osize() == 4 ? "cwde" : "cbw";
                case 0x99 -> osize() == 4 ? "cdq" : "cwd";
                case 0x9A -> "call " + farPointer();
                case 0x9B -> "wait";
                case 0x9C -> osize() == 4 ? "pushfd" : "pushf";
                case 0x9D -> osize() == 4 ? "popfd" : "popf";
                case 0x9E -> "sahf";
                case 0x9F -> "lahf";
                case 0xA0, 0xA1, 0xA2, 0xA3 -> moffs(op);
                case 0xA8, 0xA9 -> form("test", op - 0xA4);
                case 0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3 -> {
                    modrm();
                    int s = (op & 1) == 0 ? 1 : osize();
                    yield SHIFT[reg] + " " + es(s) + ", " + (op < 0xD0 ? hex(u8()) : op < 0xD2 ? "1" : "cl");
                }
                case 0xC2 -> "ret " + hex(u16());
                case 0xC3 -> "ret";
                case 0xC4, 0xC5 -> { modrm(); yield mem == null ? null : (op == 0xC4 ? "les " : "lds ") + g(osize()) + ", " + mem; }
                case 0xC6, 0xC7 -> {
                    modrm();
                    int s = op == 0xC6 ? 1 : osize();
                    yield reg != 0 ? null : "mov " + es(s) + ", " + hex(imm(s));
                }
                case 0xC8 -> { int frame = u16(); yield "enter " + hex(frame) + ", " + hex(u8()); }
                case 0xC9 -> "leave";
                case 0xCA -> "retf " + hex(u16());
                case 0xCB -> "retf";
                case 0xCC -> "int3";
                case 0xCD -> "int " + hex(u8());
                case 0xCE -> "into";
                case 0xCF -> osize() == 4 ? "iretd" : "iret";
                case 0xD4, 0xD5 -> { int base = u8(); yield (op == 0xD4 ? "aam" : "aad") + (base == 10 ? "" : " " + hex(base)); }
                case 0xD6 -> "salc";
                case 0xD7 -> "xlatb";
                case 0xE0, 0xE1, 0xE2 -> { addrUsed = true; yield LOOP[op - 0xE0] + " " + target(s8()) + (addr32 ? ", ecx" : ""); }
                case 0xE3 -> { addrUsed = true; yield (addr32 ? "jecxz " : "jcxz ") + target(s8()); }
                case 0xE4, 0xE5 -> { int port = u8(); yield "in " + acc(op) + ", " + hex(port); }
                case 0xE6, 0xE7 -> { int port = u8(); yield "out " + hex(port) + ", " + acc(op); }
                case 0xEC, 0xED -> "in " + acc(op) + ", dx";
                case 0xEE, 0xEF -> "out dx, " + acc(op);
                case 0xE8, 0xE9 -> {
                    int s = osize();
                    int rel = imm(s);
                    yield (op == 0xE8 ? "call " : "jmp ") + (s == 4 ? "dword " : "") + target(s == 4 ? rel : (short) rel);
                }
                case 0xEA -> "jmp " + farPointer();
                case 0xEB -> "jmp short " + target(s8());
                case 0xF4 -> "hlt";
                case 0xF5 -> "cmc";
                case 0xF6, 0xF7 -> {
                    modrm();
                    int s = op == 0xF6 ? 1 : osize();
                    String t = GROUP3[reg] + " " + es(s);
                    yield reg < 2 ? t + ", " + hex(imm(s)) : t;
                }
                case 0xF8 -> "clc";
                case 0xF9 -> "stc";
                case 0xFA -> "cli";
                case 0xFB -> "sti";
                case 0xFC -> "cld";
                case 0xFD -> "std";
                case 0xFE -> { modrm(); yield reg > 1 ? null : (reg == 0 ? "inc " : "dec ") + es(1); }
                case 0xFF -> group5();
                default -> null;
            };
        }

        /**
         * The six classic two-operand forms shared by ALU ops 00-3F, TEST, XCHG and MOV:
         * 0 Eb,Gb; 1 Ev,Gv; 2 Gb,Eb; 3 Gv,Ev; 4 AL,Ib; 5 eAX,Iv.
         */
        private String form(String mn, int f) {
            int s = (f & 1) == 0 ? 1 : osize();
            if (f >= 4) return mn + " " + r(0, s) + ", " + hex(imm(s));
            modrm();
            return f < 2 ? mn + " " + e(s) + ", " + g(s) : mn + " " + g(s) + ", " + e(s);
        }

        /** al/ax/eax for the byte (even opcode) or word (odd opcode) form of IN/OUT. */
        private String acc(int op) {
            return r(0, (op & 1) == 0 ? 1 : osize());
        }

        /** movsb/cmpsw/insd...; REP before CMPS/SCAS reads "repe". */
        private String string(String name, int op) {
            int s = (op & 1) == 0 ? 1 : osize();
            repe = name.equals("cmps") || name.equals("scas");
            return name + SUFFIX.charAt(s - 1);
        }

        /** A0-A3: mov al/ax, [moffs] and back. */
        private String moffs(int op) {
            addrUsed = true;
            segUsed = true;
            String m = (seg >= 0 ? "[" + Seg.NAMES[seg] + ":" : "[") + hex(addr32 ? u32() & 0xFFFF_FFFFL : u16()) + "]";
            String a = acc(op);
            return op < 0xA2 ? "mov " + a + ", " + m : "mov " + m + ", " + a;
        }

        /** ptr16:16 (ptr16:32 with o32) as "0x1234:0x5678". */
        private String farPointer() {
            int s = osize();
            long off = imm(s) & 0xFFFF_FFFFL;
            return (s == 4 ? "dword " : "") + hex(u16()) + ":" + hex(off);
        }

        /** FF: INC, DEC, CALL near, CALL far, JMP near, JMP far, PUSH. */
        private String group5() {
            modrm();
            int s = osize();
            return switch (reg) {
                case 0, 1 -> (reg == 0 ? "inc " : "dec ") + es(s);
                case 2, 4 -> (reg == 2 ? "call " : "jmp ") + (mem == null ? r(rm, s) : (s == 4 ? "dword " : "") + mem);
                case 3, 5 -> mem == null ? null : (reg == 3 ? "call " : "jmp ") + (s == 4 ? "dword " : "") + "far " + mem;
                case 6 -> "push " + es(s);
                default -> null;
            };
        }

        /** D8-DF (SDM Vol. 2 Tables ), named as ndisasm names them; the aliases ndisasm rejects by their canonical name. */
        private String fpu(int op) {
            modrm();
            int x = op - 0xD8;
            if (mem != null) {
                String name = FPU_MEMORY[x][reg];
                if (name == null) return null;
                String size = FPU_MEMORY_SIZE[x][reg];
                return name + " " + (size.isEmpty() ? "" : size + " ") + mem;
            }
            String st = " st" + rm;
            switch (op) {
                case 0xD9:
                    if (reg == 0) return "fld" + st;
                    if (reg == 1) return "fxch" + st;
                    if (reg == 2) return rm == 0 ? "fnop" : null;
                    if (reg == 3) return "fstp" + st;
                    return FPU_D9_E0[modrm - 0xE0];
                case 0xDA:
                    if (reg < 4) return FCMOV[reg] + st;
                    return modrm == 0xE9 ? "fucompp" : null;
                case 0xDB:
                    if (reg < 4) return "fcmovn" + FCMOV[reg].substring(5) + st;
                    if (reg == 4) return rm <= 4 ? FPU_DB_E0[rm] : null;
                    return reg == 5 ? "fucomi" + st : reg == 6 ? "fcomi" + st : null;
                case 0xDE:
                    if (reg == 3) return rm == 1 ? "fcompp" : null;
                    return FPU_DE[reg] + st;
                case 0xDF:
                    if (reg == 4) return rm == 0 ? "fnstsw ax" : null;
                    return FPU_DF[reg] == null ? null : FPU_DF[reg] + st;
                default:
                    String name = FPU_REGISTER[x == 0 ? 0 : x == 4 ? 1 : 2][reg];
                    return name == null ? null : name + st;
            }
        }

        // ---------------------------------------------------------------------------------------------
        // Two-byte opcodes (0F xx)

        private String twoByte(int op) {
            if (op >= 0x80 && op < 0x90) {
                int s = osize();
                int rel = imm(s);
                return "j" + CC[op & 15] + (s == 4 ? " dword " : " near ") + target(s == 4 ? rel : (short) rel);
            }
            if (op >= 0x90 && op < 0xA0) { modrm(); return "set" + CC[op & 15] + " " + e(1); }
            if (op >= 0x40 && op < 0x50) { modrm(); int s = osize(); return "cmov" + CC[op & 15] + " " + g(s) + ", " + e(s); }
            if (op == 0x1F) { modrm(); return reg != 0 ? null : "nop " + es(osize()); }
            return switch (op) {
                case 0x01 -> group7();
                case 0x06 -> "clts";
                case 0x0B -> "ud2";
                case 0x21, 0x23 -> { // MOV to/from DRn: the register form, as for CRn
                    int m = u8(), dr = m >> 3 & 7;
                    yield op == 0x21 ? "mov " + r(m & 7, 4) + ", dr" + dr : "mov dr" + dr + ", " + r(m & 7, 4);
                }
                case 0xA3, 0xAB, 0xB3, 0xBB -> { modrm(); int s = osize(); yield BT[(op >> 3) & 3] + " " + e(s) + ", " + g(s); }
                case 0xBA -> { modrm(); int s = osize(); yield reg < 4 ? null : BT[reg - 4] + " " + es(s) + ", " + hex(u8()); }
                case 0xBC, 0xBD -> { modrm(); int s = osize(); yield (op == 0xBC ? "bsf " : "bsr ") + g(s) + ", " + e(s); }
                case 0xA4, 0xA5, 0xAC, 0xAD -> {
                    modrm();
                    int s = osize();
                    yield (op < 0xA8 ? "shld " : "shrd ") + e(s) + ", " + g(s) + ", " + ((op & 1) == 0 ? hex(u8()) : "cl");
                }
                case 0xB2, 0xB4, 0xB5 -> {
                    modrm();
                    yield mem == null ? null : (op == 0xB2 ? "lss " : op == 0xB4 ? "lfs " : "lgs ") + g(osize()) + ", " + mem;
                }
                case 0xB0, 0xB1, 0xC0, 0xC1 -> {
                    modrm();
                    int s = (op & 1) == 0 ? 1 : osize();
                    yield (op < 0xC0 ? "cmpxchg " : "xadd ") + e(s) + ", " + g(s);
                }
                case 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF -> "bswap " + r(op & 7, osize());
                case 0x6F, 0x7F -> { // MMX MOVQ (the unsupported-instruction sample); with 66/F3 it is SSE: not decoded
                    if (op32 || rep != 0) yield null;
                    modrm();
                    String rmText = mem != null ? mem : "mm" + rm;
                    yield op == 0x6F ? "movq mm" + reg + ", " + rmText : "movq " + rmText + ", mm" + reg;
                }
                case 0x20, 0x22 -> { // MOV to/from CRn: always the register form, whatever the mod bits say
                    int m = u8(), cr = m >> 3 & 7;
                    if (cr == 1 || cr > 4) yield null;
                    yield op == 0x20 ? "mov " + r(m & 7, 4) + ", cr" + cr : "mov cr" + cr + ", " + r(m & 7, 4);
                }
                case 0x30 -> "wrmsr";
                case 0x31 -> "rdtsc";
                case 0x32 -> "rdmsr";
                case 0xA2 -> "cpuid";
                case 0xA0 -> "push fs";
                case 0xA1 -> "pop fs";
                case 0xA8 -> "push gs";
                case 0xA9 -> "pop gs";
                case 0xAF -> { modrm(); int s = osize(); yield "imul " + g(s) + ", " + e(s); }
                case 0xB6, 0xB7, 0xBE, 0xBF -> {
                    modrm();
                    int s = osize();
                    yield (op < 0xB8 ? "movzx " : "movsx ") + g(s) + ", " + es((op & 1) == 0 ? 1 : 2);
                }
                default -> null;
            };
        }

        /** 0F 01: VMCALL (C1), VMMCALL (D9), SGDT/SIDT/LGDT/LIDT m, SMSW, LMSW, INVLPG m. */
        private String group7() {
            if (pos < end && (code[pos] & 0xFF) == 0xC1) { pos++; return "vmcall"; }
            if (pos < end && (code[pos] & 0xFF) == 0xD9) { pos++; return "vmmcall"; }
            modrm();
            if (reg == 4) return "smsw " + (mem == null ? r(rm, osize()) : mem);
            if (reg == 6) return "lmsw " + e(2);
            if (reg == 7 && mem != null) return "invlpg " + mem;
            return mem == null || reg > 3 ? null : GROUP7[reg] + " " + mem;
        }
    }
}
