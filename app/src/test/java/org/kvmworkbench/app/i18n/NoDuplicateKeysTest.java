package org.kvmworkbench.app.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** No .properties file of the project names a key twice: the second silently replaces the first when loaded. */
class NoDuplicateKeysTest {
    private static final Path PROJECT = Path.of("..");

    @Test
    void noPropertiesFileOfTheProjectHasADuplicateKey() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PROJECT)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".properties"))
                    .filter(p -> !isBuildOutput(PROJECT.relativize(p))).toList();
        }
        assertTrue(files.size() >= 20, "found only " + files);
        List<String> problems = new ArrayList<>();
        for (Path p : files) {
            Set<String> seen = new HashSet<>();
            for (String key : PropertiesKeys.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8))) {
                if (!seen.add(key)) problems.add(PROJECT.relativize(p) + ": " + key);
            }
        }
        assertTrue(problems.isEmpty(), "keys defined twice:\n" + String.join("\n", problems));
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) return true;
        }
        return false;
    }

    @Test
    void theKeysAreReadAsPropertiesReadsThem() {
        String text = String.join("\n", "# a=comment", "! b=comment", "  c = one", "d:two", "e three",
                "f=a long \\", "  g=continued", "h\\ i=escaped space", "j=ends in a backslash \\\\", "k=", "c=again", "");
        assertEquals(List.of("c", "d", "e", "f", "h i", "j", "k", "c"), PropertiesKeys.of(text));
    }
}
