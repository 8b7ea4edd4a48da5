package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad value of a run option is one line naming the option and what it allows, and status 2. */
@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
class RunOptionsTest {
    private static final String CONFIG = "../samples/hello-serial.yaml";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--timeout|abc|seconds between 0.001 and 86400",
            "--timeout|Infinity|seconds between 0.001 and 86400",
            "--timeout|1e300|seconds between 0.001 and 86400",
            "--timeout|1e-300|seconds between 0.001 and 86400",
            "--timeout|0.0001|seconds between 0.001 and 86400",
            "--timeout|NaN|seconds between 0.001 and 86400",
            "--timeout|-1|seconds between 0.001 and 86400",
            "--timeout|86401|seconds between 0.001 and 86400",
            "--timeout|0x10|seconds between 0.001 and 86400",
            "--max-exits|-3|whole number from 0 (no limit)",
            "--max-exits|1.5|whole number from 0 (no limit)",
            "--max-instructions|99999999999999999999|whole number from 0 (no limit)",
            "--max-instructions|+5|whole number from 0 (no limit)",
            "--trace|''|a file name",
            "--trace-max|1|a size from 4K to 1T",
            "--trace-max|10Q|a size from 4K to 1T",
            "--trace-max|2T|a size from 4K to 1T",
            "--backend|qemu|auto, kvm or simulated",
            "--trace-format|xml|expected jsonl or compact",
    })
    void badValueIsOneLineNamingTheOption(String option, String value, String allowed) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new RunCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(new String[] {CONFIG, option, value});
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: " + option + ": expected "), e);
        assertTrue(e.contains(allowed), e);
        assertTrue(e.contains("got \"" + value + "\""), e);
        assertFalse(e.contains("Exception"), e);
    }

    @Test
    void structuralMistakesAreOneLineToo() {
        for (String[] args : new String[][] {{}, {CONFIG, "extra"}, {CONFIG, "--timeout"}, {CONFIG, "--bogus", "1"},
                {CONFIG, "--timeout", "1", "--timeout", "2"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, new RunCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true))
                    .run(args), String.join(" ", args));
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("error: "), err.toString());
        }
    }

    @Test
    void goodValuesMeanExactlyWhatTheySay() throws UsageException {
        RunOptions o = RunOptions.parse(new String[] {CONFIG, "--timeout", "0.5", "--trace-max", "10M",
                "--max-exits", "0", "--max-instructions", "9223372036854775807"});
        assertEquals(Duration.ofMillis(500), o.timeout);
        assertEquals(10L << 20, o.traceMax);
        assertEquals(0, o.maxExits);
        assertEquals(Long.MAX_VALUE, o.maxInstructions);
        assertEquals(Duration.ZERO, RunOptions.parse(new String[] {CONFIG, "--timeout", "0"}).timeout);
        assertEquals(Duration.ofSeconds(86_400), RunOptions.parse(new String[] {CONFIG, "--timeout", "86400"}).timeout);
        assertEquals(Duration.ofMillis(1), RunOptions.parse(new String[] {CONFIG, "--timeout", "0.001"}).timeout);
        assertEquals(1L << 30, RunOptions.parse(new String[] {CONFIG, "--trace-max", "1G"}).traceMax);
        assertEquals(256L << 20, RunOptions.parse(new String[] {CONFIG}).traceMax);
        assertEquals(org.kvmworkbench.core.session.TraceWriter.Format.JSONL, RunOptions.parse(new String[] {CONFIG}).traceFormat);
        assertEquals(org.kvmworkbench.core.session.TraceWriter.Format.COMPACT,
                RunOptions.parse(new String[] {CONFIG, "--trace-format", "compact"}).traceFormat);
        assertTrue(RunOptions.parse(new String[] {CONFIG, "--help"}).help);
    }
}
