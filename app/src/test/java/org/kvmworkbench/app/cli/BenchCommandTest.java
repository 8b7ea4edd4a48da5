package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmworkbench.app.i18n.Bundles;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.bench.BenchSettings;
import org.kvmworkbench.core.bench.Workload;
import org.kvmworkbench.core.i18n.Messages;

@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new BenchCommand(new PrintStream(out, true), new PrintStream(err, true)).run(args);
    }

    /** The CI smoke run: every workload measured, the table printed, the JSON written through a temp file. */
    @Test
    void quickRunPrintsEveryWorkloadAndWritesJson(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        int status = run("--quick", "--json", json.toString());
        assertEquals(0, status, err.toString());
        assertEquals("", err.toString());
        String table = out.toString();
        for (Workload w : Workload.values()) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith(w.label()) && l.contains(w.unit().rateLabel())),
                    w.label() + " row missing:\n" + table);
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(Workload.values().length, root.get("workloads").size());
        assertEquals(3, root.get("settings").get("repeat").asInt());
        for (JsonNode w : root.get("workloads")) {
            assertEquals(3, w.get("repetitions").size(), w.toString());
            assertTrue(w.get("cpuRatePerSecond").get("median").asDouble() > 0, w.toString());
        }
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the JSON file, no temp file");
        }
    }

    /**
     * An emulator that ends before the guest runs gets one warning in the CLI's language and no column; what it wrote
     * on stderr is quoted as it wrote it.
     */
    @Test
    void anEmulatorThatFailsIsSaidInChinese(@TempDir Path tmp) throws Exception {
        Path exe = tmp.resolve("fake_emulator");
        Files.writeString(exe, "#!/bin/sh\necho 'could not load PC BIOS' >&2\nexit 1\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        Texts.setLocale(Locale.SIMPLIFIED_CHINESE);
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        BenchCommand bench = new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(List.of(), bench.compare(List.of(), BenchSettings.QUICK, e -> Optional.of(exe)));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("警告：bench --compare：QEMU 未比较：fake_emulator 在客户机运行之前就结束了：could not load PC BIOS",
                "警告：bench --compare：Bochs 未比较：fake_emulator 在客户机运行之前就结束了：could not load PC BIOS"), lines);
        String ours = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)
                .replace("could not load PC BIOS", "").replace("bench --compare", "");
        assertEquals(List.of(), Bundles.englishWords(ours), ours);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc            | unexpected argument \"abc\"",
        "-1             | unexpected argument \"-1\"",
        "NaN            | unexpected argument \"NaN\"",
        "1e10           | unexpected argument \"1e10\"",
        "3              | unexpected argument \"3\"; give the time per repetition as --seconds 3",
        "--seconds abc  | --seconds: expected seconds per repetition from 0.01 to 600, got \"abc\"",
        "--seconds NaN  | --seconds: expected seconds per repetition from 0.01 to 600, got \"NaN\"",
        "--seconds 1e10 | --seconds: expected seconds per repetition from 0.01 to 600, got \"1e10\"",
        "--seconds 0    | --seconds: expected seconds per repetition from 0.01 to 600, got \"0\"",
        "--seconds 601  | --seconds: expected seconds per repetition from 0.01 to 600, got \"601\"",
        "--seconds      | --seconds: needs a value",
        "--repeat 0     | --repeat: expected a whole number from 1 to 100, got \"0\"",
        "--repeat 2.5   | --repeat: expected a whole number from 1 to 100, got \"2.5\"",
        "--repeat 101   | --repeat: expected a whole number from 1 to 100, got \"101\"",
        "--json         | --json: needs a value",
        "--quick --quick | --quick: given twice",
        "--compare --compare | --compare: given twice",
        "--same-jvm --same-jvm | --same-jvm: given twice",
        "--fast         | unknown option \"--fast\"; see kvm-workbench bench --help",
    })
    void badArgumentsAreOneLineAndStatus2(String args, String message) {
        int status = run(args.trim().split("\\s+"));
        assertEquals(2, status);
        String e = err.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: " + message), "the same wording as run's options: " + e);
        assertEquals("", out.toString(), "nothing measured");
    }

    @Test
    void jsonIntoAMissingFolderOrOntoAFolderIsRefusedBeforeMeasuring(@TempDir Path tmp) {
        assertEquals(2, run("--json", tmp.resolve("no/such/dir/b.json").toString()));
        assertTrue(err.toString().contains("--json: expected a file in an existing folder"), err.toString());
        err.reset();
        assertEquals(2, run("--json", tmp.toString()));
        assertTrue(err.toString().contains("not a folder"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, run("--help"));
        assertEquals(BenchCommand.usage() + System.lineSeparator(), out.toString());
    }
}
