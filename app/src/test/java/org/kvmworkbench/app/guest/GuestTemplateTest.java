package org.kvmworkbench.app.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.asm.BuiltInAssembler;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;

/** The template writes a config that loads, an image that is its source assembled, and never overwrites. */
class GuestTemplateTest {

    @Test
    void writesALoadableConfigBesideItsSourceAndImage(@TempDir Path dir) throws Exception {
        Path yaml = GuestTemplate.write(dir, "my-guest", new BuiltInAssembler());
        assertEquals(dir.resolve("my-guest.yaml"), yaml);
        VmConfig config = ConfigLoader.load(yaml);
        assertEquals("my-guest", config.name());
        assertEquals(dir.resolve("my-guest.bin"), config.imagePath());
        assertEquals(dir.resolve("my-guest.asm"), GuestFiles.sourceOf(config));
        String source = Files.readString(dir.resolve("my-guest.asm"));
        assertTrue(source.contains("db \"Hello from my-guest!\""), source);
        assertArrayEquals(new BuiltInAssembler().assemble(source).image(), Files.readAllBytes(config.imagePath()));
        assertEquals(dir.resolve("my-guest.edited.bin"), GuestFiles.editedImageOf(GuestFiles.sourceOf(config)));
    }

    @Test
    void neverOverwritesAndRejectsBadNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("taken.asm"), "; mine");
        IOException e = assertThrows(IOException.class, () -> GuestTemplate.write(dir, "taken", new BuiltInAssembler()));
        assertTrue(e.getMessage().contains("taken.asm"), e.getMessage());
        assertEquals("; mine", Files.readString(dir.resolve("taken.asm")));
        assertFalse(Files.exists(dir.resolve("taken.yaml")));
        for (String bad : new String[] {"", "../up", "a b", "-x", "x".repeat(65)}) {
            assertFalse(GuestTemplate.validName(bad), bad);
            assertThrows(IOException.class, () -> GuestTemplate.write(dir, bad, new BuiltInAssembler()));
        }
    }
}
