package org.kvmworkbench.core.asm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes one instruction in 16-bit mode, choosing the forms NASM chooses: the shortest jump, the sign-extended
 * 8-bit immediate (83 /n) where the value fits, the accumulator short forms (04, 3C, A8, A0-A3). Opcodes from
 * the Intel SDM Vol. 2 (Appendix A opcode map); 16-bit ModR/M from Vol. 2, Table 2-1.
 */
final class Encoder {
    private static final List<String> ALU = List.of("add", "or", "adc", "sbb", "and", "sub", "xor", "cmp");
    private static final Map<String, Integer> SHIFTS = Map.of("rol", 0, "ror", 1, "rcl", 2, "rcr", 3, "shl", 4,
            "sal", 4, "shr", 5, "sar", 7);
    private static final Map<String, Integer> UNARY = Map.of("not", 2, "neg", 3, "mul", 4, "imul", 5, "div", 6,
            "idiv", 7);
    private static final Map<String, int[]> PLAIN = new HashMap<>();
    private static final Map<String, Integer> CONDITIONS = new HashMap<>();
    private static final Map<String, Integer> SHORT_ONLY = Map.of("loopne", 0xE0, "loopnz", 0xE0, "loope", 0xE1,
            "loopz", 0xE1, "loop", 0xE2, "jcxz", 0xE3);
    private static final Set<String> OTHERS = Set.of("mov", "test", "inc", "dec", "push", "pop", "xchg", "lea",
            "jmp", "call", "ret", "retf", "int", "in", "out", "lidt", "lgdt", "movzx", "movsx", "smsw", "lmsw");

    static {
        plain("nop", 0x90); plain("hlt", 0xF4); plain("cli", 0xFA); plain("sti", 0xFB); plain("cld", 0xFC);
        plain("std", 0xFD); plain("clc", 0xF8); plain("stc", 0xF9); plain("cmc", 0xF5); plain("pushf", 0x9C);
        plain("popf", 0x9D); plain("pushfd", 0x66, 0x9C); plain("popfd", 0x66, 0x9D); plain("pusha", 0x60);
        plain("popa", 0x61); plain("pushad", 0x66, 0x60); plain("popad", 0x66, 0x61); plain("cbw", 0x98);
        plain("cwd", 0x99); plain("cwde", 0x66, 0x98); plain("cdq", 0x66, 0x99); plain("sahf", 0x9E);
        plain("lahf", 0x9F); plain("int3", 0xCC); plain("into", 0xCE); plain("iret", 0xCF); plain("leave", 0xC9);
        plain("xlatb", 0xD7); plain("wait", 0x9B); plain("cpuid", 0x0F, 0xA2); plain("rdmsr", 0x0F, 0x32);
        plain("wrmsr", 0x0F, 0x30); plain("rdtsc", 0x0F, 0x31); plain("ud2", 0x0F, 0x0B);
        plain("clts", 0x0F, 0x06);
        X87Forms.plainForms();
        plain("movsb", 0xA4); plain("movsw", 0xA5); plain("movsd", 0x66, 0xA5); plain("cmpsb", 0xA6);
        plain("cmpsw", 0xA7); plain("cmpsd", 0x66, 0xA7); plain("stosb", 0xAA); plain("stosw", 0xAB);
        plain("stosd", 0x66, 0xAB); plain("lodsb", 0xAC); plain("lodsw", 0xAD); plain("lodsd", 0x66, 0xAD);
        plain("scasb", 0xAE); plain("scasw", 0xAF); plain("scasd", 0x66, 0xAF); plain("insb", 0x6C);
        plain("insw", 0x6D); plain("outsb", 0x6E); plain("outsw", 0x6F);
        String[][] cc = {{"o"}, {"no"}, {"b", "c", "nae"}, {"ae", "nb", "nc"}, {"e", "z"}, {"ne", "nz"},
            {"be", "na"}, {"a", "nbe"}, {"s"}, {"ns"}, {"p", "pe"}, {"np", "po"}, {"l", "nge"}, {"ge", "nl"},
            {"le", "ng"}, {"g", "nle"}};
        for (int i = 0; i < cc.length; i++) for (String name : cc[i]) CONDITIONS.put("j" + name, i);
    }

    private static void plain(String name, int... bytes) {
        PLAIN.put(name, bytes);
    }

    static void plainX87(String name, int... bytes) {
        PLAIN.put(name, bytes);
    }

    static boolean knows(String mnemonic) {
        return PLAIN.containsKey(mnemonic) || CONDITIONS.containsKey(mnemonic) || SHORT_ONLY.containsKey(mnemonic)
                || ALU.contains(mnemonic) || SHIFTS.containsKey(mnemonic) || UNARY.containsKey(mnemonic)
                || OTHERS.contains(mnemonic) || X87Forms.knowsMemoryForm(mnemonic);
    }

    /** The mnemonics this assembler knows, for the README and the editor's help. */
    static Set<String> mnemonics() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(PLAIN.keySet());
        all.addAll(CONDITIONS.keySet());
        all.addAll(SHORT_ONLY.keySet());
        all.addAll(ALU);
        all.addAll(SHIFTS.keySet());
        all.addAll(UNARY.keySet());
        all.addAll(OTHERS);
        all.addAll(X87Forms.MEMORY_MNEMONICS);
        return all;
    }

    private final Statement st;
    private final Env env;
    private final long address;
    private final ByteOut out = new ByteOut();
    private final List<Operand> ops;

    private Encoder(Statement st, Env env, long address) {
        this.st = st;
        this.env = env;
        this.address = address;
        this.ops = st.operands();
    }

    static byte[] encode(Statement st, Env env, long address) {
        Encoder e = new Encoder(st, env, address);
        e.instruction();
        return e.out.toArray();
    }

    private void instruction() {
        String m = st.mnemonic();
        for (String p : st.prefixes()) out.u8(p.equals("lock") ? 0xF0 : p.startsWith("repn") ? 0xF2 : 0xF3);
        int[] fixed = PLAIN.get(m);
        if (fixed != null) {
            arity(0);
            for (int b : fixed) out.u8(b);
            return;
        }
        if (X87Forms.knowsMemoryForm(m)) {
            x87Memory(m);
            return;
        }
        Integer cc = CONDITIONS.get(m);
        if (cc != null) {
            jump(0x70 + cc, new int[] {0x0F, 0x80 + cc});
            return;
        }
        Integer shortOnly = SHORT_ONLY.get(m);
        if (shortOnly != null) {
            jump(shortOnly, null);
            return;
        }
        int alu = ALU.indexOf(m);
        if (alu >= 0) {
            alu(alu);
            return;
        }
        Integer shift = SHIFTS.get(m);
        if (shift != null) {
            shift(shift);
            return;
        }
        Integer unary = UNARY.get(m);
        if (unary != null) {
            arity(1);
            int size = sizeOf(ops.get(0), 0);
            prefixes(size, ops.get(0));
            out.u8(size == 8 ? 0xF6 : 0xF7);
            modrm(unary, ops.get(0));
            return;
        }
        switch (m) {
            case "mov" -> mov();
            case "test" -> test();
            case "inc", "dec" -> incDec(m.equals("inc") ? 0 : 1);
            case "push" -> push();
            case "pop" -> pop();
            case "xchg" -> xchg();
            case "lea" -> lea();
            case "jmp" -> jmpOrCall(true);
            case "call" -> jmpOrCall(false);
            case "ret", "retf" -> ret(m.equals("ret") ? 0xC3 : 0xCB);
            case "int" -> {
                arity(1);
                out.u8(0xCD);
                out.u8(imm(ops.get(0), 8, false));
            }
            case "in" -> in();
            case "out" -> out();
            case "lidt", "lgdt" -> {
                arity(1);
                Operand.Mem mem = mem(ops.get(0));
                segment(mem);
                out.u8(0x0F);
                out.u8(0x01);
                modrm(m.equals("lidt") ? 3 : 2, mem);
            }
            case "movzx", "movsx" -> extend(m.equals("movzx") ? 0xB6 : 0xBE);
            case "smsw", "lmsw" -> machineStatusWord(m.equals("smsw"));
            default -> throw new LineError(st.column(), AsmError.WORDS.phrase("unknownInstruction", m));
        }
    }

    // ---- instruction families

    private void alu(int n) {
        arity(2);
        Operand dst = ops.get(0);
        Operand src = ops.get(1);
        if (src instanceof Operand.Imm imm) {
            int size = sizeOf(dst, imm.size());
            prefixes(size, dst);
            long v = value(imm.value());
            checkFits(v, size, imm.column());
            if (size == 8) {
                if (isAccumulator(dst)) {
                    out.u8(n * 8 + 4);
                } else {
                    out.u8(0x80);
                    modrm(n, dst);
                }
                out.u8(v);
            } else if (fitsSigned8(v, size)) {
                out.u8(0x83);
                modrm(n, dst);
                out.u8(v);
            } else {
                if (isAccumulator(dst)) {
                    out.u8(n * 8 + 5);
                } else {
                    out.u8(0x81);
                    modrm(n, dst);
                }
                out.le(v, size / 8);
            }
            return;
        }
        regRm(n * 8, dst, src);
    }

    /** The two-operand reg/rm forms: op+0/1 (rm, reg) or op+2/3 (reg, rm); reg, reg uses rm, reg as NASM does. */
    private void regRm(int base, Operand dst, Operand src) {
        if (src instanceof Operand.Reg r && generalOrFail(r) != null && !(dst instanceof Operand.Imm)) {
            int size = sizeOf(dst, r.reg().bits);
            prefixes(size, dst);
            out.u8(base + (size == 8 ? 0 : 1));
            modrm(r.reg().code, dst);
        } else if (dst instanceof Operand.Reg r && generalOrFail(r) != null && src instanceof Operand.Mem) {
            int size = sizeOf(src, r.reg().bits);
            prefixes(size, src);
            out.u8(base + 2 + (size == 8 ? 0 : 1));
            modrm(r.reg().code, src);
        } else {
            throw invalidOperands();
        }
    }

    private void mov() {
        arity(2);
        Operand dst = ops.get(0);
        Operand src = ops.get(1);
        if (dst instanceof Operand.Reg d && d.reg().isSegment() || src instanceof Operand.Reg s && s.reg().isSegment()) {
            movSegment(dst, src);
            return;
        }
        if (dst instanceof Operand.Reg d && (d.reg().isControl() || d.reg().isDebug())
                || src instanceof Operand.Reg s && (s.reg().isControl() || s.reg().isDebug())) {
            movControl(dst, src);
            return;
        }
        if (src instanceof Operand.Imm imm) {
            int size = sizeOf(dst, imm.size());
            long v = value(imm.value());
            checkFits(v, size, imm.column());
            prefixes(size, dst);
            if (dst instanceof Operand.Reg r) {
                out.u8((size == 8 ? 0xB0 : 0xB8) + r.reg().code);
            } else {
                out.u8(size == 8 ? 0xC6 : 0xC7);
                modrm(0, dst);
            }
            out.le(v, size / 8);
            return;
        }
        // A0-A3: the accumulator to or from a direct address (moffs16)
        if (src instanceof Operand.Mem mem && isAccumulator(dst) && isDirect(mem)) {
            moffs(0xA0, dst, mem);
        } else if (dst instanceof Operand.Mem mem && isAccumulator(src) && isDirect(mem)) {
            moffs(0xA2, src, mem);
        } else {
            regRm(0x88, dst, src);
        }
    }

    private void moffs(int opcode, Operand acc, Operand.Mem mem) {
        int size = sizeOf(mem, ((Operand.Reg) acc).reg().bits);
        prefixes(size, mem);
        out.u8(opcode + (size == 8 ? 0 : 1));
        out.u16(displacement(mem));
    }

    private void movSegment(Operand dst, Operand src) {
        if (dst instanceof Operand.Reg d && d.reg().isSegment()) {
            if (d.reg() == Register.CS) throw new LineError(d.column(), AsmError.WORDS.phrase("movCs"));
            if (src instanceof Operand.Reg s && s.reg().bits != 16 || src instanceof Operand.Imm
                    || src instanceof Operand.Far) {
                throw new LineError(src.column(), AsmError.WORDS.phrase("segmentLoad"));
            }
            checkSize(src, 16);
            segmentOf(src);
            out.u8(0x8E);
            modrm(d.reg().code, src);
        } else {
            Register s = ((Operand.Reg) src).reg();
            if (dst instanceof Operand.Reg r && r.reg().bits != 16 || dst instanceof Operand.Imm
                    || dst instanceof Operand.Far) {
                throw new LineError(dst.column(), AsmError.WORDS.phrase("segmentStore"));
            }
            checkSize(dst, 16);
            segmentOf(dst);
            out.u8(0x8C);
            modrm(s.code, dst);
        }
    }

    /** 0F 20 / 0F 22 (MOV from/to CRn), 0F 21 / 0F 23 (MOV from/to DRn). */
    private void movControl(Operand dst, Operand src) {
        boolean toCr = dst instanceof Operand.Reg d && (d.reg().isControl() || d.reg().isDebug());
        Operand gp = toCr ? src : dst;
        Operand cr = toCr ? dst : src;
        if (!(gp instanceof Operand.Reg g) || g.reg().bits != 32) {
            throw new LineError(gp.column(), AsmError.WORDS.phrase("controlDebug"));
        }
        out.u8(0x0F);
        out.u8((toCr ? 0x22 : 0x20) | (((Operand.Reg) cr).reg().isDebug() ? 1 : 0));
        out.u8(0xC0 | ((Operand.Reg) cr).reg().code << 3 | g.reg().code);
    }

    /** SMSW r/m16 or r32 (0F 01 /4), LMSW r/m16 (0F 01 /6); a memory operand is always a word. */
    private void machineStatusWord(boolean store) {
        arity(1);
        Operand op = ops.get(0);
        int size = sizeOf(op, 16);
        if (size == 8 || op instanceof Operand.Mem && size != 16 || !store && size != 16) throw invalidOperands();
        prefixes(size, op);
        out.u8(0x0F);
        out.u8(0x01);
        modrm(store ? 4 : 6, op);
    }

    private void test() {
        arity(2);
        Operand dst = ops.get(0);
        Operand src = ops.get(1);
        if (src instanceof Operand.Imm imm) {
            int size = sizeOf(dst, imm.size());
            long v = value(imm.value());
            checkFits(v, size, imm.column());
            prefixes(size, dst);
            if (isAccumulator(dst)) {
                out.u8(size == 8 ? 0xA8 : 0xA9);
            } else {
                out.u8(size == 8 ? 0xF6 : 0xF7);
                modrm(0, dst);
            }
            out.le(v, size / 8);
        } else if (dst instanceof Operand.Reg && src instanceof Operand.Mem) {
            regRm(0x84, src, dst);
        } else {
            regRm(0x84, dst, src);
        }
    }

    private void incDec(int n) {
        arity(1);
        Operand op = ops.get(0);
        int size = sizeOf(op, 0);
        prefixes(size, op);
        if (op instanceof Operand.Reg r && size != 8) {
            out.u8(0x40 + n * 8 + r.reg().code);
        } else {
            out.u8(size == 8 ? 0xFE : 0xFF);
            modrm(n, op);
        }
    }

    private void push() {
        arity(1);
        Operand op = ops.get(0);
        if (op instanceof Operand.Reg r && r.reg().isSegment()) {
            switch (r.reg()) {
                case FS -> { out.u8(0x0F); out.u8(0xA0); }
                case GS -> { out.u8(0x0F); out.u8(0xA8); }
                default -> out.u8(0x06 + r.reg().code * 8);
            }
            return;
        }
        if (op instanceof Operand.Imm imm) {
            int size = imm.size() == 0 ? 16 : imm.size();
            if (size == 8) throw new LineError(imm.column(), AsmError.WORDS.phrase("pushByte"));
            long v = value(imm.value());
            checkFits(v, size, imm.column());
            if (size == 32) out.u8(0x66);
            if (fitsSigned8(v, size)) {
                out.u8(0x6A);
                out.u8(v);
            } else {
                out.u8(0x68);
                out.le(v, size / 8);
            }
            return;
        }
        pushPop(op, 0x50, 0xFF, 6);
    }

    private void pop() {
        arity(1);
        Operand op = ops.get(0);
        if (op instanceof Operand.Reg r && r.reg().isSegment()) {
            switch (r.reg()) {
                case CS -> throw new LineError(r.column(), AsmError.WORDS.phrase("popCs"));
                case FS -> { out.u8(0x0F); out.u8(0xA1); }
                case GS -> { out.u8(0x0F); out.u8(0xA9); }
                default -> out.u8(0x07 + r.reg().code * 8);
            }
            return;
        }
        pushPop(op, 0x58, 0x8F, 0);
    }

    private void pushPop(Operand op, int regBase, int memOpcode, int ext) {
        int size = sizeOf(op, 0);
        if (size == 8) throw new LineError(op.column(), AsmError.WORDS.phrase("stackBytes"));
        prefixes(size, op);
        if (op instanceof Operand.Reg r) {
            out.u8(regBase + r.reg().code);
        } else {
            out.u8(memOpcode);
            modrm(ext, op);
        }
    }

    private void xchg() {
        arity(2);
        Operand a = ops.get(0);
        Operand b = ops.get(1);
        if (a instanceof Operand.Reg ra && b instanceof Operand.Reg rb && ra.reg().bits >= 16
                && ra.reg().bits == rb.reg().bits && (ra.reg().code == 0 || rb.reg().code == 0)) {
            prefixes(ra.reg().bits, a);
            out.u8(0x90 + (ra.reg().code == 0 ? rb.reg().code : ra.reg().code));
            return;
        }
        // NASM encodes xchg reg, r/m: the first register in ModR/M.reg, as 87 /r reads
        if (a instanceof Operand.Reg && (b instanceof Operand.Mem || b instanceof Operand.Reg)) regRm(0x86, b, a);
        else regRm(0x86, a, b);
    }

    private void lea() {
        arity(2);
        if (!(ops.get(0) instanceof Operand.Reg r) || r.reg().bits < 16) {
            throw new LineError(ops.get(0).column(), AsmError.WORDS.phrase("leaRegister"));
        }
        Operand.Mem mem = mem(ops.get(1));
        prefixes(r.reg().bits, null);
        out.u8(0x8D);
        modrm(r.reg().code, mem);
    }

    private void extend(int opcode) {
        arity(2);
        if (!(ops.get(0) instanceof Operand.Reg r) || r.reg().bits < 16) {
            throw new LineError(ops.get(0).column(), AsmError.WORDS.phrase("wideDestination", st.mnemonic()));
        }
        Operand src = ops.get(1);
        int srcSize = sizeOf(src, 0);
        if (srcSize >= r.reg().bits) throw invalidOperands();
        prefixes(r.reg().bits, src);
        out.u8(0x0F);
        out.u8(opcode + (srcSize == 8 ? 0 : 1));
        modrm(r.reg().code, src);
    }

    private void shift(int n) {
        arity(2);
        Operand dst = ops.get(0);
        Operand count = ops.get(1);
        int size = sizeOf(dst, 0);
        prefixes(size, dst);
        int w = size == 8 ? 0 : 1;
        if (count instanceof Operand.Reg r && r.reg() == Register.CL) {
            out.u8(0xD2 + w);
            modrm(n, dst);
        } else if (count instanceof Operand.Imm imm) {
            long v = value(imm.value());
            checkFits(v, 8, imm.column());
            if (v == 1 && !unknown(imm.value())) {
                out.u8(0xD0 + w);
                modrm(n, dst);
            } else {
                out.u8(0xC0 + w);
                modrm(n, dst);
                out.u8(v);
            }
        } else {
            throw new LineError(count.column(), AsmError.WORDS.phrase("shiftCount"));
        }
    }

    private void in() {
        arity(2);
        Operand acc = ops.get(0);
        if (!isAccumulator(acc)) throw new LineError(acc.column(), AsmError.WORDS.phrase("inAccumulator"));
        int size = ((Operand.Reg) acc).reg().bits;
        port(size, ops.get(1), 0xE4, 0xEC);
    }

    private void out() {
        arity(2);
        Operand acc = ops.get(1);
        if (!isAccumulator(acc)) throw new LineError(acc.column(), AsmError.WORDS.phrase("outAccumulator"));
        int size = ((Operand.Reg) acc).reg().bits;
        port(size, ops.get(0), 0xE6, 0xEE);
    }

    private void port(int size, Operand port, int immOpcode, int dxOpcode) {
        if (size == 32) out.u8(0x66);
        int w = size == 8 ? 0 : 1;
        if (port instanceof Operand.Reg r && r.reg() == Register.DX) {
            out.u8(dxOpcode + w);
        } else if (port instanceof Operand.Imm imm) {
            long v = value(imm.value());
            if (v < 0 || v > 0xFF) throw new LineError(imm.column(), AsmError.WORDS.phrase("portRange"));
            out.u8(immOpcode + w);
            out.u8(v);
        } else {
            throw new LineError(port.column(), AsmError.WORDS.phrase("port"));
        }
    }

    private void ret(int opcode) {
        if (ops.isEmpty()) {
            out.u8(opcode);
            return;
        }
        arity(1);
        out.u8(opcode - 1);
        out.u16(imm(ops.get(0), 16, false));
    }

    private void jmpOrCall(boolean jmp) {
        arity(1);
        Operand target = ops.get(0);
        if (target instanceof Operand.Far far) {
            out.u8(jmp ? 0xEA : 0x9A);
            long off = value(far.offset());
            long seg = value(far.segment());
            checkFits(off, 16, far.column());
            checkFits(seg, 16, far.column());
            out.u16(off);
            out.u16(seg);
        } else if (target instanceof Operand.Imm) {
            if (jmp) jump(0xEB, new int[] {0xE9});
            else near(new int[] {0xE8}, (Operand.Imm) target);
        } else {
            int size = sizeOf(target, 16);
            if (size == 8) throw invalidOperands();
            prefixes(size, target);
            out.u8(0xFF);
            modrm(jmp ? 4 : 2, target);
        }
    }

    /** A relative jump: the 2-byte short form when the target is in reach (or not known yet), else near. */
    private void jump(int shortOpcode, int[] nearOpcodes) {
        arity(1);
        if (!(ops.get(0) instanceof Operand.Imm target)) {
            throw new LineError(ops.get(0).column(), AsmError.WORDS.phrase("jumpTarget"));
        }
        long next = address + out.size() + 2;
        long dest = value(target.value());
        boolean unknown = unknown(target.value());
        long rel = dest - next;
        boolean fits = rel >= -128 && rel <= 127;
        if (nearOpcodes == null || "short".equals(target.distance()) || (!"near".equals(target.distance())
                && (fits || unknown))) {
            if (!fits && !unknown) throw new LineError(target.column(), AsmError.WORDS.phrase("shortRange"));
            out.u8(shortOpcode);
            out.u8(rel);
            return;
        }
        near(nearOpcodes, target);
    }

    private void near(int[] opcodes, Operand.Imm target) {
        for (int b : opcodes) out.u8(b);
        long next = address + out.size() + 2;
        out.u16(value(target.value()) - next);
    }

    /** x87 instructions with a memory operand (and FNSTSW/FSTSW AX); WAIT forms get their 9B first, as NASM emits it. */
    private void x87Memory(String m) {
        arity(1);
        Operand op = ops.get(0);
        boolean wait = X87Forms.WAIT_FORMS.contains(m);
        if (op instanceof Operand.Reg r && r.reg() == Register.AX && m.endsWith("stsw")) {
            if (wait) out.u8(0x9B);
            out.u8(0xDF);
            out.u8(0xE0);
            return;
        }
        Operand.Mem mem = mem(op);
        int[] enc = X87Forms.memoryForm(m, mem.size());
        if (enc == null) {
            if (mem.size() == 0) throw new LineError(op.column(), AsmError.WORDS.phrase("sizeNotSpecified"));
            throw invalidOperands();
        }
        if (wait) out.u8(0x9B);
        segment(mem);
        out.u8(enc[0]);
        modrm(enc[1], mem);
    }

    // ---- operands

    private void modrm(int reg, Operand op) {
        if (op instanceof Operand.Reg r) {
            if (!r.reg().isGeneral()) throw invalidOperands();
            out.u8(0xC0 | reg << 3 | r.reg().code);
            return;
        }
        Operand.Mem mem = mem(op);
        long disp = displacement(mem);
        if (mem.base() == null && mem.index() == null) {
            out.u8(reg << 3 | 6);
            out.u16(disp);
            return;
        }
        int rm = rm(mem.base(), mem.index());
        boolean bpOnly = rm == 6;
        long signed = (short) disp;
        boolean provisional = mem.disp() != null && unknown(mem.disp());
        if (!bpOnly && (mem.disp() == null || disp == 0 && !provisional)) { // [bp] has no mod 00 form
            out.u8(reg << 3 | rm);
        } else if (signed >= -128 && signed <= 127) {
            out.u8(0x40 | reg << 3 | rm);
            out.u8(disp);
        } else {
            out.u8(0x80 | reg << 3 | rm);
            out.u16(disp);
        }
    }

    private static int rm(Register base, Register index) {
        if (base == Register.BX) return index == null ? 7 : index == Register.SI ? 0 : 1;
        if (base == Register.BP) return index == null ? 6 : index == Register.SI ? 2 : 3;
        return index == Register.SI ? 4 : 5;
    }

    private long displacement(Operand.Mem mem) {
        if (mem.disp() == null) return 0;
        long v = value(mem.disp());
        if (v < -0x8000 || v > 0xFFFF) throw new LineError(mem.column(), AsmError.WORDS.phrase("addressRange"));
        return v & 0xFFFF;
    }

    private static boolean isDirect(Operand.Mem mem) {
        return mem.base() == null && mem.index() == null;
    }

    private void prefixes(int size, Operand op) {
        if (op != null) segmentOf(op);
        if (size == 32) out.u8(0x66);
    }

    private void segmentOf(Operand op) {
        if (op instanceof Operand.Mem mem) segment(mem);
    }

    private void segment(Operand.Mem mem) {
        if (mem.segment() == null) return;
        out.u8(switch (mem.segment()) {
            case ES -> 0x26;
            case CS -> 0x2E;
            case SS -> 0x36;
            case DS -> 0x3E;
            case FS -> 0x64;
            default -> 0x65;
        });
    }

    /** Operand size in bits from the operand itself, else from {@code other} (the other operand's size). */
    private int sizeOf(Operand op, int other) {
        int own;
        if (op instanceof Operand.Reg r) {
            if (!r.reg().isGeneral()) throw invalidOperands();
            own = r.reg().bits;
        } else if (op instanceof Operand.Mem m) {
            own = m.size();
        } else {
            throw new LineError(op.column(), AsmError.WORDS.phrase("registerOrMemory"));
        }
        if (own != 0 && other != 0 && own != other) {
            throw new LineError(op.column(), AsmError.WORDS.phrase("sizesDiffer"));
        }
        int size = own != 0 ? own : other;
        if (size > 32) throw invalidOperands(); // qword and tword are for the x87 memory forms only
        if (size == 0) throw new LineError(op.column(), AsmError.WORDS.phrase("sizeNotSpecified"));
        return size;
    }

    private void checkSize(Operand op, int bits) {
        if (op instanceof Operand.Mem m && m.size() != 0 && m.size() != bits) {
            throw new LineError(op.column(), AsmError.WORDS.phrase("sizesDiffer"));
        }
    }

    private Operand.Mem mem(Operand op) {
        if (op instanceof Operand.Mem m) return m;
        throw new LineError(op.column(), AsmError.WORDS.phrase("memoryNeeded"));
    }

    private static Register generalOrFail(Operand.Reg r) {
        return r.reg().isGeneral() ? r.reg() : null;
    }

    private static boolean isAccumulator(Operand op) {
        return op instanceof Operand.Reg r && r.reg().isGeneral() && r.reg().code == 0 && r.reg() != Register.AH;
    }

    private long imm(Operand op, int bits, boolean signedOnly) {
        if (!(op instanceof Operand.Imm imm)) throw new LineError(op.column(), AsmError.WORDS.phrase("numberNeeded"));
        long v = value(imm.value());
        checkFits(v, bits, imm.column());
        return v;
    }

    private long value(Expr e) {
        return e.eval(env);
    }

    private boolean unknown(Expr e) {
        Expr.Provisional probe = new Expr.Provisional(env);
        e.eval(probe);
        return probe.sawUnknown;
    }

    private static boolean fitsSigned8(long v, int size) {
        long truncated = size == 16 ? (short) v : (int) v;
        return truncated >= -128 && truncated <= 127;
    }

    static void checkFits(long v, int bits, int column) {
        long min = -(1L << (bits - 1));
        long max = (1L << bits) - 1;
        if (v < min || v > max) throw new LineError(column, AsmError.WORDS.phrase("doesNotFit", v, bits));
    }

    private void arity(int n) {
        if (ops.size() != n) {
            throw new LineError(st.column(), n == 1 ? AsmError.WORDS.phrase("operandCount.one", st.mnemonic())
                    : AsmError.WORDS.phrase("operandCount", st.mnemonic(), n));
        }
    }

    private LineError invalidOperands() {
        return new LineError(st.column(), AsmError.WORDS.phrase("invalidOperands", st.mnemonic()));
    }
}
