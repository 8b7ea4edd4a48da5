package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** bench --compare: the floppy it boots, the workbench's instructions per round, and a real boot where installed. */
class EmulatorComparisonTest {
    @Test
    void theFloppyHoldsTheBootSectorThenTheGuestFromSectorTwo() throws Exception {
        byte[] boot = EmulatorComparison.bootSector();
        assertEquals(512, boot.length);
        assertEquals(0x55, boot[510] & 0xFF, "boot signature");
        assertEquals(0xAA, boot[511] & 0xFF, "boot signature");
        byte[] guest = Workload.SIEVE.image();
        byte[] image = EmulatorComparison.floppy(boot, guest);
        assertEquals(1_474_560, image.length);
        assertArrayEquals(boot, Arrays.copyOf(image, 512));
        assertArrayEquals(guest, Arrays.copyOfRange(image, 512, 512 + guest.length));
    }

    /** register-loop.asm: MOV CX,0xFFFF, then 65535 × (ADD XOR INC DEC JNZ), then OUT and JMP. */
    @Test
    void aRegisterLoopRoundIsWhatItsSourceCounts() throws Exception {
        assertEquals(1 + 5 * 65535 + 2, EmulatorComparison.instructionsPerRound(Workload.REGISTER_LOOP));
    }

    @Test
    void qemuRunsTheGuestsRoundsWhereInstalled() throws Exception {
        bootsAndCounts(ReferenceEmulator.QEMU);
    }

    @Test
    void bochsRunsTheGuestsRoundsWhereInstalled() throws Exception {
        bootsAndCounts(ReferenceEmulator.BOCHS);
    }

    private static void bootsAndCounts(ReferenceEmulator e) throws Exception {
        Optional<Path> exe = e.find();
        assumeTrue(exe.isPresent(), e.program() + " is not installed");
        EmulatorComparison.Result r = EmulatorComparison.measure(e, exe.get(), Workload.REGISTER_LOOP,
                new BenchSettings(0.3, 2, 0), 327_678);
        assertEquals(2, r.roundsPerCpuSecond().size());
        for (double rate : r.roundsPerCpuSecond()) assertTrue(rate > 0, e + " counted no rounds: " + r);
        assertFalse(r.version().isEmpty(), "the emulator's version");
    }
}
