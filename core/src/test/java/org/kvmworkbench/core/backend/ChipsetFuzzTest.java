package org.kvmworkbench.core.backend;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * Random guests hammering the chipset through the whole loop: OUT/IN on the 8259A, ELCR and 8254 ports with random
 * values, STI/CLI/HLT, and an IVT whose vectors point at random code, so interrupts are raised, injected and nested
 * at random. Asserts that no host exception escapes, no run exceeds its budget, and a finished VM has an outcome.
 * Seeded and bounded by count; another seed: {@code -Dfuzz.seed=N}.
 */
class ChipsetFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x8259_8254L);
    private static final int[] PORTS = {0x20, 0x21, 0xA0, 0xA1, 0x40, 0x41, 0x42, 0x43, 0x61};
    @TempDir Path dir;

    @Test
    void randomChipsetTrafficNeverBreaksTheVmm() throws Exception {
        Random rnd = new Random(SEED);
        Files.write(dir.resolve("g.bin"), new byte[] {(byte) 0xF4});
        Files.writeString(dir.resolve("vm.yaml"), "name: fuzz\nmemory: 64K\nimage: g.bin\nkvm: { irqchip: true }\n"
                + "devices:\n  - { type: i8259 }\n  - { type: i8254 }\n  - { type: uart16550, input: \"xyz\" }\n"
                + "  - { type: virtio-console, irq: 9 }\n  - { type: debugcon }\n");
        long finished = 0;
        try (SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(dir.resolve("vm.yaml")), (s, b) -> { }, "fuzz")) {
            VmmLoop loop = new VmmLoop(vcpu);
            loop.setListener(r -> { });
            for (int stream = 0; stream < 250; stream++) {
                long caseSeed = rnd.nextLong();
                try {
                    if (runStream(loop, vcpu, new Random(caseSeed))) finished++;
                } catch (Throwable t) {
                    throw new AssertionError("stream " + stream + " (case seed " + caseSeed + "): " + t, t);
                }
            }
        }
        assertTrue(finished > 0, "some streams end with an outcome");
    }

    private static boolean runStream(VmmLoop loop, SimulatedVcpu vcpu, Random rnd) {
        loop.reset();
        byte[] code = randomCode(rnd);
        vcpu.machine().memory().write(0x1000, code, 0, code.length);
        byte[] ivt = new byte[1024];
        for (int v = 0; v < 256; v++) { // every vector: somewhere in the random code at 0000:1000..
            int ip = 0x1000 + rnd.nextInt(code.length);
            ivt[4 * v] = (byte) ip;
            ivt[4 * v + 1] = (byte) (ip >> 8);
        }
        vcpu.machine().memory().write(0, ivt, 0, ivt.length);
        vcpu.cpu().startAt(0, 0x1000);
        for (int step = 0; step < 40; step++) {
            long budget = 1 + rnd.nextInt(3000);
            long before = vcpu.instructionsRetired();
            VmmLoop.Step s = loop.step(budget);
            if (vcpu.instructionsRetired() - before > budget) fail("a run did more than its budget " + budget);
            if (s == VmmLoop.Step.FINISHED) {
                assertNotNull(loop.outcome());
                return true;
            }
        }
        return false;
    }

    /** OUT/IN on chipset ports with random AL, STI, CLI, HLT, NOPs, IRET, and short jumps, in a 2 KiB block. */
    private static byte[] randomCode(Random rnd) {
        byte[] b = new byte[2048];
        int i = 0;
        while (i < b.length - 5) {
            int port = PORTS[rnd.nextInt(PORTS.length)];
            switch (rnd.nextInt(11)) {
                case 0, 1, 2 -> { b[i++] = (byte) 0xB0; b[i++] = (byte) rnd.nextInt(256); // MOV AL, imm8
                    b[i++] = (byte) 0xE6; b[i++] = (byte) port; }                          // OUT imm8, AL
                case 3 -> { b[i++] = (byte) 0xE4; b[i++] = (byte) port; }                  // IN AL, imm8
                case 9 -> { b[i++] = (byte) 0xBA; b[i++] = (byte) (0xD0 + rnd.nextInt(2));  // MOV DX, ELCR port
                    b[i++] = 0x04; b[i++] = (byte) (rnd.nextBoolean() ? 0xEE : 0xEC); }      // OUT DX, AL / IN AL, DX
                case 4 -> b[i++] = (byte) 0xFB;                                             // STI
                case 5 -> b[i++] = (byte) 0xFA;                                             // CLI
                case 6 -> b[i++] = (byte) 0xF4;                                             // HLT
                case 7 -> b[i++] = (byte) 0xCF;                                             // IRET
                case 8 -> { b[i++] = (byte) 0xEB; b[i++] = (byte) (rnd.nextInt(64) - 32); } // JMP short
                default -> b[i++] = (byte) 0x90;                                            // NOP
            }
        }
        return b;
    }
}
