package org.kvmworkbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.cpu.Disassembler.Instruction;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/**
 * One test per instruction family, each with real byte sequences decoded at ip 0x1000. The expected strings were
 * generated once with {@code ndisasm -b 16 -o 0x1000} and pasted, adjusted only for the stylistic differences
 * documented on {@link Disassembler} (", " separators, no "byte +" on sign-extended immediates, ...).
 *
 * <p>If ndisasm happens to be installed, every {@link #check} additionally compares the length and the
 * style-normalised text with ndisasm's; {@link #style} cases are documented differences and only the length is
 * compared. Without ndisasm, only the plain expected strings are asserted.
 */
class DisassemblerTest {
    private static final int IP = 0x1000;
    private static final String NDISASM = findNdisasm();

    // -------------------------------------------------------------------------------------------------
    // Helpers

    /** Decodes {@code hex} (the whole string is one instruction) at {@link #IP} and checks text and length. */
    private static void check(String hex, String expected) {
        byte[] b = bytes(hex);
        assertEquals(new Instruction(b.length, expected), Disassembler.decode(b, 0, b.length, IP), hex);
        crossCheck(b, expected, true);
    }

    /** Like {@link #check}, for a documented stylistic difference from ndisasm: only the length is cross-checked. */
    private static void style(String hex, String expected) {
        byte[] b = bytes(hex);
        assertEquals(new Instruction(b.length, expected), Disassembler.decode(b, 0, b.length, IP), hex);
        crossCheck(b, expected, false);
    }

    /** Like {@link #check}, for an encoding ndisasm does not decode (it prints db): no cross-check. */
    private static void beyond(String hex, String expected) {
        byte[] b = bytes(hex);
        assertEquals(new Instruction(b.length, expected), Disassembler.decode(b, 0, b.length, IP), hex);
    }

    /** Decodes the first instruction of {@code hex} (which may hold more bytes) and checks text and length. */
    private static void first(String hex, int length, String expected) {
        byte[] b = bytes(hex);
        assertEquals(new Instruction(length, expected), Disassembler.decode(b, 0, b.length, IP), hex);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static String findNdisasm() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "ndisasm");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    private static final Pattern LINE = Pattern.compile("^([0-9A-F]{8})\\s+([0-9A-F]+)\\s+(.*)$");

    /** Optional ground truth: compare with ndisasm's first instruction when the tool exists. */
    private static void crossCheck(byte[] b, String expected, boolean compareText) {
        if (NDISASM == null) return;
        try {
            Path f = Files.createTempFile("disasm", ".bin");
            try {
                Files.write(f, b);
                Process p = new ProcessBuilder(NDISASM, "-b", "16", "-o", "0x1000", f.toString()).redirectErrorStream(true).start();
                List<String> lines = new String(p.getInputStream().readAllBytes()).lines().filter(l -> LINE.matcher(l).matches()).toList();
                p.waitFor(10, TimeUnit.SECONDS);
                Matcher m = LINE.matcher(lines.get(0));
                assertTrue(m.matches());
                int length = lines.size() > 1 ? Integer.parseInt(lines.get(1).substring(0, 8), 16) - IP : b.length;
                String where = HexFormat.of().formatHex(b) + " vs ndisasm \"" + m.group(3) + "\"";
                assertEquals(length, b.length, "length, " + where);
                if (compareText) assertEquals(normalize(m.group(3)), normalize(expected), where);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Erases the documented stylistic differences: separators, size/distance keywords, "+" on immediates. */
    private static String normalize(String s) {
        return s.trim().replace(", ", ",").replaceAll("\\b(byte|word|dword|qword|near|short) ", "").replaceAll("(?<=[ ,])\\+", "");
    }

    // -------------------------------------------------------------------------------------------------
    // Families

    @Test void aluForms00To3F() {
        check("0000", "add [bx+si], al");               // add Eb,Gb
        check("01d8", "add ax, bx");                    // add Ev,Gv, register form
        check("6601c3", "add ebx, eax");                // 66: 32-bit operands
        check("0a4702", "or al, [bx+0x2]");             // or Gb,Eb with disp8
        check("138600fe", "adc ax, [bp-0x200]");        // adc Gv,Ev with negative disp16
        check("1c01", "sbb al, 0x1");                   // sbb AL,Ib
        check("253412", "and ax, 0x1234");              // and eAX,Iv
        check("662578563412", "and eax, 0x12345678");   // and eAX,Id
        check("2b36 1000", "sub si, [0x10]");           // sub Gv,Ev with [disp16]
        check("31c0", "xor ax, ax");                    // xor Ev,Gv
        check("3c0a", "cmp al, 0xa");                   // cmp AL,Ib
        check("f00107", "lock add [bx], ax");           // LOCK prefix
    }

    @Test void aluGroups80To83() {
        check("8007ff", "add byte [bx], 0xff");          // 80 /0 Eb,Ib
        check("80fc41", "cmp ah, 0x41");                 // 80 /7 register form
        check("81073412", "add word [bx], 0x1234");      // 81 /0 Ev,Iv
        check("6681e1ffff0000", "and ecx, 0xffff");      // 66 81 /4 Ed,Id
        style("830705", "add word [bx], 0x5");           // 83 /0 Ev,Ib sign-extended (ndisasm: "byte +0x5")
        style("83c0ff", "add ax, -0x1");                 // 83 /0 negative imm8
        style("836e04 01", "sub word [bp+0x4], 0x1");    // 83 /5 with disp8
        beyond("82f810", "cmp al, 0x10");                // 82: alias of 80 (ndisasm: db)
    }

    @Test void mov() {
        check("8a00", "mov al, [bx+si]");                // 8A Gb,Eb
        check("268a00", "mov al, [es:bx+si]");           // ES override inside the brackets
        check("89 06 10c0", "mov [0xc010], ax");         // 89 Ev,Gv to [disp16]
        check("8b47fe", "mov ax, [bx-0x2]");             // 8B Gv,Ev disp8
        check("8b87feff", "mov ax, [bx-0x2]");           // same with disp16 0xfffe
        check("368b4602", "mov ax, [ss:bp+0x2]");        // SS override
        check("648b07", "mov ax, [fs:bx]");              // FS override
        check("658b07", "mov ax, [gs:bx]");              // GS override
        check("8cc0", "mov ax, es");                     // 8C Ev,Sreg
        check("8c07", "mov [bx], es");                   // 8C to memory
        check("8ed8", "mov ds, ax");                     // 8E Sreg,Ev
        check("8e07", "mov es, [bx]");                   // 8E from memory
        check("a03412", "mov al, [0x1234]");             // A0 moffs8
        check("26a03412", "mov al, [es:0x1234]");        // A0 with override
        check("a33412", "mov [0x1234], ax");             // A3 moffs16
        check("b012", "mov al, 0x12");                   // B0+r Ib
        check("b83412", "mov ax, 0x1234");               // B8+r Iv
        check("66b878563412", "mov eax, 0x12345678");    // 66 B8+r Id
        check("c60705", "mov byte [bx], 0x5");           // C6 /0 Eb,Ib
        check("c706 10c0 3412", "mov word [0xc010], 0x1234"); // C7 /0 Ev,Iv
        check("66c70778563412", "mov dword [bx], 0x12345678"); // 66 C7 /0
    }

    @Test void incDec() {
        check("40", "inc ax");                           // 40+r
        check("4f", "dec di");                           // 48+r
        check("6641", "inc ecx");                        // 66 40+r
        check("fe07", "inc byte [bx]");                  // FE /0
        check("fec9", "dec cl");                         // FE /1 register
        check("ff07", "inc word [bx]");                  // FF /0
        check("ff4e02", "dec word [bp+0x2]");            // FF /1
    }

    @Test void group3F6F7() {
        check("f60705", "test byte [bx], 0x5");          // F6 /0 Eb,Ib
        check("f7c33412", "test bx, 0x1234");            // F7 /0 Ev,Iv
        check("f617", "not byte [bx]");                  // F6 /2
        check("f7d8", "neg ax");                         // F7 /3
        check("f7e3", "mul bx");                         // F7 /4
        check("f6eb", "imul bl");                        // F6 /5
        check("f7f3", "div bx");                         // F7 /6
        check("f7ff", "idiv di");                        // F7 /7
        check("66f7f1", "div ecx");                      // 66 F7 /6
        beyond("f6cb05", "test bl, 0x5");                // F6 /1: undocumented TEST alias, as the simulator (ndisasm: db)
    }

    @Test void shiftsAndRotates() {
        check("d0e0", "shl al, 1");                      // D0 /4
        check("d107", "rol word [bx], 1");               // D1 /0 memory
        check("d2e8", "shr al, cl");                     // D2 /5
        check("d3f8", "sar ax, cl");                     // D3 /7
        check("d307", "rol word [bx], cl");              // D3 /0 memory
        check("c0c805", "ror al, 0x5");                  // C0 /1 Ib
        style("c00705", "rol byte [bx], 0x5");           // C0 /0 memory (ndisasm: "byte 0x5")
        check("c1e004", "shl ax, 0x4");                  // C1 /4 Ib
        check("66c1e810", "shr eax, 0x10");              // 66 C1 /5
        check("d1d1", "rcl cx, 1");                      // D1 /2
        check("d1db", "rcr bx, 1");                      // D1 /3
        beyond("d0f0", "sal al, 1");                     // D0 /6: SAL alias (ndisasm: db)
    }

    @Test void pushPop() {
        check("50", "push ax");                          // 50+r
        check("5f", "pop di");                           // 58+r
        check("6653", "push ebx");                       // 66 50+r
        check("06", "push es");                          // push sreg
        check("0e", "push cs");
        check("16", "push ss");
        check("1f", "pop ds");                           // pop sreg
        check("07", "pop es");
        check("17", "pop ss");
        check("0fa0", "push fs");                        // 0F A0
        check("0fa9", "pop gs");                         // 0F A9
        check("683412", "push word 0x1234");             // 68 Iv
        check("66687856 3412", "push dword 0x12345678"); // 66 68 Id
        style("6a05", "push word 0x5");                  // 6A Ib sign-extended (ndisasm: "byte +0x5")
        style("6aff", "push word -0x1");                 // 6A negative
        check("ff37", "push word [bx]");                 // FF /6
        check("8f07", "pop word [bx]");                  // 8F /0
        check("9c", "pushf");
        check("9d", "popf");
        check("669c", "pushfd");
        check("60", "pusha");
        check("61", "popa");
        check("6660", "pushad");
    }

    @Test void callAndReturn() {
        check("e80000", "call 0x1003");                  // E8 rel16
        check("e800f0", "call 0x3");                     // backwards: 0x1003 - 0x1000
        check("66e800000000", "call dword 0x1006");      // 66 E8 rel32
        check("9a78563412", "call 0x1234:0x5678");       // 9A ptr16:16
        check("669a785634123412", "call dword 0x1234:0x12345678"); // 66 9A ptr16:32
        check("ffd3", "call bx");                        // FF /2 register
        check("ff17", "call [bx]");                      // FF /2 memory
        check("66ff17", "call dword [bx]");              // 66 FF /2
        check("ff1f", "call far [bx]");                  // FF /3
        check("c3", "ret");                              // C3
        check("c20400", "ret 0x4");                      // C2 Iw
        check("cb", "retf");                             // CB
        check("ca0400", "retf 0x4");                     // CA Iw
        style("66c3", "o32 ret");                        // 66 C3 (ndisasm: "retd")
    }

    @Test void jumps() {
        check("eb00", "jmp short 0x1002");               // EB rel8
        check("ebfe", "jmp short 0x1000");               // jmp $
        check("e90000", "jmp 0x1003");                   // E9 rel16
        check("e9fd7f", "jmp 0x9000");                   // E9 forward
        check("ea78563412", "jmp 0x1234:0x5678");        // EA ptr16:16
        check("66ea785634123412", "jmp dword 0x1234:0x12345678"); // 66 EA ptr16:32
        check("ffe0", "jmp ax");                         // FF /4 register
        check("66ff27", "jmp dword [bx]");               // 66 FF /4 memory
        check("ff2f", "jmp far [bx]");                   // FF /5
        check("7502", "jnz 0x1004");                     // 75 rel8
        check("74fe", "jz 0x1000");                      // 74 backwards
        check("7fe0", "jg 0xfe2");                       // 7F negative rel8
        check("70fe", "jo 0x1000");
        check("72fe", "jc 0x1000");
        check("73fe", "jnc 0x1000");
        check("76fe", "jna 0x1000");
        check("7afe", "jpe 0x1000");
        check("7cfe", "jl 0x1000");
        check("0f840000", "jz near 0x1004");             // 0F 84 rel16
        check("0f8ffcef", "jg near 0x0");                // 0F 8F backwards to 0
        check("660f8400000000", "jz dword 0x1007");      // 66 0F 84 rel32
        check("66eb00", "o32 jmp short 0x1003");         // 66 on a short jump shows as o32
        first("ebfe", 2, "jmp short 0x1000");
        assertEquals("jmp short 0xf000", Disassembler.decode(bytes("ebfe"), 0, 2, 0xF000).text()); // ip is used
        assertEquals("jmp short 0x1", Disassembler.decode(bytes("eb00"), 0, 2, 0xFFFF).text());   // wraps at 64K
    }

    @Test void loops() {
        check("e2fe", "loop 0x1000");                    // E2
        check("e1fe", "loope 0x1000");                   // E1
        check("e0fe", "loopne 0x1000");                  // E0
        check("e3fe", "jcxz 0x1000");                    // E3
        check("67e2fe", "loop 0x1001, ecx");             // 67 E2: counts in ECX
        check("67e3fe", "jecxz 0x1001");                 // 67 E3
    }

    @Test void leaXchgConversionsAndMisc() {
        check("8d4004", "lea ax, [bx+si+0x4]");          // 8D
        check("8d36 0001", "lea si, [0x100]");           // 8D with [disp16]
        check("91", "xchg ax, cx");                      // 90+r
        check("6693", "xchg eax, ebx");                  // 66 90+r
        check("87c3", "xchg ax, bx");                    // 87 /r, written Gv,Ev like ndisasm
        check("86c3", "xchg al, bl");                    // 86 /r
        check("8607", "xchg al, [bx]");                  // 86 memory
        check("98", "cbw");
        check("99", "cwd");
        check("6698", "cwde");
        check("6699", "cdq");
        check("9e", "sahf");
        check("9f", "lahf");
        check("d7", "xlatb");
        check("26d7", "es xlatb");                       // override on an implicit operand: shown as a prefix
        check("c41f", "les bx, [bx]");                   // C4
        check("c5363412", "lds si, [0x1234]");           // C5
        check("c8100000", "enter 0x10, 0x0");            // C8 Iw,Ib
        check("c9", "leave");
        check("8407", "test [bx], al");                  // 84
        check("85c3", "test bx, ax");                    // 85
        check("a805", "test al, 0x5");                   // A8
        check("a93412", "test ax, 0x1234");              // A9
        check("27", "daa");
        check("d40a", "aam");
        check("d510", "aad 0x10");
    }

    @Test void flagsControlAndInterrupts() {
        check("fa", "cli");
        check("fb", "sti");
        check("fc", "cld");
        check("fd", "std");
        check("f8", "clc");
        check("f9", "stc");
        check("f5", "cmc");
        check("90", "nop");
        check("f390", "pause");                          // F3 90
        style("6690", "o32 nop");                        // (ndisasm: "xchg eax,eax")
        check("f4", "hlt");
        check("9b", "wait");
        check("cd10", "int 0x10");                       // CD Ib
        check("cc", "int3");
        check("ce", "into");
        check("cf", "iret");
        check("66cf", "iretd");
        check("2690", "es nop");                         // unused segment override
    }

    @Test void portIo() {
        check("e460", "in al, 0x60");                    // E4
        check("e560", "in ax, 0x60");                    // E5
        check("e680", "out 0x80, al");                   // E6
        check("e780", "out 0x80, ax");                   // E7
        check("66e770", "out 0x70, eax");                // 66 E7
        check("ec", "in al, dx");                        // EC
        check("ed", "in ax, dx");                        // ED
        check("66ed", "in eax, dx");                     // 66 ED
        check("ee", "out dx, al");                       // EE
        check("ef", "out dx, ax");                       // EF
        check("66ef", "out dx, eax");                    // 66 EF
    }

    @Test void stringInstructions() {
        check("a4", "movsb");
        check("a5", "movsw");
        check("66a5", "movsd");
        check("f3a4", "rep movsb");
        check("f3a6", "repe cmpsb");                     // F3 before CMPS reads REPE
        check("f3a7", "repe cmpsw");
        check("f2ae", "repne scasb");
        check("f2af", "repne scasw");
        check("aa", "stosb");
        check("f3ab", "rep stosw");
        check("ac", "lodsb");
        check("6626ad", "es lodsd");                     // override applies to the source: shown as prefix
        check("26a4", "es movsb");
        check("f326a4", "es rep movsb");
        check("67f3a4", "rep a32 movsb");                // 67: ESI/EDI/ECX
        check("6c", "insb");
        check("6d", "insw");
        check("666d", "insd");
        check("6e", "outsb");
        check("f36e", "rep outsb");
        check("f36d", "rep insw");
        check("66f36f", "rep outsd");
    }

    @Test void twoByteSystem() {
        check("0f01163412", "lgdt [0x1234]");            // 0F 01 /2
        check("0f011e3412", "lidt [0x1234]");            // 0F 01 /3
        check("0f01063412", "sgdt [0x1234]");            // 0F 01 /0
        check("0f010e3412", "sidt [0x1234]");            // 0F 01 /1
        check("2e0f0117", "lgdt [cs:bx]");               // with override
        check("660f01163412", "o32 lgdt [0x1234]");      // 66: 32-bit base
        check("0f01c1", "vmcall");                       // 0F 01 C1
        check("0f01d9", "vmmcall");                      // 0F 01 D9
        check("0f0b", "ud2");
        check("0f30", "wrmsr");
        check("0f31", "rdtsc");
        check("0f32", "rdmsr");
        check("0fa2", "cpuid");
        check("0f20c0", "mov eax, cr0");                 // 0F 20 (extra: not simulated)
        check("0f22d8", "mov cr3, eax");                 // 0F 22
        check("0f21f8", "mov eax, dr7");                 // 0F 21
        check("0f23c3", "mov dr0, ebx");                 // 0F 23
        check("0f06", "clts");
        check("0f01e0", "smsw ax");                      // 0F 01 /4
        check("0f01263412", "smsw [0x1234]");
        check("0f01f0", "lmsw ax");                      // 0F 01 /6
        check("0f013f", "invlpg [bx]");                  // 0F 01 /7
    }

    @Test void issue16Instructions() {
        check("27", "daa");
        check("d40a", "aam");
        check("d50a", "aad");
        beyond("d6", "salc");
        check("6207", "bound ax, [bx]");
        check("0fa3c3", "bt bx, ax");
        check("0fab07", "bts [bx], ax");
        check("0fb307", "btr [bx], ax");
        check("660fbb07", "btc [bx], eax");
        style("0fba2703", "bt word [bx], 0x3");
        check("0fbcc3", "bsf ax, bx");
        check("660fbdc3", "bsr eax, ebx");
        check("0fa4d804", "shld ax, bx, 0x4");
        check("0fadd8", "shrd ax, bx, cl");
        check("0fb2260030", "lss sp, [0x3000]");
        check("0fb407", "lfs ax, [bx]");
        check("660fb507", "lgs eax, [bx]");
        check("0fb107", "cmpxchg [bx], ax");
        check("0fc0cb", "xadd bl, cl");
        check("660fc8", "bswap eax");
        check("dbe2", "fnclex");
        check("dfe0", "fnstsw ax");
        check("d93e0030", "fnstcw [0x3000]");
        check("d92e0030", "fldcw [0x3000]");
        check("dd3e0030", "fnstsw [0x3000]");
        check("0f44c3", "cmovz ax, bx");
        check("660f4f07", "cmovg eax, [bx]");
        style("0f1f4400", "nop word [si+0x0]");
    }

    @Test void twoByteOther() {
        check("0f94c0", "setz al");                      // 0F 94
        check("0f9407", "setz [bx]");                    // 0F 94 memory
        check("0f9fc1", "setg cl");                      // 0F 9F
        check("0fafc3", "imul ax, bx");                  // 0F AF
        check("660faf07", "imul eax, [bx]");             // 66 0F AF
        check("69c33412", "imul ax, bx, 0x1234");        // 69 Gv,Ev,Iv (ndisasm adds "word")
        style("6bc305", "imul ax, bx, 0x5");             // 6B Gv,Ev,Ib
        check("0fb6c3", "movzx ax, bl");                 // 0F B6 register
        style("0fb607", "movzx ax, byte [bx]");          // 0F B6 memory (ndisasm omits "byte")
        check("660fb707", "movzx eax, word [bx]");       // 66 0F B7
        check("660fbec3", "movsx eax, bl");              // 66 0F BE
        style("0fbe4702", "movsx ax, byte [bx+0x2]");    // 0F BE memory
        check("660fbf07", "movsx eax, word [bx]");       // 66 0F BF
    }

    @Test void addressing32WithSib() {
        check("678b00", "mov ax, [eax]");                // 67, no SIB
        check("678b4500", "mov ax, [ebp+0x0]");          // [ebp] needs disp8 0
        style("678b448810", "mov ax, [eax+ecx*4+0x10]"); // SIB + disp8 (ndisasm: "[dword ...]")
        style("678b0c8d10000000", "mov cx, [ecx*4+0x10]"); // SIB without base: disp32
        style("678b0578563412", "mov ax, [0x12345678]"); // [disp32]
        style("678b0424", "mov ax, [esp]");              // SIB base ESP, no index
        style("678b8424fcffffff", "mov ax, [esp-0x4]");  // negative disp32
        style("678b1ccc", "mov bx, [esp+ecx*8]");        // scale 8
        style("678b0418", "mov ax, [eax+ebx]");          // scale 1
        check("678b8078563412", "mov ax, [eax+0x12345678]"); // mod 10 disp32
        style("67268a0424", "mov al, [es:esp]");         // override + SIB
        style("678d04c500000000", "lea ax, [eax*8+0x0]"); // index-only
        style("67a178563412", "mov ax, [0x12345678]");   // 67 A1 moffs32
    }

    @Test void x87Instructions() { // ndisasm's names (pasted from its output for each encoding)
        check("d807", "fadd dword [bx]");
        check("d80f", "fmul dword [bx]");
        check("d817", "fcom dword [bx]");
        check("d81f", "fcomp dword [bx]");
        check("d827", "fsub dword [bx]");
        check("d82f", "fsubr dword [bx]");
        check("d837", "fdiv dword [bx]");
        check("d83f", "fdivr dword [bx]");
        check("d8c1", "fadd st1");
        check("d8d9", "fcomp st1");
        check("d8e2", "fsub st2");
        check("d8eb", "fsubr st3");
        check("d8f3", "fdiv st3");
        check("d8fc", "fdivr st4");
        check("d907", "fld dword [bx]");
        check("d917", "fst dword [bx]");
        check("d91f", "fstp dword [bx]");
        check("d927", "fldenv [bx]");
        check("d92f", "fldcw [bx]");
        check("d937", "fnstenv [bx]");
        check("d93f", "fnstcw [bx]");
        check("d9c3", "fld st3");
        check("d9c9", "fxch st1");
        check("d9d0", "fnop");
        check("d9e0", "fchs");
        check("d9e1", "fabs");
        check("d9e4", "ftst");
        check("d9e5", "fxam");
        check("d9e8", "fld1");
        check("d9e9", "fldl2t");
        check("d9ea", "fldl2e");
        check("d9eb", "fldpi");
        check("d9ec", "fldlg2");
        check("d9ed", "fldln2");
        check("d9ee", "fldz");
        check("d9f0", "f2xm1");
        check("d9f4", "fxtract");
        check("d9f5", "fprem1");
        check("d9f6", "fdecstp");
        check("d9f7", "fincstp");
        check("d9f8", "fprem");
        check("d9fa", "fsqrt");
        check("d9fc", "frndint");
        check("d9fd", "fscale");
        check("d9ff", "fcos");
        check("da07", "fiadd dword [bx]");
        check("da1f", "ficomp dword [bx]");
        check("da3f", "fidivr dword [bx]");
        check("dac1", "fcmovb st1");
        check("dac9", "fcmove st1");
        check("dad2", "fcmovbe st2");
        check("dadb", "fcmovu st3");
        check("dae9", "fucompp");
        check("db07", "fild dword [bx]");
        check("db0f", "fisttp dword [bx]");
        check("db17", "fist dword [bx]");
        check("db1f", "fistp dword [bx]");
        check("db2f", "fld tword [bx]");
        check("db3f", "fstp tword [bx]");
        check("dbc1", "fcmovnb st1");
        check("dbc9", "fcmovne st1");
        check("dbd2", "fcmovnbe st2");
        check("dbdb", "fcmovnu st3");
        check("dbe2", "fnclex");
        check("dbe3", "fninit");
        check("dbe9", "fucomi st1");
        check("dbf1", "fcomi st1");
        check("dc07", "fadd qword [bx]");
        check("dc27", "fsub qword [bx]");
        check("dc2f", "fsubr qword [bx]");
        check("dcc1", "fadd to st1");
        check("dcc9", "fmul to st1");
        check("dce1", "fsubr to st1");
        check("dce9", "fsub to st1");
        check("dcf1", "fdivr to st1");
        check("dcf9", "fdiv to st1");
        check("dd07", "fld qword [bx]");
        check("dd0f", "fisttp qword [bx]");
        check("dd17", "fst qword [bx]");
        check("dd1f", "fstp qword [bx]");
        check("dd27", "frstor [bx]");
        check("dd37", "fnsave [bx]");
        check("dd3f", "fnstsw [bx]");
        check("ddc1", "ffree st1");
        check("ddd1", "fst st1");
        check("ddd9", "fstp st1");
        check("dde1", "fucom st1");
        check("dde9", "fucomp st1");
        check("de07", "fiadd word [bx]");
        check("de3f", "fidivr word [bx]");
        check("dec1", "faddp st1");
        check("dec9", "fmulp st1");
        check("ded9", "fcompp");
        check("dee1", "fsubrp st1");
        check("dee9", "fsubp st1");
        check("def1", "fdivrp st1");
        check("def9", "fdivp st1");
        check("df07", "fild word [bx]");
        check("df0f", "fisttp word [bx]");
        check("df17", "fist word [bx]");
        check("df1f", "fistp word [bx]");
        check("df27", "fbld tword [bx]");
        check("df2f", "fild qword [bx]");
        check("df37", "fbstp tword [bx]");
        check("df3f", "fistp qword [bx]");
        check("dfc1", "ffreep st1");
        check("dfe0", "fnstsw ax");
        check("dfe9", "fucomip st1");
        check("dff1", "fcomip st1");
        check("dd8e3412", "fisttp qword [bp+0x1234]");
        check("0f6f066910", "movq mm0, [0x1069]");        // MMX, for the unsupported-instruction sample
        check("0f7f0e7110", "movq [0x1071], mm1");
        check("0f6fca", "movq mm1, mm2");
        beyond("d9d9", "fstp st1");                      // aliases ndisasm rejects, executed by the CPU
        beyond("dcd2", "fcom st2");
        beyond("ddcb", "fxch st3");
        beyond("ded4", "fcomp st4");
        beyond("dfd5", "fstp st5");
        first("d90f", 1, "db 0xd9");                    // D9 /1 memory: reserved
        first("d9d1", 1, "db 0xd9");
        first("dae8", 1, "db 0xda");
    }

    @Test void unknownAndTruncatedBytesDecodeAsDb() {
        first("0fff", 1, "db 0x0f");                     // unknown 0F opcode
        first("62c0", 1, "db 0x62");                     // BOUND with a register operand
        first("8dc0", 1, "db 0x8d");                     // LEA with a register operand
        first("fe17", 1, "db 0xfe");                     // FE /2 is undefined
        first("ff3f", 1, "db 0xff");                     // FF /7 is undefined
        first("c6c805", 1, "db 0xc6");                   // C6 /1 is undefined
        first("8e38", 1, "db 0x8e");                     // mov sreg 7
        first("0f01d0", 1, "db 0x0f");                   // 0F 01 /2 needs memory (ndisasm: xgetbv)
        first("0f01e8", 1, "db 0x0f");                   // 0F 01 /5 register form (not decoded)
        first("b834", 1, "db 0xb8");                     // truncated immediate
        first("f3", 1, "db 0xf3");                       // a lone prefix
        first("66", 1, "db 0x66");
        first("678b04", 1, "db 0x67");                   // truncated SIB
        first("8b87fe", 1, "db 0x8b");                   // truncated disp16
        first("26262626262626262626262626262690", 1, "db 0x26"); // over 15 bytes
        first("262626262626262626262626262690", 15, "es nop");     // exactly 15 bytes
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(new byte[0], 0, 0, IP));
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(null, 0, 5, IP));
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(new byte[4], 4, 1, IP));
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(new byte[4], -1, 2, IP));
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(new byte[4], 0, -3, IP));
    }

    @Test void offsetAndLengthWindow() {
        byte[] code = bytes("90 ee f3 6e ba f8 03 0f a2");
        assertEquals(new Instruction(1, "out dx, al"), Disassembler.decode(code, 1, 8, 0x7C01));
        assertEquals(new Instruction(2, "rep outsb"), Disassembler.decode(code, 2, 7, 0x7C02));
        assertEquals(new Instruction(3, "mov dx, 0x3f8"), Disassembler.decode(code, 4, 5, 0x7C04));
        assertEquals(new Instruction(1, "db 0xba"), Disassembler.decode(code, 4, 2, 0x7C04)); // window cuts it
        assertEquals(new Instruction(2, "cpuid"), Disassembler.decode(code, 7, 100, 0x7C07)); // clipped to array
    }

    @Test void guestMemoryConvenience() {
        ArrayGuestMemory mem = new ArrayGuestMemory(0x10000);
        byte[] code = bytes("f3 6e 0f 01 c1 ee c7 06 10 c0 34 12");
        mem.write(0x7C00, code, 0, code.length);
        assertEquals(new Instruction(2, "rep outsb"), Disassembler.decode(mem, 0x7C00, 0x7C00));
        assertEquals(new Instruction(3, "vmcall"), Disassembler.decode(mem, 0x7C02, 0x7C02));
        assertEquals(new Instruction(6, "mov word [0xc010], 0x1234"), Disassembler.decode(mem, 0x7C06, 0x7C06));
        mem.write(0xFFFE, bytes("cd 10"), 0, 2); // last two bytes of memory
        assertEquals(new Instruction(2, "int 0x10"), Disassembler.decode(mem, 0xFFFE, 0xFFFE));
        mem.write(0xFFFE, bytes("90 b8"), 0, 2); // truncated by the end of memory
        assertEquals(new Instruction(1, "db 0xb8"), Disassembler.decode(mem, 0xFFFF, 0xFFFF));
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(mem, 0x10000, 0));
        assertSame(Disassembler.NO_BYTES, Disassembler.decode(mem, -1, 0));
    }

    @Test void neverThrowsOnArbitraryBytes() {
        Random rnd = new Random(42);
        byte[] b = new byte[16];
        String[] leads = {"", "66", "67", "0f", "660f", "670f", "f3", "26", "0f01"};
        for (String lead : leads) {
            byte[] l = bytes(lead);
            for (int x = 0; x < 0x10000; x++) {
                rnd.nextBytes(b);
                System.arraycopy(l, 0, b, 0, l.length);
                b[l.length] = (byte) (x >> 8);
                b[l.length + 1] = (byte) x;
                int len = rnd.nextInt(b.length + 1);
                Instruction in = Disassembler.decode(b, 0, len, rnd.nextInt());
                assertNotNull(in.text());
                assertTrue(len == 0 ? in.length() == 0 : in.length() >= 1 && in.length() <= Math.min(len, 15), in::toString);
            }
        }
    }
}
