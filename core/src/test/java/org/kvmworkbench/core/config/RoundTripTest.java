package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vm.yaml", "vm.yml", "vm.json"})
    void fullConfigSurvivesSaveAndLoad(String fileName) throws Exception {
        VmConfig original = fx.yaml(ConfigParsingTest.FULL_YAML);
        Path file = dir.resolve(fileName);
        ConfigLoader.save(original, file);
        assertEquals(original, ConfigLoader.load(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vm.yaml", "vm.json"})
    void minimalConfigSurvivesSaveAndLoad(String fileName) throws Exception {
        VmConfig original = VmConfig.defaults("t", "guest.bin", dir);
        Path file = dir.resolve(fileName);
        ConfigLoader.save(original, file);
        assertEquals(original, ConfigLoader.load(file));
    }

    @Test
    void memoryIsWrittenWithASuffixAndNumbersAsInts() throws Exception {
        String yaml = ConfigLoader.toText(fx.yaml(ConfigParsingTest.FULL_YAML), ConfigLoader.Format.YAML);
        assertTrue(yaml.contains("memory: 64K\n"), yaml);
        assertTrue(yaml.contains("loadAddress: 4096\n"), yaml);
        assertTrue(yaml.contains("port: 1016\n"), yaml);
        assertTrue(yaml.contains("- 0x3F8-0x3FF\n"), yaml);
        assertTrue(!yaml.startsWith("---"), yaml);
        String json = ConfigLoader.toText(fx.yaml(Fixture.MINIMAL.replace("64K", "2M")), ConfigLoader.Format.JSON);
        assertTrue(json.contains("\"memory\" : \"2M\""), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vm.yaml", "vm.json"})
    void awkwardStringsSurvive(String fileName) throws Exception {
        VmConfig base = VmConfig.defaults("0x10", "guest.bin", dir);
        List<String> inputs = List.of("yes", "null", "~", "line 1\nline 2\n", "  padded  ", "# not a comment",
                "key: value", "\"quoted\"", "tab\there", "");
        for (String input : inputs) {
            VmConfig c = new VmConfig("yes", input, base.memoryBytes(), base.backend(), base.image(),
                    base.loadAddress(), base.entry(), List.of(new UartConfig(0x3F8, input)), base.controls(),
                    base.kvm(), dir);
            Path file = dir.resolve(fileName);
            ConfigLoader.save(c, file);
            assertEquals(c, ConfigLoader.load(file), Files.readString(file));
        }
    }

    @Test
    void saveRejectsUnknownExtension() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.save(VmConfig.defaults("t", "guest.bin", dir), dir.resolve("vm.txt")));
    }

    @Test
    void validateChecksHandBuiltConfigs() throws ConfigException {
        ConfigLoader.validate(VmConfig.defaults("t", "guest.bin", dir));
        VmConfig bad = new VmConfig("t", null, 64 * 1024, BackendChoice.AUTO, "guest.bin", 0x1000,
                new Entry(0, 0x1000), List.of(UartConfig.defaults(), new DebugconConfig(0x3FF)),
                Controls.defaults(), KvmOptions.defaults(), dir);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.validate(bad));
        Fixture.assertError(e.errors(), "devices[1].port", "overlaps devices[0]");
    }
}
