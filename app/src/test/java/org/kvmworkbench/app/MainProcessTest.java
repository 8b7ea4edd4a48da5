package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a separate JVM shows: the process's own streams, environment and signals. */
class MainProcessTest {
    @TempDir Path dir;

    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Dkvmwb.lang=en"); // the English words these tests assert, whatever the machine's locale
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static String finish(Process p) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process did not end");
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void outputIsUtf8WhateverTheLocale() throws Exception {
        ProcessBuilder pb = java("-Dfile.encoding=ANSI_X3.4-1968", "-Dsun.stdout.encoding=ANSI_X3.4-1968",
                "org.kvmworkbench.app.Main", "--help");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        finish(p);
        assertEquals(0, p.exitValue());
        assertTrue(new String(out, StandardCharsets.UTF_8).contains("time (µs) per virtio kick"),
                new String(out, StandardCharsets.ISO_8859_1));
    }

    @Test
    void withoutADisplayTheWindowIsOneLineAndStatus2() throws Exception {
        ProcessBuilder pb = java("org.kvmworkbench.app.Main");
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = finish(p);
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("no display") && err.contains("kvm-workbench run CONFIG"), err);
        assertFalse(err.contains("Exception"), err);
    }

    /** A bad --lang cannot choose the language: the line is in the property's (else the system's), status 2. */
    @Test
    void aBadLangIsOneLineInThePropertysLanguage() throws Exception {
        Process english = java("org.kvmworkbench.app.Main", "--lang", "klingon").start();
        assertEquals("error: unknown language \"klingon\": en or zh-CN; try: kvm-workbench --help\n", finish(english));
        assertEquals(2, english.exitValue());
        Process chinese = java("-Dkvmwb.lang=zh-CN", "org.kvmworkbench.app.Main", "--lang").start(); // the later -D wins
        assertEquals("错误：--lang 需要指定语言：en 或 zh-CN；试试：kvm-workbench --help\n", finish(chinese));
        assertEquals(2, chinese.exitValue());
    }

    private List<Path> temporaryTraces() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** A guest that writes to the debug console forever: one userspace exit per OUT. */
    private Path endlessExits() throws IOException {
        // 0x1000: out 0xE9, al ; jmp 0x1000
        Files.write(dir.resolve("loop.bin"), new byte[] {(byte) 0xE6, (byte) 0xE9, (byte) 0xEB, (byte) 0xFC});
        return Files.writeString(dir.resolve("loop.yaml"), "name: loop\nmemory: 64K\nimage: loop.bin\n"
                + "backend: simulated\ndevices:\n  - {type: debugcon, port: 0xE9}\n");
    }

    @Test
    void ctrlCStillFinishesTheTraceFile() throws Exception {
        Path config = endlessExits();
        Path trace = Files.writeString(dir.resolve("t.jsonl"), "");
        Process p = java("org.kvmworkbench.app.Main", "run", config.toString(), "--timeout", "0",
                "--max-instructions", "0", "--trace", trace.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // the run is under way once the temporary trace has had its first buffer of exits flushed to it
        while (temporaryTraces().isEmpty() || Files.size(temporaryTraces().get(0)) == 0) {
            assertTrue(p.isAlive() && System.nanoTime() < end, "no trace is being written");
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(List.of(), temporaryTraces());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.size() > 0);
        for (String line : lines) assertEquals(0xE9, new ObjectMapper().readTree(line).get("port").asInt(), line);
    }
}
