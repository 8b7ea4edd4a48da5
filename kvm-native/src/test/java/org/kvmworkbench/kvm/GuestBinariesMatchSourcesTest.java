package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** This module's own guests (bench and test resources) are exactly what their sources assemble to, where nasm is. */
class GuestBinariesMatchSourcesTest {
    @TempDir Path tmp;

    private static boolean nasmAvailable() {
        try {
            return new ProcessBuilder("nasm", "-v").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @ParameterizedTest
    @CsvSource({"src/main/resources/org/kvmworkbench/kvm, return-path", "src/test/resources/org/kvmworkbench/kvm, pit-ticks"})
    void binaryMatchesSource(String dir, String name) throws Exception {
        assumeTrue(nasmAvailable(), "nasm is not installed");
        Path src = Path.of(dir, name + ".asm");
        Path out = tmp.resolve(name + ".bin");
        Process p = new ProcessBuilder("nasm", "-f", "bin", "-Werror", "-o", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), name + ": " + log);
        assertArrayEquals(Files.readAllBytes(Path.of(dir, name + ".bin")), Files.readAllBytes(out),
                name + ".bin differs from " + name + ".asm: reassemble it with nasm -f bin");
    }
}
