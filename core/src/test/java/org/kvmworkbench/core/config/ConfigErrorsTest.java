package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.config.Fixture.MINIMAL;
import static org.kvmworkbench.core.config.Fixture.assertError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per kind of mistake: the field path and a key phrase of the message. */
class ConfigErrorsTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        ConfigError e = assertError(fx.yamlErrors("name: t\ndevices: [1, 2\nmemory: 64K\n"), "", "syntax error");
        assertTrue(e.message().contains("line 3, column"), e.message());
    }

    @Test
    void jsonSyntaxErrorHasLineAndColumn() {
        ConfigError e = assertError(fx.jsonErrors("{\n  \"name\": \"t\",,\n}"), "", "syntax error at line 2, column");
        assertFalse(e.message().contains("Source"), e.message());
    }

    @Test
    void unterminatedJsonDoesNotLeakParserInternals() {
        ConfigError e = assertError(fx.jsonErrors("{\"name\": \"t\""), "", "syntax error");
        assertFalse(e.message().contains("`") || e.message().contains("REDACTED"), e.message());
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        assertError(fx.yamlErrors(MINIMAL + "name: again\n"), "", "Duplicate field 'name'");
    }

    @Test
    void emptyFile() {
        assertError(fx.yamlErrors(""), "", "the config is empty");
        assertError(fx.jsonErrors("  "), "", "the config is empty");
    }

    @Test
    void documentMustBeAnObject() {
        assertError(fx.yamlErrors("- 1\n- 2\n"), "", "got a list");
    }

    @Test
    void secondYamlDocumentIsRejected() {
        assertError(fx.yamlErrors(MINIMAL + "---\nname: x\n"), "", "only one YAML document");
    }

    @Test
    void unknownTopLevelFieldListsKnownFields() {
        ConfigError e = assertError(fx.yamlErrors(MINIMAL + "memroy: 1M\n"), "memroy", "unknown field \"memroy\"");
        assertTrue(e.message().contains("name, description, memory, backend, image"), e.message());
    }

    @Test
    void unknownDeviceFieldListsThatDevicesFields() {
        ConfigError e = assertError(fx.yamlErrors(MINIMAL + "devices:\n  - {type: debugcon}\n  - {type: uart16550, prot: 1}\n"),
                "devices[1].prot", "unknown field \"prot\"");
        assertTrue(e.message().contains("a uart16550 device: type, port, input"), e.message());
    }

    @Test
    void unknownNestedFieldsInControlsEntryAndKvm() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL + "entry: {cs: 0, eip: 1}\ncontrols: {hlt_exiting: true}\nkvm: {irq: true}\n");
        assertError(errors, "entry.eip", "known fields of entry: cs, ip");
        assertError(errors, "controls.hlt_exiting", "io, ioBitmap, hlt, rdtsc");
        assertError(errors, "kvm.irq", "irqchip");
    }

    @Test
    void missingRequiredFieldsAreAllReported() {
        List<ConfigError> errors = fx.yamlErrors("description: nothing else\n");
        assertError(errors, "name", "required field is missing");
        assertError(errors, "memory", "required field is missing");
        assertError(errors, "image", "required field is missing");
        assertEquals(3, errors.size(), errors.toString());
    }

    @Test
    void missingDeviceTypeListsTypes() {
        assertError(fx.yamlErrors(MINIMAL + "devices:\n  - port: 0x3F8\n"), "devices[0].type",
                "missing; one of: uart16550, debugcon, virtio-console");
    }

    @Test
    void blankName() {
        assertError(fx.yamlErrors("name: '  '\nmemory: 64K\nimage: guest.bin\n"), "name", "must not be blank");
    }

    @Test
    void wrongTypes() {
        List<ConfigError> errors = fx.yamlErrors("name: [a]\nmemory: true\nimage: guest.bin\ndevices: {type: debugcon}\n"
                + "entry: 5\ncontrols: {hlt: 'yes please'}\n");
        assertError(errors, "name", "expected a string, got a list");
        assertError(errors, "memory", "expected a size, got a boolean (true)");
        assertError(errors, "devices", "expected a list of devices, got an object");
        assertError(errors, "entry", "expected entry as an object with fields cs, ip, got a number (5)");
        assertError(errors, "controls.hlt", "expected true or false, got a string (\"yes please\")");
    }

    @Test
    void wrongTypeForPortAndFractionalNumbers() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL + "loadAddress: 1.5\ndevices:\n  - {type: debugcon, port: true}\n");
        assertError(errors, "loadAddress", "as an integer");
        assertError(errors, "devices[0].port", "expected an I/O port as an integer");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "64Q | \"64Q\" is not a size",
            "0 | 0 bytes is too small; the minimum is 4K",
            "-4K | too small",
            "5000 | 5000 bytes is not a multiple of 4K",
            "6K | 6144 bytes is not a multiple of 4K",
            "32M | 32M is too large; the maximum is 16M",
            "1G | 1024M is too large"})
    void badMemorySize(String memory, String phrase) {
        assertError(fx.yamlErrors("name: t\nimage: guest.bin\nmemory: " + memory + "\n"), "memory", phrase);
    }

    @Test
    void unknownChoicesListValidOnes() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL + "backend: qemu\ndevices:\n  - type: serial\n"
                + "controls: {io: sometimes, msr: none}\n");
        assertError(errors, "backend", "unknown backend \"qemu\"; valid: auto, kvm, simulated");
        assertError(errors, "devices[0].type", "unknown device type \"serial\"; valid types: uart16550, debugcon, virtio-console");
        assertError(errors, "controls.io", "unknown io mode \"sometimes\"; valid: unconditional, bitmap");
        assertError(errors, "controls.msr", "valid: all, bitmap");
    }

    @Test
    void imageMissingGivesResolvedAbsolutePath() {
        Path expected = dir.resolve("sub/missing.bin").toAbsolutePath().normalize();
        ConfigError e = assertError(fx.yamlErrors("name: t\nmemory: 64K\nimage: ./sub/../sub/missing.bin\n"),
                "image", "file not found");
        assertTrue(e.message().endsWith(expected.toString()), e.message());
    }

    @Test
    void imageEmpty() {
        fx.image("empty.bin", 0);
        assertError(fx.yamlErrors("name: t\nmemory: 64K\nimage: empty.bin\n"), "image", "image is empty");
    }

    @Test
    void imageIsADirectory() {
        fx.image("d/x.bin", 1);
        assertError(fx.yamlErrors("name: t\nmemory: 64K\nimage: d\n"), "image", "not a readable file");
    }

    @Test
    void imageLargerThanMemoryAboveLoadAddress() {
        fx.image("big.bin", 0x3001);
        ConfigError e = assertError(fx.yamlErrors("name: t\nmemory: 16K\nloadAddress: 0x1000\nimage: big.bin\n"),
                "image", "image is 12289 bytes but only 12288 fit");
        assertTrue(e.message().contains("loadAddress 0x1000"), e.message());
        fx.image("fits.bin", 0x3000);
        assertDoesNotThrow(() -> fx.yaml("name: t\nmemory: 16K\nloadAddress: 0x1000\nimage: fits.bin\n"));
    }

    @Test
    void loadAddressOutsideMemory() {
        assertError(fx.yamlErrors(MINIMAL + "loadAddress: 0x10000\nentry: {ip: 0}\n"), "loadAddress",
                "0x10000 is outside guest memory (64K: 0x0-0xFFFF)");
        assertError(fx.yamlErrors(MINIMAL + "loadAddress: 0x100000000\n"), "loadAddress", "out of range");
    }

    @Test
    void smallestMemoryNeedsAnExplicitLoadAddressAndOnlyThatIsReported() {
        List<ConfigError> errors = fx.yamlErrors("name: t\nmemory: 4K\nimage: guest.bin\n");
        assertEquals(1, errors.size(), errors.toString());
        assertError(errors, "loadAddress", "0x1000 is outside guest memory (4K: 0x0-0xFFF)");
    }

    @Test
    void entryOutOfSixteenBitRange() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL + "entry: {cs: 0x10000, ip: -1}\n");
        assertError(errors, "entry.cs", "0x10000 is out of range for a 16-bit real-mode segment (0x0..0xFFFF)");
        assertError(errors, "entry.ip", "-0x1 is out of range for a 16-bit offset");
    }

    @Test
    void defaultIpMustFitSixteenBits() {
        ConfigError e = assertError(fx.yamlErrors("name: t\nmemory: 1M\nimage: guest.bin\nloadAddress: 0x12000\n"),
                "entry.ip", "does not fit 16 bits");
        assertTrue(e.message().contains("cs: 0x1200, ip: 0x0"), e.message());
    }

    @Test
    void entryOutsideMemory() {
        assertError(fx.yamlErrors(MINIMAL + "entry: {cs: 0xF000, ip: 0xFFF0}\n"), "entry",
                "linear 0xFFFF0) is outside guest memory");
    }

    @Test
    void portOutOfRange() {
        assertError(fx.yamlErrors(MINIMAL + "devices:\n  - {type: debugcon, port: 0x10000}\n"),
                "devices[0].port", "0x10000 is out of range for an I/O port (0x0..0xFFFF)");
    }

    @Test
    void windowRunningPastLastPort() {
        assertError(fx.yamlErrors(MINIMAL + "devices:\n  - {type: virtio-console, port: 0xFFF0}\n"),
                "devices[0].port", "virtio-console needs 32 ports, but 0xFFF0-0x1000F runs past the last port 0xFFFF");
    }

    @Test
    void overlappingWindowsNameBothDevices() {
        assertError(fx.yamlErrors(MINIMAL + "devices:\n  - {type: uart16550}\n  - {type: debugcon, port: 0x3FC}\n"),
                "devices[1].port", "devices[1] (debugcon, ports 0x3FC) overlaps devices[0] (uart16550, ports 0x3F8-0x3FF)");
    }

    @Test
    void duplicateDeviceAtTheSamePort() {
        assertError(fx.yamlErrors(MINIMAL + "devices:\n  - {type: debugcon}\n  - {type: uart16550}\n  - {type: debugcon, port: 233}\n"),
                "devices[2].port", "duplicate debugcon at port 0xE9: devices[0] is already there");
    }

    @Test
    void sameTypeAtDifferentPortsIsFine() {
        assertDoesNotThrow(() -> fx.yaml(MINIMAL + "devices:\n  - {type: uart16550}\n  - {type: uart16550, port: 0x2F8}\n"));
    }

    @Test
    void exceptionVectorOutOfRange() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL + "controls: {exceptionBitmap: [0, 14, 32, -1]}\n");
        assertError(errors, "controls.exceptionBitmap[2]", "32 is out of range for an exception vector (0..31)");
        assertError(errors, "controls.exceptionBitmap[3]", "-1 is out of range");
    }

    @Test
    void ioBitmapWithUnconditionalIo() {
        assertError(fx.yamlErrors(MINIMAL + "controls: {io: unconditional, ioBitmap: [0xE9]}\n"),
                "controls.ioBitmap", "only allowed with io: bitmap");
        assertError(fx.yamlErrors(MINIMAL + "controls: {ioBitmap: [0xE9]}\n"), "controls.ioBitmap",
                "with io: unconditional every IN/OUT exits");
    }

    @Test
    void msrBitmapWithAllMsrs() {
        assertError(fx.yamlErrors(MINIMAL + "controls: {msrBitmap: [0x174]}\n"), "controls.msrBitmap",
                "only allowed with msr: bitmap");
    }

    @Test
    void badRangeStrings() {
        List<ConfigError> errors = fx.yamlErrors(MINIMAL
                + "controls: {io: bitmap, ioBitmap: [abc, 0x3F8-, 0x3FF-0x3F8, 0x10-0x10000, [1]]}\n");
        assertError(errors, "controls.ioBitmap[0]", "\"abc\" is not a port or port range");
        assertError(errors, "controls.ioBitmap[1]", "\"0x3F8-\" is not a port or port range");
        assertError(errors, "controls.ioBitmap[2]", "is backwards");
        assertError(errors, "controls.ioBitmap[3]", "0x10000 is out of range for an I/O port");
        assertError(errors, "controls.ioBitmap[4]", "got a list");
    }

    @Test
    void allErrorsAreCollectedAndListedOnePerLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                name: t
                memory: 64Q
                image: nope.bin
                colour: red
                devices:
                  - {type: uart16550, port: 0x3F8}
                  - {type: virtio-console, port: 0x3E0}
                controls: {exceptionBitmap: [40]}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(5, e.errors().size(), e.getMessage());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(5, lines.size());
        assertTrue(lines.contains(file + ": devices[1].port: devices[1] (virtio-console, ports 0x3E0-0x3FF) overlaps "
                + "devices[0] (uart16550, ports 0x3F8-0x3FF)"), e.getMessage());
        assertTrue(lines.stream().allMatch(l -> l.startsWith(file + ": ")), e.getMessage());
        assertEquals(file.toString(), e.source());
    }

    @Test
    void messagesNeverNameJavaOrJacksonClasses() {
        List<List<ConfigError>> all = List.of(
                fx.yamlErrors("a: [1, 2\nb: c"), fx.yamlErrors("\tname: x\n"), fx.jsonErrors("{\"a\": 1"),
                fx.jsonErrors("{} {}"), fx.jsonErrors("[1,]"), fx.jsonErrors("{\"a\": " + "1".repeat(2000) + "}"),
                fx.jsonErrors("[".repeat(2000) + "]".repeat(2000)),
                fx.yamlErrors("name: 1\nmemory: {}\nimage: []\nentry: [1]\n"));
        for (List<ConfigError> errors : all)
            for (ConfigError e : errors)
                for (String bad : List.of("jackson", "Exception", "java.", "`", "JsonNode", "REDACTED"))
                    assertFalse(e.message().contains(bad), e.message());
    }

    @Test
    void unsupportedExtensionAndMissingConfigFile() throws Exception {
        Path txt = Files.writeString(dir.resolve("vm.txt"), MINIMAL);
        assertError(assertThrows(ConfigException.class, () -> ConfigLoader.load(txt)).errors(), "",
                "unsupported file type");
        assertError(assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gone.yaml"))).errors(),
                "", "file not found");
    }
}
