package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of every workload measures work and reports it; the rates themselves are not asserted. */
class SimulatorBenchTest {
    private static final BenchSettings TINY = new BenchSettings(0.01, 2, 0);

    @Test
    void everyWorkloadDoesWorkAndIsReportedInTheTableAndTheJson(@TempDir Path dir) throws Exception {
        List<WorkloadResult> heard = new ArrayList<>();
        List<WorkloadResult> results = SimulatorBench.run(List.of(Workload.values()), TINY, heard::add);
        assertEquals(results, heard);
        assertEquals(Workload.values().length, results.size());
        for (WorkloadResult r : results) {
            assertEquals(2, r.repetitions().size());
            for (Repetition rep : r.repetitions()) {
                assertTrue(rep.count() > 0, r.workload() + " did no work");
                assertTrue(rep.wallSeconds() >= 0.01 && rep.cpuSeconds() > 0, r.workload() + " " + rep);
            }
            Stats s = r.cpuRates();
            assertTrue(s.min() <= s.median() && s.median() <= s.max());
            assertTrue(BenchReport.row(r).startsWith(r.workload().label()));
        }

        Path json = dir.resolve("bench.json");
        Files.writeString(json, "old results");
        BenchReport.writeJson(json, TINY, true, Instant.EPOCH, results);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(Workload.values().length, root.get("workloads").size());
        int u = Workload.UART_EXITS.ordinal();
        JsonNode uart = root.get("workloads").get(u);
        assertEquals("uart-exit-loop", uart.get("name").asText());
        assertEquals("exits", uart.get("unit").asText());
        assertEquals(results.get(u).repetitions().get(0).count(),
                uart.get("repetitions").get(0).get("count").asLong());
        assertTrue(root.get("settings").get("quick").asBoolean());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(json), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void statsTakeTheMiddleOfAnOddOrEvenCount() {
        assertEquals(new Stats(1, 2, 9), Stats.of(new double[] {9, 1, 2}));
        assertEquals(new Stats(1, 2.5, 9), Stats.of(new double[] {9, 1, 2, 3}));
    }
}
