package org.kvmworkbench.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.i18n.PhrasedIOException;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * {@code bench --compare}: the compute guests on another emulator ({@link ReferenceEmulator}), measured the way the
 * workbench is: guest work per second of the emulator process's CPU time (user + system, all its threads, from
 * /proc/PID/stat). The emulator boots, runs {@code warmUpSeconds}, then each repetition is the difference between two
 * samples {@code seconds} apart of (rounds done, CPU time), so boot and start-up cost drop out. Rounds are turned into
 * instructions with the workbench's own count per round ({@link #instructionsPerRound}, each iteration of a REP
 * string instruction counted once, as the interpreter's budget does), so the rates compare the same guest work.
 * Measuring waits for what the emulator reports, never a fixed time: the first window starts after the guest's second
 * round, and each window ends at a round; an emulator that reports none within its {@link Patience} is
 * {@link NotMeasured}.
 */
public final class EmulatorComparison {
    /** The guests compared: the ones whose rate is instructions (the exit loops have no counterpart). */
    public static final List<Workload> WORKLOADS = List.of(Workload.REGISTER_LOOP, Workload.MIXED, Workload.SIEVE);
    /** 1.44 MB: 80 cylinders × 2 heads × 18 sectors of 512 bytes. */
    static final int FLOPPY_BYTES = 1_474_560;
    /** The boot sector loads this much of the guest (samples/bench/boot-sector.asm: four sectors). */
    static final int MAX_GUEST_BYTES = 4 * 512;
    /** Clock ticks per second of the CPU times in /proc/PID/stat (USER_HZ, 100 on every Linux architecture's ABI). */
    private static final double USER_HZ = 100;
    private static final Messages M = Messages.of(EmulatorComparison.class);
    private static final double POLL_SECONDS = 0.005;

    /** How long to wait for the guest's second round after starting the emulator, and for a round to end a window. */
    record Patience(long bootNanos, long roundNanos) {
        /** Generous: a loaded machine boots Bochs in seconds; a minute without a round is an emulator that hangs. */
        static final Patience DEFAULT = new Patience(TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(30));
    }

    /** The emulator ran but reported no round of the guest in time: no rate, and the reason. */
    public static final class NotMeasured extends PhrasedIOException {
        NotMeasured(Phrase why) {
            super(why);
        }
    }

    /** One emulator on one guest: rounds per CPU-second of each repetition. */
    public record Result(ReferenceEmulator emulator, String version, Workload workload, long instructionsPerRound,
                         List<Double> roundsPerCpuSecond) {
        public Result {
            roundsPerCpuSecond = List.copyOf(roundsPerCpuSecond);
        }

        /** Guest instructions (the workbench's count) per CPU-second. */
        public Stats instructionRates() {
            return Stats.of(roundsPerCpuSecond.stream().mapToDouble(r -> r * instructionsPerRound).toArray());
        }
    }

    private EmulatorComparison() {
    }

    /** Instructions the simulated core retires in one round of the guest (from its second round to its third). */
    public static long instructionsPerRound(Workload w) throws IOException {
        VmmLoop loop = SimulatorBench.open(w).loop();
        long[] atExit = new long[3];
        for (int i = 0; i < atExit.length; i++) {
            while (loop.step(10_000_000) != VmmLoop.Step.EXIT) {
                if (loop.outcome() != null) throw new PhrasedIOException(M.phrase("guestStopped", w.id(), loop.outcome()));
            }
            atExit[i] = loop.vcpu().instructionsRetired();
        }
        return atExit[2] - atExit[1];
    }

    /** A floppy image: the boot sector, then the guest from sector 2. */
    static byte[] floppy(byte[] bootSector, byte[] guest) {
        if (bootSector.length != 512) throw new IllegalArgumentException("boot sector of " + bootSector.length + " bytes");
        if (guest.length > MAX_GUEST_BYTES) throw new IllegalArgumentException("guest of " + guest.length + " bytes");
        byte[] image = new byte[FLOPPY_BYTES];
        System.arraycopy(bootSector, 0, image, 0, 512);
        System.arraycopy(guest, 0, image, 512, guest.length);
        return image;
    }

    static byte[] bootSector() throws IOException {
        try (InputStream in = EmulatorComparison.class.getResourceAsStream("guests/boot-sector.bin")) {
            if (in == null) throw new IOException("guests/boot-sector.bin is missing from the classpath");
            return in.readAllBytes();
        }
    }

    /** Boot the guest on the emulator and measure it; the emulator is stopped before this returns. */
    public static Result measure(ReferenceEmulator e, Path exe, Workload w, BenchSettings s, long instructionsPerRound)
            throws IOException {
        return measure(e, exe, w, s, instructionsPerRound, Patience.DEFAULT);
    }

    static Result measure(ReferenceEmulator e, Path exe, Workload w, BenchSettings s, long instructionsPerRound,
                          Patience patience) throws IOException {
        Path dir = Files.createTempDirectory("kvmwb-compare");
        try {
            Path floppy = dir.resolve(w.guestId() + ".img");
            Files.write(floppy, floppy(bootSector(), w.image()));
            Path rounds = e.roundLog(dir);
            ProcessBuilder pb = new ProcessBuilder(e.command(exe, floppy, dir)).directory(dir.toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            pb.redirectOutput(e == ReferenceEmulator.BOCHS ? rounds.toFile() : dir.resolve("stdout.txt").toFile());
            Process p = pb.start();
            // Ctrl-C ends this JVM without its finally blocks: the emulator, which runs until stopped, goes with it
            Thread killer = new Thread(() -> stop(p), "stop-" + e.program());
            Runtime.getRuntime().addShutdownHook(killer);
            Running running = new Running(p, exe.getFileName().toString(), dir);
            try (OutputStream in = p.getOutputStream()) {
                give(running, in, e.input());
                List<Double> rates = sample(running, e, s, patience);
                return new Result(e, version(e, exe, dir), w, instructionsPerRound, rates);
            } finally {
                stop(p);
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: the emulator is stopped either way
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Writes the emulator's input (Bochs's debugger command). An emulator that has already ended closed its end of the
     * pipe (EPIPE): that is the emulator ending before the guest ran, said with its own last words.
     */
    static void give(Running r, OutputStream in, String input) throws IOException {
        try {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException pipe) {
            try {
                r.p().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (r.p().isAlive()) throw pipe;
            throw failed(r, "ended");
        }
    }

    /** The emulator's process, its program's name and the folder it writes to. */
    record Running(Process p, String program, Path dir) {
    }

    private static List<Double> sample(Running r, ReferenceEmulator e, BenchSettings s, Patience patience)
            throws IOException {
        Path dir = r.dir();
        Path rounds = e.roundLog(dir);
        long deadline = System.nanoTime() + patience.bootNanos();
        // the emulator's own words (Bochs's banner and debugger prompt) come before the guest's bytes
        long from;
        Wait boot = new Wait(deadline, patience.bootNanos(), "ended", "noRound");
        while ((from = e.guestOutputFrom(dir)) < 0) awaitAlive(r, boot);
        while (size(rounds) < from + 2) awaitAlive(r, boot);
        pause(s.warmUpSeconds());
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < s.repeat(); i++) {
            long r0 = size(rounds), c0 = cpuTicks(r, boot);
            pause(s.seconds());
            // a window ends at a round, however long the machine's load makes it
            Wait round = new Wait(System.nanoTime() + patience.roundNanos(), patience.roundNanos(), "endedWhileMeasured",
                    "noRoundWhileMeasured");
            long r1;
            while ((r1 = size(rounds)) <= r0) awaitAlive(r, round);
            long c1 = cpuTicks(r, round);
            if (c1 <= c0) throw new NotMeasured(M.phrase("noCpuTime", r.program()));
            rates.add((r1 - r0) / ((c1 - c0) / USER_HZ));
        }
        return rates;
    }

    /** A wait for the emulator's output: until when, how long that is, and the keys of what is said if it ends. */
    private record Wait(long deadline, long nanos, String endedKey, String lateKey) {
    }

    /** Wait a little for the emulator's output to grow: it must still run, and not past the deadline. */
    private static void awaitAlive(Running r, Wait w) throws IOException {
        if (!r.p().isAlive()) throw failed(r, w.endedKey());
        if (System.nanoTime() - w.deadline() > 0) {
            throw new NotMeasured(M.phrase(w.lateKey(), r.program(), TimeUnit.NANOSECONDS.toSeconds(w.nanos())));
        }
        pause(POLL_SECONDS);
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException notYet) {
            return 0;
        }
    }

    /** utime + stime of the whole process, in clock ticks (proc(5): fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(Running r, Wait w) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(r.p().pid()), "stat"));
        } catch (NoSuchFileException ended) {
            throw failed(r, w.endedKey());
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    private static String version(ReferenceEmulator e, Path exe, Path dir) {
        try {
            String text;
            if (e == ReferenceEmulator.QEMU) {
                Path said = dir.resolve("version.txt");
                Process v = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true)
                        .redirectOutput(said.toFile()).start();
                if (!v.waitFor(10, TimeUnit.SECONDS)) stop(v); // a version that never comes is no version
                text = Files.readString(said, StandardCharsets.ISO_8859_1);
            } else {
                text = new String(Files.readAllBytes(e.roundLog(dir)), StandardCharsets.ISO_8859_1);
            }
            Matcher m = Pattern.compile("(?:QEMU emulator version|Bochs x86 Emulator) ([0-9][0-9.]*)").matcher(text);
            return m.find() ? m.group(1) : "";
        } catch (IOException | InterruptedException ex) {
            if (ex instanceof InterruptedException) Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The emulator ended: {@code key} says when, with the last line it wrote on stderr (its own words). */
    private static PhrasedIOException failed(Running r, String key) {
        Phrase what = M.phrase(key, r.program());
        String last = "";
        try {
            String all = Files.readString(r.dir().resolve("stderr.txt"), StandardCharsets.ISO_8859_1).strip();
            last = all.substring(all.lastIndexOf('\n') + 1);
        } catch (IOException ignored) {
            // no stderr to quote
        }
        return new PhrasedIOException(last.isEmpty() ? what : M.phrase("withMessage", what, last));
    }

    private static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void pause(double seconds) throws IOException {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
