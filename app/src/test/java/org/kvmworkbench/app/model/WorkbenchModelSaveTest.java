package org.kvmworkbench.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.ConfigLoader;

/** Save as from the window: into another folder, the saved file opens, keeps hex, and becomes the open file. */
class WorkbenchModelSaveTest {
    @Test
    void saveAsIntoAnotherFolderOpensFromThere(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.copy(Path.of("../samples/hello-serial.bin"), a.resolve("hello-serial.bin"));
        Path original = Files.writeString(a.resolve("vm.yaml"), Files.readString(Path.of("../samples/hello-serial.yaml"))
                .replaceFirst("backend: \\w+", "backend: simulated"));
        Preferences prefs = Preferences.userRoot().node("kvmwb-test-" + System.nanoTime());
        try (WorkbenchModel model = new WorkbenchModel(prefs)) {
            model.open(original);
            Path copy = Files.createDirectories(dir.resolve("b")).resolve("copy.yaml");
            model.save(copy);
            assertEquals(copy, model.configPath());
            assertEquals(a.resolve("hello-serial.bin"), ConfigLoader.load(copy).imagePath());
            assertTrue(Files.readString(copy).contains("port: 0x3F8"), Files.readString(copy));
            model.save(dir.resolve("again.yaml")); // saving the saved config again still resolves the image
            assertEquals(a.resolve("hello-serial.bin"), ConfigLoader.load(dir.resolve("again.yaml")).imagePath());
        } finally {
            prefs.removeNode();
        }
    }
}
