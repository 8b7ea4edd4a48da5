package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.kvmworkbench.core.config.Fixture.MINIMAL;
import static org.kvmworkbench.core.config.Fixture.assertError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gallery's fields of a config: title, teaches, watchFor, runsOn. */
class SampleInfoTest {
    static final String INFO = "title: Polled serial output\nteaches: two exits per character\n"
            + "watchFor: [\"IN 0x3FD\", \"OUT 0x3F8\"]\nrunsOn: [kvm, simulated]\n";

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    private SampleInfo info(String yaml) throws Exception {
        fx.yaml(yaml);
        Path file = Files.writeString(dir.resolve("vm.yaml"), yaml);
        return SampleInfo.of(ConfigLoader.loadWithText(file));
    }

    @Test
    void allFieldsAreRead() throws Exception {
        assertEquals(new SampleInfo("Polled serial output", "two exits per character", List.of("IN 0x3FD", "OUT 0x3F8"),
                List.of(BackendChoice.KVM, BackendChoice.SIMULATED)), info(INFO + MINIMAL));
    }

    @Test
    void allFieldsAreOptional() throws Exception {
        assertEquals(SampleInfo.NONE, info(MINIMAL));
    }

    @Test
    void mistakesArePrecise() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL + "title: ' '\nteaches: 5\nwatchFor: OUT\n"
                + "runsOn: [kvm, qemu]\n");
        assertError(errors, "title", "must not be blank");
        assertError(errors, "teaches", "expected a string, got a number (5)");
        assertError(errors, "watchFor", "expected a list of exits to watch for, as text, got a string (\"OUT\")");
        assertError(errors, "runsOn[1]", "unknown backend \"qemu\"; valid: auto, kvm, simulated");
        assertEquals(4, errors.size(), errors.toString());
    }

    @Test
    void runsOnListsRealBackendsOnce() {
        assertError(fx.yamlErrors(MINIMAL + "runsOn: [auto]\n"), "runsOn[0]", "auto picks a backend when the VM starts");
        assertError(fx.yamlErrors(MINIMAL + "runsOn: [kvm, simulated, kvm]\n"), "runsOn[2]", "kvm is listed twice");
        assertError(fx.yamlErrors(MINIMAL + "watchFor: [OUT, '']\n"), "watchFor[1]", "must not be blank");
    }

    @Test
    void saveAsKeepsThemFirst() throws Exception {
        Path original = Files.writeString(dir.resolve("a.yaml"), MINIMAL + INFO);
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(original);
        Path copy = dir.resolve("sub").resolve("b.yaml");
        Files.createDirectories(copy.getParent());
        ConfigLoader.save(loaded.config(), copy, loaded);
        String text = Files.readString(copy);
        assertEquals("title: Polled serial output", text.lines().findFirst().orElseThrow(), text);
        assertEquals(SampleInfo.of(loaded), SampleInfo.of(ConfigLoader.loadWithText(copy)));
    }

    @ParameterizedTest
    @MethodSource("org.kvmworkbench.core.config.SchemaAgreementTest#samples")
    void everySampleTellsTheGalleryAboutItself(Path sample) throws Exception {
        SampleInfo info = SampleInfo.of(ConfigLoader.loadWithText(sample));
        assertNotNull(info.title(), sample + ": title");
        assertNotNull(info.teaches(), sample + ": teaches");
        assertFalse(info.runsOn().isEmpty(), sample + ": runsOn");
        assertNotNull(ConfigLoader.load(sample).description(), sample + ": description");
    }
}
