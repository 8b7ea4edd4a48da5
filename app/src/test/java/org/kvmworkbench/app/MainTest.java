package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's command line: a known command, a config for the window, or one line and status 2. */
@org.junit.jupiter.api.extension.ExtendWith(org.kvmworkbench.app.cli.InEnglish.class)
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int dispatch(String... args) {
        return Main.dispatch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneErrorLine(String... phrases) {
        String e = errText();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: "), e);
        assertFalse(e.contains("Exception"), e);
        for (String p : phrases) assertTrue(e.contains(p), "no \"" + p + "\" in: " + e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runn", "benchh", "samples/missing.yaml", ""})
    void aMistypedCommandIsOneLineAndStatus2NotTheWindow(String arg) {
        assertEquals(2, dispatch(arg));
        assertOneErrorLine("\"" + arg + "\"", "--help");
    }

    @Test
    void anUnknownOptionIsOneLineAndStatus2() {
        assertEquals(2, dispatch("--frobnicate"));
        assertOneErrorLine("--frobnicate", "--help");
    }

    @Test
    void schemaPrintsTheConfigSchemaAsJson() throws Exception {
        assertEquals(0, dispatch("schema"));
        com.fasterxml.jackson.databind.JsonNode schema =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("name", "memory", "image"),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(schema.get("required"), java.util.List.class));
        assertTrue(schema.get("properties").has("devices"));
        assertEquals("", errText());
    }

    @Test
    void schemaWithAnArgumentIsOneLineAndStatus2() {
        assertEquals(2, dispatch("schema", "x.yaml"));
        assertOneErrorLine("schema", "\"x.yaml\"");
    }

    @Test
    void theWindowOpensOnNoArgumentsOrOneConfig() {
        assertEquals(Main.OPEN_WINDOW, dispatch());
        assertEquals(Main.OPEN_WINDOW, dispatch("../samples/hello-serial.yaml"));
        assertEquals(2, dispatch("../samples/hello-serial.yaml", "extra"));
        assertOneErrorLine("\"extra\"");
    }

    @Test
    void versionIsTheMavenProjectVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>kvm-workbench-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find());
        assertEquals(0, dispatch("--version"));
        assertEquals("kvm-workbench " + m.group(1) + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndTheExitStatuses() {
        assertEquals(0, dispatch("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String s : new String[] {"run CONFIG", "bench", "kick-bench", "--version", "--trace-max", "7 trace"})
            assertTrue(help.contains(s), s + " missing from:\n" + help);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "99999999999", "0", "-1", "1e3", "65536", "NaN"})
    void kickBenchRejectsBadCountsWithOneLine(String kicks) {
        assertEquals(2, dispatch("kick-bench", kicks));
        assertOneErrorLine("kick-bench KICKS", "1 to 65535", "got \"" + kicks + "\"");
    }

    @Test
    void kickBenchRejectsExtraArguments() {
        assertEquals(2, dispatch("kick-bench", "5", "6"));
        assertOneErrorLine("unexpected argument \"6\"");
    }
}
