package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.bench.Workload;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.exit.ExitRecord;

/**
 * The compact trace holds the same exits as the live records (every register too), is an order of magnitude
 * smaller than JSON Lines, allocates nothing per exit, sees code the guest rewrote, and a damaged file is one
 * IOException.
 */
class CompactTraceTest {
    @TempDir Path dir;

    /** Runs a sample with both traces attached; returns the live records, and the two files' bytes. */
    private record Run(List<ExitRecord> live, byte[] compact, byte[] jsonl) {}

    private Run run(String sample) throws Exception {
        SimulatedVcpu vcpu = new SimulatedVcpu(ConfigLoader.load(SampleRunner.SAMPLES.resolve(sample + ".yaml")),
                (s, b) -> { }, "test");
        VmmLoop loop = new VmmLoop(vcpu);
        ByteArrayOutputStream compact = new ByteArrayOutputStream(), jsonl = new ByteArrayOutputStream();
        TraceWriter c = TraceWriter.toStream(dir.resolve("c"), null, compact, 1L << 30, w -> { },
                TraceWriter.Format.COMPACT);
        TraceWriter j = TraceWriter.toStream(dir.resolve("j"), null, jsonl, 1L << 30, w -> { });
        List<ExitRecord> live = new ArrayList<>();
        loop.setRawListener(c);
        loop.setListener(r -> {
            live.add(r);
            j.onExit(r);
        });
        HeadlessRun.run(loop, new RunLimits(100_000, 50_000_000, Duration.ofSeconds(20)));
        return new Run(live, compact.toByteArray(), jsonl.toByteArray());
    }

    private List<ExitRecord> read(byte[] trace) throws IOException {
        Path f = Files.write(dir.resolve("t.kwbt"), trace);
        return CompactTraceReader.read(f, Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello-serial", "cpuid-msr", "mmio-probe", "virtio-kick", "virtio-mmio-kick",
            "triple-fault", "unsupported-instruction", "echo-scripted"})
    void everyExitReadsBackAsItWasRecorded(String sample) throws Exception {
        Run r = run(sample);
        List<ExitRecord> back = read(r.compact());
        assertTrue(r.live().size() > 0);
        assertEquals(asWritten(r.live()), back, "records equal field by field: reason, qualification, path, access,"
                + " all registers, instruction text, note, instructions retired, SVM names");
    }

    /** The records with each note as a trace keeps it: its English text. */
    private static List<ExitRecord> asWritten(List<ExitRecord> live) {
        return live.stream().map(x -> new ExitRecord(x.seq(), x.reason(), x.qualification(), x.instructionLength(),
                x.guestPhysical(), x.guestLinear(), x.interruptionInfo(), x.svm(), x.kvmExit(), x.path(), x.access(),
                x.regs(), x.instruction(), org.kvmworkbench.core.i18n.Phrase.literal(x.note().english()),
                x.instructionsRetired(), x.measuredNanos(), x.hostReason())).toList();
    }

    @Test
    void itIsAnOrderOfMagnitudeSmallerThanJsonLines() throws Exception {
        Run r = run("hello-serial");
        assertTrue(r.compact().length * 10 <= r.jsonl().length,
                r.compact().length + " compact bytes vs " + r.jsonl().length + " JSON Lines bytes for " + r.live().size()
                        + " exits");
    }

    @Test
    void writingAnExitAllocatesNothing() throws Exception {
        SimulatedVcpu vcpu = org.kvmworkbench.core.bench.SimulatorBenchAccess.open(Workload.UART_EXITS);
        VmmLoop loop = new VmmLoop(vcpu);
        long[] bytes = new long[1];
        OutputStream sink = new OutputStream() {
            @Override public void write(int b) {
                bytes[0]++;
            }

            @Override public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        loop.setRawListener(TraceWriter.toStream(dir.resolve("c"), null, sink, Long.MAX_VALUE, w -> { },
                TraceWriter.Format.COMPACT));
        exits(loop, 200_000);
        long[] bytesBefore = new long[1];
        long allocated = org.kvmworkbench.core.bench.LeastAllocation.ofThreeRounds(() -> {
            bytesBefore[0] = bytes[0];
            exits(loop, 100_000);
        });
        assertEquals(0, allocated, allocated / 100_000.0 + " bytes allocated per traced exit");
        assertTrue(bytes[0] - bytesBefore[0] >= 100_000, "every exit was written");
    }

    private static void exits(VmmLoop loop, int n) {
        for (int i = 0; i < n; i++) {
            if (loop.step(1000) != VmmLoop.Step.EXIT) throw new AssertionError("expected an exit at " + i);
        }
    }

    @Test
    void codeTheGuestRewroteIsDisassembledAgain() throws Exception {
        SimulatedVcpu vcpu = org.kvmworkbench.core.bench.SimulatorBenchAccess.open(Workload.UART_EXITS);
        VmmLoop loop = new VmmLoop(vcpu);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loop.setRawListener(TraceWriter.toStream(dir.resolve("c"), null, out, 1L << 30, w -> { },
                TraceWriter.Format.COMPACT));
        List<ExitRecord> live = new ArrayList<>();
        loop.setListener(live::add);
        exits(loop, 3);
        ExitRecord last = live.get(2);
        long linear = ((long) last.regs().cs() << 4) + last.regs().rip();
        assertEquals(0xEE, vcpu.machine().memory().read8(linear), "OUT DX, AL");
        vcpu.machine().memory().write8(linear, 0xEF); // now OUT DX, AX at the same address
        exits(loop, 2);
        List<ExitRecord> back = read(out.toByteArray());
        assertEquals(live, back);
        assertTrue(!back.get(2).instruction().equals(back.get(4).instruction()),
                back.get(2).instruction() + " then " + back.get(4).instruction());
    }

    @Test
    void aDamagedTraceIsOneIOExceptionNeverAnythingElse() throws Exception {
        byte[] good = run("virtio-kick").compact();
        Random random = new Random(7);
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) bad[8 + random.nextInt(bad.length - 8)] = (byte) random.nextInt(256);
            if (random.nextInt(4) == 0) bad = java.util.Arrays.copyOf(bad, 9 + random.nextInt(bad.length - 9));
            try {
                read(bad);
            } catch (IOException e) {
                rejected++;
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            }
        }
        assertTrue(rejected > 100, rejected + " of 3000 damaged traces were refused");
    }

    @Test
    void aTraceCutAtItsSizeCapStillReads() throws Exception {
        SimulatedVcpu vcpu = org.kvmworkbench.core.bench.SimulatorBenchAccess.open(Workload.UART_EXITS);
        VmmLoop loop = new VmmLoop(vcpu);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> warnings = new ArrayList<>();
        TraceWriter w = TraceWriter.toStream(dir.resolve("c"), null, out, TraceWriter.MIN_MAX_BYTES, warnings::add,
                TraceWriter.Format.COMPACT);
        loop.setRawListener(w);
        List<ExitRecord> live = new ArrayList<>();
        loop.setListener(live::add);
        exits(loop, 5000);
        assertTrue(out.size() <= TraceWriter.MIN_MAX_BYTES, out.size() + " bytes");
        List<ExitRecord> back = read(out.toByteArray());
        assertTrue(back.size() > 100 && back.size() < 5000, back.size() + " exits kept");
        assertEquals(w.records(), back.size());
        assertEquals(live.subList(0, back.size()), back);
        assertEquals(1, warnings.size(), warnings.toString());
    }
}
