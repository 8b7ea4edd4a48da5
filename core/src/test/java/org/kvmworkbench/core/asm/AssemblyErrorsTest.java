package org.kvmworkbench.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Mistakes are reported at their line and column with a one-line message, all of them at once. */
class AssemblyErrorsTest {

    private static List<AsmError> errors(String source) {
        return assertThrows(AssemblyException.class, () -> new BuiltInAssembler().assemble(source)).errors();
    }

    private static AsmError only(String source) {
        List<AsmError> errors = errors(source);
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void unknownInstructionAtItsColumn() {
        AsmError e = only("bits 16\n    movx ax, 1\n");
        assertEquals(List.of(2, 5, "unknown instruction 'movx'"), List.of(e.line(), e.column(), e.message()));
        assertEquals("2:5: unknown instruction 'movx'", e.toString());
    }

    @Test
    void undefinedSymbolAtItsColumn() {
        assertEquals("1:9: symbol 'nowhere' not defined", only("jmp     nowhere").toString());
    }

    @Test
    void memoryWithoutSizeNeedsOne() {
        AsmError e = only("mov [0x500], 1");
        assertEquals(1, e.line());
        assertTrue(e.message().startsWith("operation size not specified"), e.message());
    }

    @Test
    void qwordAndTwordAreForX87MemoryOperandsOnly() {
        assertEquals("invalid operands for mov", only("mov qword [bx], 1").message());
        assertEquals("a memory operand is needed here", only("push qword 5").message());
        assertEquals("invalid operands for fist", only("fist qword [bx]").message(), "FIST has no m64 form");
        assertTrue(only("fld [bx]").message().startsWith("operation size not specified"));
    }

    @Test
    void loopOutOfReach() {
        AsmError e = only("top: loop far_away\ntimes 200 nop\nfar_away: hlt");
        assertEquals("1:11: short jump is out of range", e.toString());
    }

    @Test
    void sizesThatDisagree() {
        assertEquals("operand sizes do not match", only("mov ax, bl").message());
    }

    @Test
    void valueTooBigForAByte() {
        assertEquals("1:9: value 256 does not fit in 8 bits", only("mov al, 256").toString());
    }

    @Test
    void labelTwice() {
        assertEquals("2:1: symbol 'a' defined twice", only("a: nop\na: nop").toString());
    }

    @Test
    void thirtyTwoBitAddressingIsNamed() {
        assertTrue(only("mov ax, [eax]").message().startsWith("32-bit addressing is not supported"));
    }

    @Test
    void everyBadLineIsReported() {
        List<AsmError> errors = errors("nop\nfoo\nnop\nmov al,\nadd ax, [bx+bp]\n");
        assertEquals(List.of(2, 4, 5), errors.stream().map(AsmError::line).toList());
    }

    @Test
    void unterminatedStringAndBadNumber() {
        assertEquals("1:4: unterminated string", only("db 'abc").toString());
        assertEquals("1:9: invalid number '0x'", only("mov ax, 0x").toString());
    }

    @Test
    void onlySixteenBits() {
        assertTrue(only("bits 32").message().startsWith("only bits 16"));
    }

    @Test
    void hugeTimesIsStopped() {
        assertTrue(only("times 0x7fffffff db 0").message().startsWith("image larger than"));
    }

    @Test
    void divisionByZero() {
        assertEquals("division by zero", only("x equ 1/0").message());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        assertEquals("expression nested too deeply", only("mov ax, " + "(".repeat(500) + "1").message());
        assertEquals("expression nested too deeply", only("mov ax, " + "-".repeat(500) + "1").message());
    }

    @Test
    void longChainsAreBounded() {
        assertTrue(only("mov ax, [bx" + "+1".repeat(50_000) + "]").message().startsWith("line too long"));
    }

    @Test
    void aLoneWordIsNotSilentlyALabel() {
        assertEquals("1:3: unknown instruction 'hltt' (a label needs a colon)", only("  hltt").toString());
    }
}
