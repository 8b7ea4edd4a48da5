package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed benchmark guests are what their sources assemble to (where nasm is installed), and the jar carries them. */
class BenchBinariesMatchSourcesTest {
    static final Path DIR = Path.of("..", "samples", "bench");

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
        java.util.List<String> stems = new java.util.ArrayList<>();
        for (Workload w : Workload.values()) stems.add(w.guestId());
        stems.add("boot-sector"); // bench --compare boots the guests on other emulators with it
        for (String stem : stems) {
            Path src = DIR.resolve(stem + ".asm");
            assertTrue(Files.isRegularFile(src), src + " is missing");
            Path out = tmp.resolve(stem + ".bin");
            Process p = new ProcessBuilder("nasm", "-f", "bin", "-Werror", "-o", out.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), stem + ": " + log);
            assertArrayEquals(Files.readAllBytes(DIR.resolve(stem + ".bin")), Files.readAllBytes(out),
                    stem + ".bin differs from " + stem + ".asm: run samples/bench/build.sh");
        }
    }

    @Test
    void thePackagedGuestsAreTheCommittedBinaries() throws Exception {
        for (Workload w : Workload.values()) {
            assertArrayEquals(Files.readAllBytes(DIR.resolve(w.guestId() + ".bin")), w.image(), w.guestId());
        }
    }
}
