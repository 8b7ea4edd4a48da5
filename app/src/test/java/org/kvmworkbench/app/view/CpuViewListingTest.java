package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.memory.ArrayGuestMemory;

/** The CPU view's listing before CS:IP shows the program's own instructions, not a stray byte's decoding. */
class CpuViewListingTest {
    private static final int LOAD = 0x1000;

    @Test
    void everyLineBeforeIpIsAnInstructionOfTheProgram() throws Exception {
        byte[] image = Files.readAllBytes(Path.of("..", "samples", "hello-serial.bin"));
        ArrayGuestMemory memory = new ArrayGuestMemory(64 * 1024);
        memory.write(LOAD, image, 0, image.length);
        // the program's instruction boundaries: hello-serial's code runs straight from its entry (0000:1000)
        Set<Long> boundaries = new HashSet<>();
        List<Long> order = new java.util.ArrayList<>();
        long p = LOAD;
        for (int i = 0; i < 24; i++) {
            boundaries.add(p);
            order.add(p);
            p += Disassembler.decode(memory, p, (int) p).length();
        }
        for (long ip : order.subList(CpuView.BEFORE, order.size())) {
            List<CpuView.Line> lines = CpuView.listing(0, ip, memory);
            List<Long> before = lines.stream().filter(l -> l.ip() < ip).map(CpuView.Line::ip).toList();
            assertEquals(CpuView.BEFORE, before.size(), "at " + Long.toHexString(ip) + ": " + lines);
            for (long b : before) assertTrue(boundaries.contains(b), "at " + Long.toHexString(ip) + ": 0x"
                    + Long.toHexString(b) + " is inside an instruction: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.current() && l.ip() == ip));
        }
    }
}
