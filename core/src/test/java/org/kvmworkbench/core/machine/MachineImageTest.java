package org.kvmworkbench.core.machine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** The guest image is read once, bounded by the RAM it must fit in, whatever happened to the file since the check. */
class MachineImageTest {
    @Test
    void anImageThatGrewAfterTheConfigCheckIsRefusedWithoutReadingItWhole(@TempDir Path dir) throws Exception {
        Path image = Files.write(dir.resolve("guest.bin"), new byte[] {(byte) 0xF4}); // HLT
        Path yaml = Files.writeString(dir.resolve("vm.yaml"), "name: grows\nmemory: 64K\nimage: guest.bin\n");
        VmConfig config = ConfigLoader.load(yaml);
        try (var out = Files.newOutputStream(image)) { // now 16 MiB: far more than 64K of RAM
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 16; i++) out.write(mib);
        }
        IOException e = assertThrows(IOException.class,
                () -> Machine.build(config, new ArrayGuestMemory((int) config.memoryBytes()), (s, b) -> { }));
        assertTrue(e.getMessage().contains("does not fit") && e.getMessage().contains("more than"), e.getMessage());
    }
}
