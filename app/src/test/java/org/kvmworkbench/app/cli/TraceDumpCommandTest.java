package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace-dump prints a compact trace as the JSON Lines a run writes in that form, line for line. */
@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
class TraceDumpCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int dump(String... args) {
        return TraceDumpCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void runSample(Path trace, String format) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int status = new RunCommand(new PrintStream(sink, true), new PrintStream(sink, true)).run(new String[] {
                "../samples/hello-serial.yaml", "--backend", "simulated", "--trace", trace.toString(),
                "--trace-format", format});
        assertEquals(0, status, sink.toString());
    }

    @Test
    void aCompactTraceDumpsToTheSameLinesAsTheJsonLinesTraceOfTheSameRun(@TempDir Path tmp) throws Exception {
        Path jsonl = tmp.resolve("t.jsonl"), compact = tmp.resolve("t.kwbt");
        runSample(jsonl, "jsonl");
        runSample(compact, "compact");
        assertEquals(0, dump(compact.toString()), err.toString());
        List<String> expected = Files.readAllLines(jsonl);
        assertEquals(92, expected.size());
        assertEquals(expected, out.toString(StandardCharsets.UTF_8).lines().toList());
        assertTrue(Files.size(compact) * 10 < Files.size(jsonl), "an order of magnitude smaller: "
                + Files.size(compact) + " against " + Files.size(jsonl) + " bytes");
    }

    @Test
    void aFileThatIsNotACompactTraceIsOneLineAndStatus1(@TempDir Path tmp) throws Exception {
        Path notTrace = tmp.resolve("x.kwbt");
        Files.writeString(notTrace, "{\"seq\":1}\n");
        assertEquals(1, dump(notTrace.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("not a kvm-workbench compact trace"), err.toString());
    }

    @Test
    void noFileOrAnOptionIsAUsageError() {
        assertEquals(2, dump());
        assertEquals(2, dump("--json"));
        assertEquals(2, dump("/no/such/trace.kwbt"));
    }
}
