package org.kvmworkbench.core.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.ExitRecord;

/** Runs a sample from samples/ on the simulated backend and keeps its console output and exits. */
final class SampleRunner {
    static final Path SAMPLES = Path.of("..", "samples");

    final StringBuilder console = new StringBuilder();
    final List<ExitRecord> exits = new ArrayList<>();
    final HeadlessRun.Result result;
    final VmmLoop loop;

    SampleRunner(String name) throws Exception {
        this(name, new RunLimits(100_000, 50_000_000, Duration.ofSeconds(10)));
    }

    SampleRunner(String name, RunLimits limits) throws Exception {
        VmConfig config = ConfigLoader.load(SAMPLES.resolve(name + ".yaml"));
        SimulatedVcpu vcpu = new SimulatedVcpu(config, (source, b) -> console.append((char) b), "test");
        loop = new VmmLoop(vcpu);
        loop.setListener(exits::add);
        result = HeadlessRun.run(loop, limits);
    }

    static String expected(String name) throws Exception {
        return new String(java.nio.file.Files.readAllBytes(SAMPLES.resolve("expected").resolve(name + ".txt")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
