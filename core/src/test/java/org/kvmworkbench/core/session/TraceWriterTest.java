package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.exit.ExitRecord;

/** A trace never puts the user's files at risk, and stops cleanly at its size cap or on a write error. */
class TraceWriterTest {
    private static final List<ExitRecord> EXITS = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    @TempDir Path dir;

    @BeforeAll
    static void recordHelloSerial() throws Exception {
        SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(SampleRunner.SAMPLES.resolve("hello-serial.yaml")),
                (s, b) -> { }, "test");
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(EXITS::add);
        HeadlessRun.run(loop, RunLimits.DEFAULT);
        assertEquals(92, EXITS.size());
    }

    private TraceWriter open(Path target, List<Path> inputs, long max) throws TraceException {
        return TraceWriter.open(target, inputs, max, warnings::add);
    }

    private List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTargetAppearsOnlyWhenTheTraceIsFinished() throws Exception {
        Path target = dir.resolve("t.jsonl");
        TraceWriter w = open(target, List.of(), TraceWriter.DEFAULT_MAX_BYTES);
        EXITS.forEach(w::onExit);
        assertFalse(Files.exists(target), "written to a temporary file first");
        w.close();
        assertEquals(List.of("t.jsonl"), filesIn(dir));
        List<String> lines = Files.readAllLines(target);
        assertEquals(92, lines.size());
        assertEquals(1, new ObjectMapper().readTree(lines.get(0)).get("seq").asLong());
        w.close(); // idempotent: the shutdown hook and the normal end may both close it
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void anOldTraceIsReplacedAndAnEmptyFileMayBeUsed() throws Exception {
        Path old = dir.resolve("old.jsonl");
        Files.writeString(old, TraceWriter.toJson(EXITS.get(5)) + "\n" + "junk after the first line\n");
        TraceWriter w = open(old, List.of(), TraceWriter.DEFAULT_MAX_BYTES);
        w.onExit(EXITS.get(0));
        w.close();
        assertEquals(1, Files.readAllLines(old).size());
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        open(empty, List.of(), TraceWriter.DEFAULT_MAX_BYTES).close();
        assertEquals(0, Files.size(empty));
    }

    @Test
    void inputsAreNeverWrittenOverNotEvenThroughLinks() throws Exception {
        Path config = Files.writeString(dir.resolve("vm.yaml"), "name: t\n");
        Path image = Files.write(dir.resolve("guest.bin"), new byte[] {(byte) 0xF4});
        Path symlink = Files.createSymbolicLink(dir.resolve("link.jsonl"), config);
        Path hardLink = Files.createLink(dir.resolve("hard.jsonl"), image);
        for (Path target : List.of(config, image, symlink, hardLink)) {
            TraceException e = assertThrows(TraceException.class, () -> open(target, List.of(config, image), 1 << 20));
            assertTrue(e.getMessage().contains("an input of this run"), e.getMessage());
        }
        assertEquals("name: t\n", Files.readString(config));
        assertArrayEquals(new byte[] {(byte) 0xF4}, Files.readAllBytes(image));
        assertEquals(List.of("guest.bin", "hard.jsonl", "link.jsonl", "vm.yaml"), filesIn(dir));
    }

    @Test
    void aFileThatIsNotATraceIsNeverWrittenOver() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        Path json = Files.writeString(dir.resolve("other.jsonl"), "{\"seq\": 1}\n");
        for (Path target : List.of(notes, json)) {
            TraceException e = assertThrows(TraceException.class, () -> open(target, List.of(), 1 << 20));
            assertTrue(e.getMessage().contains("not a kvm-workbench trace"), e.getMessage());
        }
        assertEquals("my notes\n", Files.readString(notes));
    }

    @Test
    void specialFilesFoldersAndMissingFoldersAreRefused() throws Exception {
        List<Path> targets = new ArrayList<>(List.of(dir, dir.resolve("missing/t.jsonl")));
        for (String dev : List.of("/dev/full", "/dev/null")) if (Files.exists(Path.of(dev))) targets.add(Path.of(dev));
        for (Path target : targets) {
            TraceException e = assertThrows(TraceException.class, () -> open(target, List.of(), 1 << 20));
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    @Test
    void atTheSizeCapTheTraceEndsWithANoteAndOneWarning() throws Exception {
        Path target = dir.resolve("t.jsonl");
        TraceWriter w = open(target, List.of(), TraceWriter.MIN_MAX_BYTES);
        EXITS.forEach(w::onExit);
        w.close();
        assertTrue(Files.size(target) <= TraceWriter.MIN_MAX_BYTES, Files.size(target) + " bytes");
        List<String> lines = Files.readAllLines(target);
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("size limit", last.get(TraceWriter.STOPPED_FIELD).asText());
        assertEquals(lines.size() - 1, last.get("records").asLong());
        assertEquals(lines.size() - 1, w.records());
        assertTrue(lines.size() > 2 && lines.size() < 92, lines.size() + " lines");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: trace: stopped at 4K (--trace-max)"), warnings.get(0));
        assertNull(w.failure(), "the cap is not a failure");
        assertTrue(TraceTarget.isTrace(target), "a capped trace may be overwritten by the next run");
    }

    /** Fails every write after {@code okBytes}, like a disk that fills up. */
    private static final class FillingDisk extends OutputStream {
        private long room;

        FillingDisk(long room) {
            this.room = room;
        }

        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (len > room) throw new java.nio.file.FileSystemException(null, null, "No space left on device");
            room -= len;
        }
    }

    @Test
    void aWriteErrorStopsTheTraceWithOneLineAndLeavesTheTargetAlone() throws Exception {
        Path target = Files.writeString(dir.resolve("t.jsonl"), "previous trace\n");
        Path temp = Files.createFile(dir.resolve(".t.jsonl.1.tmp"));
        TraceWriter w = TraceWriter.toStream(target, temp, new FillingDisk(2000), 1 << 20, warnings::add);
        EXITS.forEach(w::onExit); // no exception reaches the VMM loop
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("No space left on device"), warnings.get(0));
        assertTrue(warnings.get(0).contains("the run goes on"), warnings.get(0));
        assertFalse(warnings.get(0).contains("Exception"), warnings.get(0));
        assertTrue(w.failure().contains("No space left on device"));
        TraceException e = assertThrows(TraceException.class, w::close);
        assertTrue(e.getMessage().contains("No space left on device"));
        assertEquals("previous trace\n", Files.readString(target));
        assertEquals(List.of("t.jsonl"), filesIn(dir), "the temporary file is removed");
    }

    @Test
    void anAbandonedTraceLeavesTheTargetAsItWas() throws Exception {
        Path target = Files.writeString(dir.resolve("t.jsonl"), "");
        TraceWriter w = open(target, List.of(), 1 << 20);
        w.onExit(EXITS.get(0));
        w.abandon();
        w.close();
        assertEquals(0, Files.size(target));
        assertEquals(List.of("t.jsonl"), filesIn(dir));
    }

    @Test
    void closingFromAnotherThreadMidRunFinishesTheFile() throws Exception {
        Path target = dir.resolve("t.jsonl");
        TraceWriter w = open(target, List.of(), 1 << 20);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200; i++) EXITS.forEach(w::onExit);
        });
        writer.start();
        w.close(); // what the Ctrl-C shutdown hook does while the VMM loop still runs
        writer.join();
        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        for (String line : lines) assertTrue(new ObjectMapper().readTree(line).has("seq"), line);
        assertEquals(List.of("t.jsonl"), filesIn(dir));
    }
}
