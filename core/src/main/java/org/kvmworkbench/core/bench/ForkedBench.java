package org.kvmworkbench.core.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures a workload in a fresh JVM ({@link BenchWorker}), as JMH forks each benchmark: the JIT compiles the
 * interpreter for the guest it has seen run, so a guest measured after another one in the same JVM inherits that
 * guest's profile (the UART exit loop measured after the register loop ran at half its speed). A user's run is one
 * guest in one JVM, which is what a fork measures.
 */
final class ForkedBench {
    /** Beyond the run's own time: JVM start, class loading and the warm-up's compilations on a busy machine. */
    private static final long SLACK_SECONDS = 120;

    private ForkedBench() {
    }

    static WorkloadResult run(Workload w, BenchSettings s) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                BenchWorker.class.getName(), w.id(), String.format(Locale.ROOT, "%s", s.seconds()),
                Integer.toString(s.repeat()), String.format(Locale.ROOT, "%s", s.warmUpSeconds()));
        Path errors = Files.createTempFile("kvmwb-bench", ".err"); // a file: a chatty child can never block on it
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        List<Repetition> reps = new ArrayList<>();
        try {
            p.getOutputStream().close();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 4 && f[0].equals(BenchWorker.LINE)) {
                        reps.add(new Repetition(Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
                    }
                }
            }
            long limit = (long) Math.ceil(s.warmUpSeconds() + s.seconds() * s.repeat()) + SLACK_SECONDS;
            if (!p.waitFor(limit, TimeUnit.SECONDS)) throw new IOException(w.id() + ": the benchmark JVM did not end");
            String err = new String(Files.readAllBytes(errors), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || reps.size() != s.repeat()) {
                throw new IOException(w.id() + ": the benchmark JVM failed (status " + p.exitValue() + ")"
                        + (err.isEmpty() ? "" : ": " + err));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(w.id() + ": interrupted", e);
        } catch (NumberFormatException e) {
            throw new IOException(w.id() + ": unreadable result from the benchmark JVM: " + e.getMessage(), e);
        } finally {
            p.destroy();
            Files.deleteIfExists(errors);
        }
        return new WorkloadResult(w, reps);
    }
}
