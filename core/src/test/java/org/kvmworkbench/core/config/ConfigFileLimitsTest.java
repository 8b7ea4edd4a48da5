package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config file is never trusted: special files, huge files and huge device lists are refused with one line. */
class ConfigFileLimitsTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    private static ConfigError onlyError(Path file) {
        List<ConfigError> errors = assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).errors();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void aSymlinkToADeviceIsRefusedBeforeReading() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/null")));
        Path link = Files.createSymbolicLink(dir.resolve("vm.yaml"), Path.of("/dev/null"));
        ConfigError e = onlyError(link);
        assertTrue(e.message().contains("not a regular file"), e.toString());
    }

    @Test
    void aFolderIsRefused() throws Exception {
        Files.createDirectory(dir.resolve("folder.yaml"));
        assertTrue(onlyError(dir.resolve("folder.yaml")).message().contains("is a folder"));
    }

    @Test
    void aFileOverOneMebibyteIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.yaml");
        // valid YAML: the minimal config followed by a long comment
        Files.writeString(big, Fixture.MINIMAL + "#" + "x".repeat(ConfigFileReader.MAX_BYTES) + "\n");
        ConfigError e = onlyError(big);
        assertTrue(e.message().contains("at most 1 MiB"), e.toString());
        assertTrue(e.message().contains(String.valueOf(Files.size(big))), e.toString());
    }

    @Test
    void aFileJustUnderTheCapIsRead() throws Exception {
        Path ok = dir.resolve("ok.yaml");
        String text = Fixture.MINIMAL + "#";
        Files.writeString(ok, text + "x".repeat(ConfigFileReader.MAX_BYTES - text.length() - 1) + "\n");
        assertEquals(ConfigFileReader.MAX_BYTES, Files.size(ok));
        assertEquals("t", ConfigLoader.load(ok).name());
    }

    @Test
    void tooManyDevicesIsOneClearError() {
        StringBuilder yaml = new StringBuilder(Fixture.MINIMAL + "devices:\n");
        for (int i = 0; i <= DeviceListReader.MAX_DEVICES; i++) yaml.append("  - {type: debugcon, port: ").append(i).append("}\n");
        List<ConfigError> errors = fx.yamlErrors(yaml.toString());
        Fixture.assertError(errors, "devices", (DeviceListReader.MAX_DEVICES + 1) + " devices; at most "
                + DeviceListReader.MAX_DEVICES);
        assertEquals(1, errors.size(), errors.toString());
    }

    @Test
    void theMostDevicesAllowedAreReadAndCheckedForOverlaps() throws Exception {
        StringBuilder yaml = new StringBuilder(Fixture.MINIMAL + "devices:\n");
        for (int i = 0; i < DeviceListReader.MAX_DEVICES; i++) yaml.append("  - {type: debugcon, port: ").append(i).append("}\n");
        assertEquals(DeviceListReader.MAX_DEVICES, fx.yaml(yaml.toString()).devices().size());
        yaml.append("  - {type: uart16550, port: 0x10}\n");
        Fixture.assertError(fx.yamlErrors(yaml.toString().replace("port: 255}", "port: 0xFFF}")
                        .replace("  - {type: debugcon, port: 0}\n", "")),
                "devices[" + (DeviceListReader.MAX_DEVICES - 1) + "].port", "overlaps devices[15] (debugcon, ports 0x10)");
    }

    @Test
    void overlapsAreFoundWhateverTheOrder() {
        // the UART (0x3F8-0x3FF) is listed last but starts first; the debugcon inside it is reported
        List<ConfigError> errors = fx.yamlErrors(Fixture.MINIMAL + """
                devices:
                  - {type: debugcon, port: 0x400}
                  - {type: debugcon, port: 0x3FC}
                  - {type: uart16550, port: 0x3F8}
                """);
        Fixture.assertError(errors, "devices[2].port", "devices[2] (uart16550, ports 0x3F8-0x3FF) overlaps devices[1]");
        assertEquals(1, errors.size(), errors.toString());
    }

    @Test
    void anImageThatIsADeviceIsRefused() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        Files.createSymbolicLink(dir.resolve("zero.bin"), Path.of("/dev/zero"));
        Fixture.assertError(fx.yamlErrors("name: t\nmemory: 64K\nimage: zero.bin\n"), "image", "not a readable file");
    }
}
