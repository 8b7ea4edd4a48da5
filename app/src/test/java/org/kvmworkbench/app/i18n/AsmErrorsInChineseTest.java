package org.kvmworkbench.app.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.asm.AsmError;
import org.kvmworkbench.core.asm.AssemblyException;
import org.kvmworkbench.core.asm.BuiltInAssembler;
import org.kvmworkbench.core.i18n.Messages;

/**
 * The built-in assembler's messages as the guest editor shows them in the Chinese window: no English word left but
 * names (directives, registers, and what the source itself says: its mnemonics, labels, numbers as written), while
 * the CLI's words stay English.
 */
class AsmErrorsInChineseTest {
    /** One mistake per source, from the lexer, the parser, expressions, addressing, the encoder and the symbol pass. */
    private static final List<String> BAD = List.of(
            "movx ax, 1", "mov ax, 0x", "db 'abc", "mov ax, [bx+bp]", "mov al, 256", "mov ax, bl", "mov [0x500], 1",
            "x equ 1/0", "pop cs", "in bl, 0x60", "out 0x300, al", "push byte 1", "jmp nowhere", "mov ax, [eax]",
            "hltt", "mov cs, ax", "lea al, [bx]", "nop ax", "mov ax, ?", "a: nop\na: nop", "bits 32",
            "top: loop far\ntimes 200 nop\nfar: hlt", "org 0x10000", "mov ax, [bx-si]", "mov es, bl", "shl ax, bx");

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    /** The first error of each bad source. */
    private static List<AsmError> errors() {
        return BAD.stream().map(source -> assertThrows(AssemblyException.class,
                () -> new BuiltInAssembler().assemble(source), source).errors().get(0)).toList();
    }

    @Test
    void everyMessageIsChineseButItsNames() {
        List<String> english = errors().stream().map(AsmError::toString).toList();
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        List<AsmError> errors = errors();
        assertEquals(BAD.size(), errors.size());
        assertEquals(english.size(), english.stream().distinct().count(), "each source shows its own message: " + english);
        for (int i = 0; i < errors.size(); i++) {
            AsmError e = errors.get(i);
            String shown = e.inCurrentLanguage();
            assertEquals(english.get(i), e.toString(), "the CLI's words stay English");
            assertNotEquals(e.toString(), shown);
            assertTrue(shown.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), shown);
            // what the source says (a mnemonic, a register, a label as written) is the teacher's own text, a name
            List<String> source = Bundles.englishWords(BAD.get(i));
            List<String> left = Bundles.englishWords(shown).stream().filter(w -> !source.contains(w)).toList();
            assertEquals(List.of(), left, shown);
        }
    }

    @Test
    void theQuotedSourceTextStaysAsWritten() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("1:1: 未知指令 'movx'", errors().get(0).inCurrentLanguage());
    }
}
