package org.kvmworkbench.core.asm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Sources are user input: mutated samples and random text either assemble or fail with AsmErrors that point
 * into the source; nothing else escapes. Seeded and bounded by count. Another seed: {@code -Dfuzz.seed=N}.
 */
class AssemblerFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0xA55E_3B1EL);
    private static final String ALPHABET = "abcdehilmnoprstuxyz0123456789 ,:[]+-*/%|&^~!()$'\"`.;_\n\tABCDEFHLX";
    private static final String[] FRAGMENTS = {"mov", "ax", "[bx+si]", "[bp]", "es:", "byte", "word", "dword",
        "times", "db", "dw", "dd", "equ", "$", "$$", "org", "bits 16", ",", "0x", "0FFFFh", "-", "<<", ">>", "/",
        "//", "%", "jmp", "short", "near", "loop", ".l", "rep", "movsb", "push", "pop", "cs", "cr0", "eax",
        "'x'", "\"str\"", "1:2", "(", ")", "~", "!", "int", "out", "in", "dx", "lea", "xchg", "shl", "cl"};

    @Test
    void noExceptionEscapesOnMutatedOrRandomSources() throws Exception {
        Random rnd = new Random(SEED);
        List<String> samples = new ArrayList<>();
        for (Path p : SamplesAssembleIdenticallyTest.sources()) samples.add(Files.readString(p));
        assertFalse(samples.isEmpty());
        int failed = 0;
        for (int i = 0; i < 3000; i++) {
            String source = switch (i % 3) {
                case 0 -> mutate(samples.get(rnd.nextInt(samples.size())), rnd);
                case 1 -> fragments(rnd);
                default -> noise(rnd);
            };
            try {
                new BuiltInAssembler().assemble(source);
            } catch (AssemblyException e) {
                failed++;
                int lines = source.split("\r\n|\r|\n", -1).length;
                for (AsmError err : e.errors()) {
                    assertTrue(err.line() >= 1 && err.line() <= lines, "line out of source: " + err);
                    assertFalse(err.message().isBlank() || err.message().contains("\n"), "message: " + err);
                }
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + SEED + " case " + i + " threw " + e + " on:\n" + source, e);
            }
        }
        assertTrue(failed > 1000, "the fuzzer should produce many bad sources, got " + failed);
    }

    private static String mutate(String sample, Random rnd) {
        StringBuilder s = new StringBuilder(sample);
        for (int n = 1 + rnd.nextInt(6); n > 0 && s.length() > 0; n--) {
            int at = rnd.nextInt(s.length());
            switch (rnd.nextInt(4)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 2 -> s.insert(at, FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
                default -> s.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
        }
        return s.toString();
    }

    private static String fragments(Random rnd) {
        StringBuilder s = new StringBuilder();
        for (int n = rnd.nextInt(40); n > 0; n--) {
            s.append(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]).append(rnd.nextInt(4) == 0 ? "\n" : " ");
        }
        return s.toString();
    }

    private static String noise(Random rnd) {
        StringBuilder s = new StringBuilder();
        for (int n = rnd.nextInt(120); n > 0; n--) {
            s.append(rnd.nextInt(20) == 0 ? (char) rnd.nextInt(0x3000) : ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
