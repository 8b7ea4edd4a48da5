package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed sample binaries are exactly what their sources assemble to (where nasm is installed). */
class SampleBinariesMatchSourcesTest {

    private static boolean nasmAvailable() {
        try {
            return new ProcessBuilder("nasm", "-v").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void everyBinaryMatchesItsSource(@TempDir Path tmp) throws Exception {
        assumeTrue(nasmAvailable(), "nasm is not installed");
        List<Path> sources;
        try (Stream<Path> s = Files.list(SampleRunner.SAMPLES)) {
            sources = s.filter(p -> p.toString().endsWith(".asm")).sorted().collect(Collectors.toList());
        }
        assertFalse(sources.isEmpty());
        for (Path src : sources) {
            String name = src.getFileName().toString().replace(".asm", "");
            Path out = tmp.resolve(name + ".bin");
            Process p = new ProcessBuilder("nasm", "-f", "bin", "-Werror", "-o", out.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), name + ": " + log);
            assertArrayEquals(Files.readAllBytes(SampleRunner.SAMPLES.resolve(name + ".bin")), Files.readAllBytes(out),
                    name + ".bin differs from " + name + ".asm: run samples/build.sh");
        }
    }
}
