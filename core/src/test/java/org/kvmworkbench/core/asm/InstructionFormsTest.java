package org.kvmworkbench.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Each instruction form assembles to the bytes NASM gives it (forms.txt: NASM's listing of the same lines). */
class InstructionFormsTest {

    static List<String[]> forms() throws IOException {
        try (InputStream in = InstructionFormsTest.class.getResourceAsStream("forms.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\\|", 2)).collect(Collectors.toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFormMatchesNasm() throws IOException {
        List<String[]> forms = forms();
        assertTrue(forms.size() > 100, "forms.txt not read");
        return forms.stream().map(f -> DynamicTest.dynamicTest(f[1].trim(), () -> {
            String expected = f[0].replace(" ", "").toUpperCase();
            try {
                byte[] image = new BuiltInAssembler().assemble("bits 16\norg 0x100\n" + f[1].trim() + "\n").image();
                assertEquals(expected, HexFormat.of().withUpperCase().formatHex(image), f[1].trim());
            } catch (AssemblyException e) {
                fail(f[1].trim() + ": " + e.errors());
            }
        }));
    }
}
