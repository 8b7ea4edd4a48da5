package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParsingTest {
    static final String FULL_YAML = """
            name: hello-serial
            description: Prints a greeting through the 16550 UART.
            memory: 64K
            backend: simulated
            image: guest.bin
            loadAddress: 0x1000
            entry: { cs: 0x0000, ip: 0x1000 }
            devices:
              - type: uart16550
                port: 0x3F8
                input: "hi\\n"
              - type: debugcon
                port: 0xE9
              - type: virtio-console
                port: 0xC000
                ioeventfd: true
            controls:
              io: bitmap
              ioBitmap: [0x3F8-0x3FF, 0xE9]
              hlt: true
              rdtsc: true
              msr: bitmap
              msrBitmap: [0x174]
              exceptionBitmap: [14, 6]
            kvm:
              irqchip: true
            """;

    static final String FULL_JSON = """
            {
              "name": "hello-serial",
              "description": "Prints a greeting through the 16550 UART.",
              "memory": "64K",
              "backend": "simulated",
              "image": "guest.bin",
              "loadAddress": "0x1000",
              "entry": { "cs": 0, "ip": 4096 },
              "devices": [
                { "type": "uart16550", "port": "0x3F8", "input": "hi\\n" },
                { "type": "debugcon", "port": 233 },
                { "type": "virtio-console", "port": "0xC000", "ioeventfd": true }
              ],
              "controls": {
                "io": "bitmap", "ioBitmap": ["0x3F8-0x3FF", 233], "hlt": true, "rdtsc": true,
                "msr": "bitmap", "msrBitmap": ["0x174"], "exceptionBitmap": [14, 6]
              },
              "kvm": { "irqchip": true }
            }
            """;

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    @Test
    void fullYaml() throws ConfigException {
        VmConfig c = fx.yaml(FULL_YAML);
        assertEquals("hello-serial", c.name());
        assertEquals("Prints a greeting through the 16550 UART.", c.description());
        assertEquals(64 * 1024, c.memoryBytes());
        assertEquals(BackendChoice.SIMULATED, c.backend());
        assertEquals(0x1000, c.loadAddress());
        assertEquals(new Entry(0, 0x1000), c.entry());
        assertEquals(List.of(new UartConfig(0x3F8, "hi\n"), new DebugconConfig(0xE9),
                new VirtioConsoleConfig(0xC000, true)), c.devices());
        assertEquals(new Controls(Controls.IoMode.BITMAP, List.of(new PortRange(0x3F8, 0x3FF), PortRange.of(0xE9)),
                true, true, Controls.MsrMode.BITMAP, List.of(0x174L), List.of(6, 14)), c.controls());
        assertEquals(new KvmOptions(true), c.kvm());
        assertEquals(dir.toAbsolutePath().normalize(), c.baseDir());
    }

    @Test
    void jsonGivesTheSameConfigAsYaml() throws ConfigException {
        assertEquals(fx.yaml(FULL_YAML), fx.json(FULL_JSON));
    }

    @Test
    void defaults() throws ConfigException {
        VmConfig c = fx.yaml(Fixture.MINIMAL);
        assertNull(c.description());
        assertEquals(BackendChoice.AUTO, c.backend());
        assertEquals(VmConfig.DEFAULT_LOAD_ADDRESS, c.loadAddress());
        assertEquals(new Entry(0, 0x1000), c.entry());
        assertEquals(List.of(), c.devices());
        assertEquals(Controls.defaults(), c.controls());
        assertEquals(KvmOptions.defaults(), c.kvm());
        assertEquals(VmConfig.defaults("t", "guest.bin", dir), c);
    }

    /** The control-register and MOV-DR intercepts: off by default, read from YAML and written back by the writer. */
    @Test
    void crAccessAndMovDrAreReadAndWrittenBack() throws ConfigException {
        assertFalse(Controls.defaults().crAccess());
        assertFalse(Controls.defaults().movDr());
        VmConfig c = fx.yaml(Fixture.MINIMAL + "controls: { crAccess: true, movDr: true }\n");
        assertTrue(c.controls().crAccess());
        assertTrue(c.controls().movDr());
        for (ConfigLoader.Format f : ConfigLoader.Format.values()) {
            String text = ConfigLoader.toText(c, f);
            assertEquals(c.controls(), ConfigLoader.parse(text, f, dir).controls(), text);
        }
        VmConfig onlyDr = fx.yaml(Fixture.MINIMAL + "controls: { movDr: true }\n");
        assertFalse(onlyDr.controls().crAccess());
        assertFalse(ConfigLoader.toText(fx.yaml(Fixture.MINIMAL), ConfigLoader.Format.YAML).contains("crAccess"),
                "configs without the intercepts are written as before");
    }

    @Test
    void deviceDefaults() throws ConfigException {
        VmConfig c = fx.yaml(Fixture.MINIMAL + """
                devices:
                  - type: uart16550
                  - type: debugcon
                  - type: virtio-console
                """);
        assertEquals(List.of(UartConfig.defaults(), DebugconConfig.defaults(), VirtioConsoleConfig.defaults()),
                c.devices());
        assertEquals(List.of(8, 1, 0x20), c.devices().stream().map(DeviceConfig::windowLength).toList());
    }

    @Test
    void entryIpDefaultsToLoadAddressAndCsToZero() throws ConfigException {
        VmConfig c = fx.yaml(Fixture.MINIMAL + "loadAddress: 0x7C00\n");
        assertEquals(new Entry(0, 0x7C00), c.entry());
        assertEquals(new Entry(0x7C0, 0x7C00), fx.yaml(Fixture.MINIMAL + "loadAddress: 0x7C00\nentry: {cs: 0x7C0}\n").entry());
    }

    @Test
    void yamlHexIntegersAndQuotedNumbersAllWork() throws ConfigException {
        String devices = "devices:\n  - {type: debugcon, port: %s}\n";
        for (String port : List.of("0x3F8", "\"0x3F8\"", "'0x3f8'", "1016", "\"1016\"", "0X3F8"))
            assertEquals(0x3F8, fx.yaml(Fixture.MINIMAL + devices.formatted(port)).devices().get(0).port(), port);
    }

    @Test
    void jsonNumbersAsIntsOrStrings() throws ConfigException {
        for (String port : List.of("1016", "\"1016\"", "\"0x3F8\""))
            assertEquals(0x3F8, fx.json("""
                    {"name": "t", "memory": 65536, "image": "guest.bin", "devices": [{"type": "debugcon", "port": %s}]}
                    """.formatted(port)).devices().get(0).port(), port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "64K | 65536", "64k | 65536", "512K | 524288", "1M | 1048576", "16M | 16777216", "65536 | 65536",
            "'0x10000' | 65536", "0x10000 | 65536", "'64 KiB' | 65536", "4K | 4096"})
    void memorySizes(String yaml, long bytes) throws ConfigException {
        assertEquals(bytes, fx.yaml("name: t\nimage: guest.bin\nloadAddress: 0\nmemory: " + yaml + "\n").memoryBytes());
    }

    @Test
    void portRangesAndSinglePortsInIoBitmap() throws ConfigException {
        Controls c = fx.yaml(Fixture.MINIMAL + "controls: {io: bitmap, ioBitmap: [0x60-0x64, '0x70', 0x80, \"1-2\"]}\n")
                .controls();
        assertEquals(List.of(new PortRange(0x60, 0x64), PortRange.of(0x70), PortRange.of(0x80), new PortRange(1, 2)),
                c.ioBitmap());
    }

    @Test
    void imagePathIsResolvedAgainstTheConfigFolder() throws Exception {
        Path image = fx.image("images/boot.bin", 32);
        Path config = dir.resolve("configs/vm.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "name: t\nmemory: 64K\nimage: ../images/boot.bin\n");
        VmConfig c = ConfigLoader.load(config);
        assertEquals(config.getParent().toAbsolutePath(), c.baseDir());
        assertEquals(image.toAbsolutePath().normalize(), c.imagePath());
        assertTrue(c.imagePath().isAbsolute());
    }

    @Test
    void loadPicksTheFormatByExtension() throws Exception {
        for (String name : List.of("a.yaml", "b.yml", "C.YAML"))
            assertEquals("hello-serial", ConfigLoader.load(Files.writeString(dir.resolve(name), FULL_YAML)).name());
        assertEquals(fx.yaml(FULL_YAML), ConfigLoader.load(Files.writeString(dir.resolve("d.json"), FULL_JSON)));
    }

    @Test
    void nullValuesCountAsAbsent() throws ConfigException {
        VmConfig c = fx.yaml(Fixture.MINIMAL + "description:\ncontrols:\nbackend: ~\n");
        assertNull(c.description());
        assertEquals(Controls.defaults(), c.controls());
        assertEquals(BackendChoice.AUTO, c.backend());
    }
}
