package org.kvmworkbench.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.app.cli.RunCommand;
import org.kvmworkbench.core.exit.ExitRecord;

/** The timeline opens both trace forms the CLI writes, and they tell the same story. */
class TraceFileTest {
    @TempDir Path dir;

    private Path trace(String name, String... format) {
        Path t = dir.resolve(name);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        String[] args = {"../samples/virtio-kick.yaml", "--backend", "simulated", "--trace", t.toString()};
        if (format.length > 0) args = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--trace-format", format[0])).toArray(String[]::new);
        assertEquals(0, new RunCommand(quiet, quiet).run(args));
        return t;
    }

    @Test
    void jsonLinesAndCompactTracesReadAsTheSameExits() throws Exception {
        List<ExitRecord> jsonl = TraceFile.read(trace("t.jsonl"), 1000);
        List<ExitRecord> compact = TraceFile.read(trace("t.kwbt", "compact"), 1000);
        assertTrue(jsonl.size() > 5);
        assertEquals(jsonl.size(), compact.size());
        for (int i = 0; i < jsonl.size(); i++) {
            ExitRecord j = jsonl.get(i), c = compact.get(i);
            assertEquals(j.seq(), c.seq());
            assertEquals(j.reason(), c.reason());
            assertEquals(j.qualification(), c.qualification());
            assertEquals(j.path(), c.path());
            assertEquals(j.kvmExit(), c.kvmExit());
            assertEquals(j.access(), c.access());
            assertEquals(j.regs().rip(), c.regs().rip());
            assertEquals(j.instruction(), c.instruction());
            assertEquals(j.note().english(), c.note().english());
        }
        assertTrue(compact.stream().anyMatch(r -> r.regs().rsp() != 0), "the compact form keeps every register");
    }

    @Test
    void aTruncatedCompactTraceIsOneClearError() throws Exception {
        Path t = trace("t.kwbt", "compact");
        byte[] b = Files.readAllBytes(t);
        Path cut = Files.write(dir.resolve("cut.kwbt"), java.util.Arrays.copyOf(b, b.length - 3));
        IOException e = assertThrows(IOException.class, () -> TraceFile.read(cut, 1000));
        assertTrue(e.getMessage().startsWith("cut.kwbt: the compact trace ends in the middle of an entry"), e.getMessage());
        org.kvmworkbench.core.i18n.Messages.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
        try {
            String said = org.kvmworkbench.core.i18n.Phrase.of(e).toString();
            assertTrue(said.startsWith("cut.kwbt：紧凑跟踪文件在一条记录的中间结束（第 "), "the window's words: " + said);
            Path junk = Files.writeString(dir.resolve("junk.jsonl"), "{\"seq\": 1}\n");
            IOException bad = assertThrows(IOException.class, () -> TraceFile.read(junk, 1000));
            assertTrue(org.kvmworkbench.core.i18n.Phrase.of(bad).toString().startsWith("junk.jsonl 第 1 行：不是跟踪文件中的退出记录（"),
                    org.kvmworkbench.core.i18n.Phrase.of(bad).toString());
            assertTrue(bad.getMessage().startsWith("junk.jsonl line 1: not an exit record of a trace ("), bad.getMessage());
        } finally {
            org.kvmworkbench.core.i18n.Messages.setLocale(java.util.Locale.ROOT);
        }
    }
}
