package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save as: the saved config opens from where it was saved, keeps the user's number style, replaces atomically. */
class SaveAsTest {
    @TempDir
    Path dir;
    Fixture fx;
    Path original;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(dir);
        Files.createDirectories(dir.resolve("a"));
        Files.move(dir.resolve("guest.bin"), dir.resolve("a/guest.bin"));
        original = dir.resolve("a/vm.yaml");
        Files.writeString(original, ConfigParsingTest.FULL_YAML.replace("memory: 64K", "memory: 0x10000"));
    }

    @Test
    void savedIntoAnotherFolderItStillOpens() throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(original);
        Path target = dir.resolve("b/c/copy.yaml");
        Files.createDirectories(target.getParent());
        VmConfig saved = ConfigLoader.save(loaded.config(), target, loaded);
        VmConfig reopened = ConfigLoader.load(target);
        assertEquals(dir.resolve("a/guest.bin"), reopened.imagePath());
        assertEquals("../../a/guest.bin", reopened.image());
        assertEquals(saved, reopened);
    }

    @Test
    void anAbsoluteImagePathStaysAbsolute() throws Exception {
        VmConfig c = ConfigLoader.load(original);
        String abs = dir.resolve("a/guest.bin").toString();
        VmConfig absolute = new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), abs,
                c.loadAddress(), c.entry(), c.devices(), c.controls(), c.kvm(), c.baseDir());
        Path target = dir.resolve("elsewhere.yaml");
        ConfigLoader.save(absolute, target);
        assertEquals(abs, ConfigLoader.load(target).image());
    }

    @Test
    void hexAndOtherStylesOfUnchangedValuesAreKept() throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(original);
        Path target = dir.resolve("copy.yaml");
        ConfigLoader.save(loaded.config(), target, loaded);
        String text = Files.readString(target);
        assertTrue(text.contains("port: 0x3F8\n"), text);
        assertTrue(text.contains("port: 0xE9\n"), text);
        assertTrue(text.contains("loadAddress: 0x1000\n"), text);
        assertTrue(text.contains("memory: 0x10000\n"), text);
        assertTrue(text.contains("- 0x3F8-0x3FF\n"), text);
        assertTrue(text.contains("- 14\n"), "decimal stays decimal: " + text);
        assertEquals(loaded.config().devices(), ConfigLoader.load(target).devices());
    }

    @Test
    void aChangedValueIsWrittenNew() throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(original);
        VmConfig c = loaded.config();
        List<DeviceConfig> devices = List.of(new UartConfig(0x2F8, "hi\n"), c.devices().get(1), c.devices().get(2));
        VmConfig changed = new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), c.image(),
                c.loadAddress(), c.entry(), devices, c.controls(), c.kvm(), c.baseDir());
        Path target = dir.resolve("a/vm.yaml");
        ConfigLoader.save(changed, target, loaded);
        assertEquals(0x2F8, ConfigLoader.load(target).devices().get(0).port());
        assertTrue(Files.readString(target).contains("port: 0xE9\n"));
    }

    @Test
    void jsonKeepsHexStrings() throws Exception {
        Path json = dir.resolve("a/vm.json");
        Files.writeString(json, "{\"name\": \"t\", \"memory\": \"64K\", \"image\": \"guest.bin\", \"loadAddress\": \"0x1000\","
                + " \"devices\": [{\"type\": \"debugcon\", \"port\": \"0xE9\"}]}");
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(json);
        Path target = dir.resolve("copy.json");
        ConfigLoader.save(loaded.config(), target, loaded);
        String text = Files.readString(target);
        assertTrue(text.contains("\"port\" : \"0xE9\""), text);
        assertTrue(text.contains("\"loadAddress\" : \"0x1000\""), text);
        assertEquals(loaded.config().devices(), ConfigLoader.load(target).devices());
    }

    @Test
    void savingOverTheImageIsRefusedAndLeavesItAlone() throws Exception {
        VmConfig c = ConfigLoader.load(original);
        Path image = dir.resolve("a/guest.bin");
        Path link = Files.createSymbolicLink(dir.resolve("a/image.yaml"), image);
        byte[] before = Files.readAllBytes(image);
        assertThrows(java.io.IOException.class, () -> ConfigLoader.save(c, link));
        assertEquals(before.length, Files.readAllBytes(image).length);
    }

    @Test
    void noTemporaryFileIsLeftAndASymlinkStaysALink() throws Exception {
        VmConfig c = ConfigLoader.load(original);
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), original);
        ConfigLoader.save(c, link);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(c, ConfigLoader.load(original));
        try (Stream<Path> files = Files.list(dir.resolve("a"))) {
            assertEquals(List.of("guest.bin", "vm.yaml"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
