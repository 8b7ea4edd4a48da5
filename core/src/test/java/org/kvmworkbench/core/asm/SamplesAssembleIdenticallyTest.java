package org.kvmworkbench.core.asm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The built-in assembler turns every sample source into exactly the committed .bin, which NASM made. */
class SamplesAssembleIdenticallyTest {
    static final Path SAMPLES = Path.of("..", "samples");

    static List<Path> sources() throws Exception {
        try (Stream<Path> a = Files.list(SAMPLES); Stream<Path> b = Files.list(SAMPLES.resolve("bench"))) {
            return Stream.concat(a, b).filter(p -> p.toString().endsWith(".asm")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleIsByteIdentical() throws Exception {
        List<Path> sources = sources();
        assertFalse(sources.size() < 15, "samples not found: " + sources);
        return sources.stream().map(src -> DynamicTest.dynamicTest(src.getFileName().toString(), () -> {
            Path bin = Path.of(src.toString().replace(".asm", ".bin"));
            byte[] expected = Files.readAllBytes(bin);
            byte[] actual;
            try {
                actual = new BuiltInAssembler().assemble(Files.readString(src)).image();
            } catch (AssemblyException e) {
                fail(src + ": " + e.errors());
                return;
            }
            int diff = firstDifference(expected, actual);
            if (diff >= 0) {
                fail(src.getFileName() + ": differs from NASM's " + bin.getFileName() + " at offset 0x"
                        + Integer.toHexString(diff) + " (sizes " + expected.length + " vs " + actual.length + ")");
            }
        }));
    }

    private static int firstDifference(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) if (a[i] != b[i]) return i;
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }
}
