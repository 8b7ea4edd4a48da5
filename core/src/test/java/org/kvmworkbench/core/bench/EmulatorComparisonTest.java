package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.i18n.PhrasedIOException;

/** bench --compare: the floppy it boots, the workbench's instructions per round, and a real boot where installed. */
class EmulatorComparisonTest {
    private static final EmulatorComparison.Patience A_SECOND =
            new EmulatorComparison.Patience(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1));
    /** The QEMU command's round log: the file after path= in its -chardev argument. */
    private static final String ROUND_LOG = "for a; do case $a in *path=*) f=${a##*path=} ;; esac; done\n";
    @TempDir Path dir;

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

    @Test
    void anEmulatorThatReportsNoRoundIsNotMeasuredAndSaysWhy() throws Exception {
        Path exe = fakeQemu("exec sleep 60\n");
        EmulatorComparison.NotMeasured e = assertThrows(EmulatorComparison.NotMeasured.class, () -> measure(exe));
        assertEquals("qemu-system-i386 reported no round of the guest in 1 s", e.getMessage());
    }

    @Test
    void anEmulatorThatEndsAtOnceSaysSoWithItsLastMessage() throws Exception {
        Path exe = fakeQemu("echo starting >&2\necho 'qemu: could not load PC BIOS' >&2\nexit 1\n");
        PhrasedIOException e = assertThrows(PhrasedIOException.class, () -> measure(exe));
        assertFalse(e instanceof EmulatorComparison.NotMeasured, e.getMessage());
        assertEquals("qemu-system-i386 ended before the guest ran: qemu: could not load PC BIOS", e.getMessage());
    }

    /**
     * Bochs is given its debugger's "c" on its input: one that has already ended leaves a pipe without a reader, and
     * the write fails with EPIPE. That is said as the emulator ending before the guest ran, in its own words.
     */
    @Test
    void anEmulatorThatEndedBeforeItsInputSaysItEndedNotABrokenPipe() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo 'could not load PC BIOS' >&2; exit 1")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        assertEquals(1, p.waitFor());
        PhrasedIOException e = assertThrows(PhrasedIOException.class, () -> EmulatorComparison.give(
                new EmulatorComparison.Running(p, "bochs", dir), p.getOutputStream(), "c\n"));
        assertEquals("bochs ended before the guest ran: could not load PC BIOS", e.getMessage());
    }

    /** Rounds of ~0.1 s of CPU each (a shell counting), measured in windows of 0.01 s: each window waits for one. */
    @Test
    void aWindowShorterThanARoundEndsAtTheNextRound() throws Exception {
        Path exe = fakeQemu(ROUND_LOG + "while :; do\n  i=0; while [ $i -lt 50000 ]; do i=$((i+1)); done\n"
                + "  printf x >> \"$f\"\ndone\n");
        EmulatorComparison.Result r = EmulatorComparison.measure(ReferenceEmulator.QEMU, exe, Workload.REGISTER_LOOP,
                new BenchSettings(0.01, 3, 0), 327_678, new EmulatorComparison.Patience(TimeUnit.SECONDS.toNanos(60),
                        TimeUnit.SECONDS.toNanos(30)));
        assertEquals(3, r.roundsPerCpuSecond().size());
        assertEquals("0.0.1", r.version());
        for (double rate : r.roundsPerCpuSecond()) assertTrue(rate > 0 && rate < 1000, "rounds per CPU-second: " + r);
    }

    private Path fakeQemu(String script) throws Exception {
        Path exe = dir.resolve("qemu-system-i386");
        Files.writeString(exe, "#!/bin/sh\n[ \"$1\" = --version ] && exec echo 'QEMU emulator version 0.0.1'\n" + script);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        return exe;
    }

    private static EmulatorComparison.Result measure(Path exe) throws Exception {
        return EmulatorComparison.measure(ReferenceEmulator.QEMU, exe, Workload.REGISTER_LOOP,
                new BenchSettings(0.1, 1, 0), 327_678, A_SECOND);
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
