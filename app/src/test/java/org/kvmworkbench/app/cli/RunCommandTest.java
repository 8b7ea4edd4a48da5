package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
class RunCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new RunCommand(new PrintStream(out, true), new PrintStream(err, true)).run(args);
    }

    @Test
    void helloSerialPrintsGreetingAndWritesTrace(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("t.jsonl");
        int status = run("../samples/hello-serial.yaml", "--backend", "simulated", "--trace", trace.toString());
        assertEquals(0, status, err.toString());
        assertEquals("Hello from the guest via the 16550 UART!\r\n", out.toString());
        assertTrue(err.toString().contains("30 I/O instruction: 91"), err.toString());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(92, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(1, first.get("seq").asLong());
        assertEquals(30, first.get("reason").asInt());
        assertEquals("I/O instruction", first.get("reasonName").asText());
        assertEquals("KVM_EXIT_IO", first.get("kvmExit").asText());
        assertEquals(0x3F9, first.get("port").asInt());
        assertEquals((0x3F9L << 16), first.get("qualification").asLong());
        assertEquals(1, first.get("count").asInt());
        assertTrue(first.get("path").isArray());
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(12, last.get("reason").asInt());
    }

    @Test
    void kernelHandledExitsHaveNullKvmExit(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("t.jsonl");
        assertEquals(0, run("../samples/cpuid-msr.yaml", "--backend", "simulated", "--trace", trace.toString()));
        long kernel = Files.readAllLines(trace).stream().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).filter(n -> n.get("kvmExit").isNull()).count();
        assertEquals(4, kernel);
    }

    @Test
    void badConfigIsAClearOneLineError(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "name: x\nmemory: 64Q\nimage: missing.bin\n");
        assertEquals(2, run(cfg.toString()));
        assertTrue(err.toString().contains("memory"), err.toString());
        assertTrue(err.toString().contains("image"), err.toString());
        assertTrue(!err.toString().contains("Exception"), err.toString());
    }

    @Test
    void limitsStopARunawayGuest() {
        assertEquals(5, run("../samples/runaway-loop.yaml", "--backend", "simulated", "--max-instructions", "1000000"));
        assertTrue(err.toString().contains("instruction limit reached"), err.toString());
    }

    @Test
    void exitLimitStopsAfterNExits() {
        assertEquals(5, run("../samples/hello-serial.yaml", "--max-exits", "10"));
        assertTrue(err.toString().contains("exits: 10 "), err.toString());
    }

    /** timer-tick's injections are VM entries, not exits: the summary's exits are its userspace plus in-kernel ones. */
    @Test
    void theSummaryCountsVmExitsOnlyNotInjections() {
        run("../samples/timer-tick.yaml", "--backend", "simulated"); // ends in HLT with IF=0 after 50 ticks (status 5)
        assertTrue(err.toString().contains("masked after ticks: 50") || out.toString().contains("ticks: 50"), out + " " + err);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("exits: (\\d+) \\(userspace (\\d+), in-kernel (\\d+)\\)")
                .matcher(err.toString());
        assertTrue(m.find(), err.toString());
        long exits = Long.parseLong(m.group(1)), userspace = Long.parseLong(m.group(2)), kernel = Long.parseLong(m.group(3));
        assertTrue(kernel > 0, "timer-tick's HLTs with IF=1 finish in the kernel: " + err);
        assertEquals(userspace + kernel, exits, err.toString());
    }

    @Test
    void guestFaultsGiveNonZeroStatus() {
        assertEquals(3, run("../samples/triple-fault.yaml"));
        assertEquals(4, run("../samples/unsupported-instruction.yaml", "--backend", "simulated")); // KVM runs its MMX
    }

    @Test
    void usageErrors() {
        assertEquals(2, run());
        assertEquals(2, run("../samples/hello-serial.yaml", "--backend", "qemu"));
        assertEquals(2, run("../samples/hello-serial.yaml", "--max-exits", "-3"));
    }

    @Test
    void kvmWithoutADeviceFailsInsteadOfFallingBack() {
        String old = System.getProperty("kvmwb.kvm.device");
        System.setProperty("kvmwb.kvm.device", "/nonexistent/kvm");
        try {
            assertEquals(6, run("../samples/hello-serial.yaml", "--backend", "kvm"));
            assertTrue(err.toString().contains("KVM backend unavailable: no KVM device"), err.toString());
            err.reset();
            out.reset();
            // auto falls back to the simulator and says why
            assertEquals(0, run("../samples/hello-serial.yaml", "--backend", "auto"));
            assertEquals("Hello from the guest via the 16550 UART!\r\n", out.toString());
            assertTrue(err.toString().contains("backend: simulated"), err.toString());
            assertTrue(err.toString().contains("KVM not usable: no KVM device"), err.toString());
            assertTrue(err.toString().contains("/nonexistent/kvm"), err.toString());
        } finally {
            if (old == null) System.clearProperty("kvmwb.kvm.device");
            else System.setProperty("kvmwb.kvm.device", old);
        }
    }

    @Test
    void helloSerialOnRealKvm() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.kvmworkbench.kvm.KvmProbe.probe().available(),
                "KVM is not usable here: " + org.kvmworkbench.kvm.KvmProbe.probe().describe());
        assertEquals(0, run("../samples/hello-serial.yaml", "--backend", "kvm"), err.toString());
        assertEquals("Hello from the guest via the 16550 UART!\r\n", out.toString());
        assertTrue(err.toString().contains("backend: kvm"), err.toString());
    }

    @Test
    void runawayGuestOnKvmIsStoppedByTheTimeout() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.kvmworkbench.kvm.KvmProbe.probe().available());
        long t0 = System.nanoTime();
        assertEquals(5, run("../samples/runaway-loop.yaml", "--backend", "kvm", "--timeout", "0.5"));
        assertTrue(err.toString().contains("time limit reached"), err.toString());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void inputOptionFeedsTheUart() {
        // echo.yaml queues nothing (it is interactive): the option's text is all the guest reads, Ctrl-D ends it
        assertEquals(0, run("../samples/echo.yaml", "--input", "hello KVM\\r\\x04"));
        assertEquals("echo: type, Ctrl-D ends\r\nhello KVM\r\n\r\nbye\r\n", out.toString());
    }

    @Test
    void traceIsNeverWrittenOverTheConfigOrImageEvenThroughLinks(@TempDir Path tmp) throws Exception {
        Path config = Path.of("../samples/hello-serial.yaml");
        Path image = Path.of("../samples/hello-serial.bin");
        byte[] configBytes = Files.readAllBytes(config);
        byte[] imageBytes = Files.readAllBytes(image);
        Path link = Files.createSymbolicLink(tmp.resolve("link.jsonl"), config.toAbsolutePath());
        for (Path target : List.of(config, image, link)) {
            err.reset();
            assertEquals(2, run(config.toString(), "--backend", "simulated", "--trace", target.toString()));
            assertTrue(err.toString().startsWith("error: --trace: "), err.toString());
            assertTrue(err.toString().contains("an input of this run"), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
        assertTrue(java.util.Arrays.equals(configBytes, Files.readAllBytes(config)));
        assertTrue(java.util.Arrays.equals(imageBytes, Files.readAllBytes(image)));
        assertEquals("", out.toString(), "nothing ran");
    }

    @Test
    void traceRefusesFilesThatAreNotTracesAndSpecialFiles(@TempDir Path tmp) throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "keep me\n");
        assertEquals(2, run("../samples/hello-serial.yaml", "--trace", notes.toString()));
        assertTrue(err.toString().contains("not a kvm-workbench trace"), err.toString());
        assertEquals("keep me\n", Files.readString(notes));
        err.reset();
        assertEquals(2, run("../samples/hello-serial.yaml", "--trace", "/dev/full"));
        assertTrue(err.toString().contains("not a regular file"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void aSecondRunReplacesItsOwnTraceAndLeavesNoTemporaryFile(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("t.jsonl");
        assertEquals(0, run("../samples/hello-serial.yaml", "--backend", "simulated", "--trace", trace.toString()));
        assertEquals(0, run("../samples/cpuid-msr.yaml", "--backend", "simulated", "--trace", trace.toString()));
        assertTrue(Files.readAllLines(trace).size() < 92, "the cpuid-msr trace replaced the hello-serial one");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(trace), files.toList());
        }
    }

    @Test
    void traceMaxStopsTheTraceWithANoteAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("t.jsonl");
        assertEquals(0, run("../samples/hello-serial.yaml", "--backend", "simulated", "--trace", trace.toString(),
                "--trace-max", "4K"));
        assertEquals("Hello from the guest via the 16550 UART!\r\n", out.toString());
        assertTrue(Files.size(trace) <= 4096, Files.size(trace) + " bytes");
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(lines.size() - 1).contains("\"traceStopped\":\"size limit\""), lines.get(lines.size() - 1));
        assertTrue(err.toString().contains("warning: trace: stopped at 4K (--trace-max)"), err.toString());
    }

    @Test
    void aTimeoutIsExactNotRoundedToNoLimit() {
        assertEquals(5, run("../samples/runaway-loop.yaml", "--backend", "simulated", "--timeout", "0.001",
                "--max-instructions", "0"));
        assertTrue(err.toString().contains("time limit reached (1 ms)"), err.toString());
    }
}
