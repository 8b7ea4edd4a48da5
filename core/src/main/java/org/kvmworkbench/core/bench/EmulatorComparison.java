package org.kvmworkbench.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.kvmworkbench.core.session.VmmLoop;

/**
 * {@code bench --compare}: the compute guests on another emulator ({@link ReferenceEmulator}), measured the way the
 * workbench is: guest work per second of the emulator process's CPU time (user + system, all its threads, from
 * /proc/PID/stat). The emulator boots, runs {@code warmUpSeconds}, then each repetition is the difference between two
 * samples {@code seconds} apart of (rounds done, CPU time), so boot and start-up cost drop out. Rounds are turned into
 * instructions with the workbench's own count per round ({@link #instructionsPerRound}, each iteration of a REP
 * string instruction counted once, as the interpreter's budget does), so the rates compare the same guest work.
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
    /** How long an emulator may take to boot to the guest's first round. */
    private static final long BOOT_NANOS = TimeUnit.SECONDS.toNanos(60);

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
                if (loop.outcome() != null) throw new IOException(w.id() + ": the guest stopped: " + loop.outcome());
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
            try (OutputStream in = p.getOutputStream()) {
                in.write(e.input().getBytes(StandardCharsets.US_ASCII));
                in.flush();
                List<Double> rates = sample(p, rounds, s, dir);
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

    private static List<Double> sample(Process p, Path rounds, BenchSettings s, Path dir) throws IOException {
        long start = Files.exists(rounds) ? Files.size(rounds) : 0;
        long deadline = System.nanoTime() + BOOT_NANOS;
        // Bochs's log starts with its banner: the guest runs once the file keeps growing
        while (!Files.exists(rounds) || Files.size(rounds) <= start + 1) {
            if (!p.isAlive()) throw failed(p, dir, "ended before the guest ran");
            if (System.nanoTime() - deadline > 0) throw failed(p, dir, "never ran the guest's rounds (no port 0xE9 output)");
            pause(0.05);
        }
        pause(s.warmUpSeconds());
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < s.repeat(); i++) {
            long r0 = Files.size(rounds), c0 = cpuTicks(p);
            pause(s.seconds());
            long r1 = Files.size(rounds), c1 = cpuTicks(p);
            if (!p.isAlive()) throw failed(p, dir, "ended while measured");
            if (c1 <= c0) throw failed(p, dir, "used no CPU time while measured");
            rates.add((r1 - r0) / ((c1 - c0) / USER_HZ));
        }
        return rates;
    }

    /** utime + stime of the whole process, in clock ticks (proc(5): fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(Process p) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    private static String version(ReferenceEmulator e, Path exe, Path dir) {
        try {
            String text;
            if (e == ReferenceEmulator.QEMU) {
                Process v = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
                text = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                v.waitFor(10, TimeUnit.SECONDS);
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

    private static IOException failed(Process p, Path dir, String what) {
        String err = "";
        try {
            String all = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.ISO_8859_1).strip();
            err = all.isEmpty() ? "" : ": " + all.substring(Math.max(0, all.lastIndexOf('\n') + 1));
        } catch (IOException ignored) {
            // no stderr to quote
        }
        return new IOException(p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("emulator") + " "
                + what + err);
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
