package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.config.Fixture.MINIMAL;
import static org.kvmworkbench.core.config.Fixture.assertError;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code transport: mmio} on a virtio-console: reading, writing back, and every mistake named by its field. */
class VirtioMmioConfigTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    private static String devices(String... entries) {
        return MINIMAL + "devices:\n" + String.join("", java.util.Arrays.stream(entries).map(e -> "  - " + e + "\n")
                .toList());
    }

    @Test
    void mmioConsoleIsReadAndRoundTrips() throws Exception {
        VmConfig c = fx.yaml(devices("{ type: virtio-console, transport: mmio, address: 0xD0000, ioeventfd: true }"));
        VirtioConsoleConfig v = (VirtioConsoleConfig) c.devices().get(0);
        assertTrue(v.mmio());
        assertEquals(0xD0000, v.address());
        assertTrue(v.ioeventfd());
        assertFalse(v.onPortBus());
        assertEquals(c, fx.yaml(ConfigLoader.toText(c, ConfigLoader.Format.YAML)));
        assertTrue(ConfigLoader.toText(c, ConfigLoader.Format.YAML).contains("transport: \"mmio\"")
                || ConfigLoader.toText(c, ConfigLoader.Format.YAML).contains("transport: mmio"));
    }

    @Test
    void transportDefaultsToPio() throws Exception {
        VirtioConsoleConfig v = (VirtioConsoleConfig) fx.yaml(devices("{ type: virtio-console }")).devices().get(0);
        assertEquals(VirtioConsoleConfig.Transport.PIO, v.transport());
        assertEquals(0xC000, v.port());
    }

    @Test
    void mmioNeedsAnAddress() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, transport: mmio }")), "devices[0].address",
                "required field is missing");
    }

    @Test
    void addressInsideRam() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, transport: mmio, address: 0x8000 }")),
                "devices[0].address", "inside RAM");
    }

    @Test
    void misalignedAddress() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, transport: mmio, address: 0xD0100 }")),
                "devices[0].address", "not page-aligned");
    }

    @Test
    void overlappingMmioWindows() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, transport: mmio, address: 0xD0000 }",
                        "{ type: virtio-console, transport: mmio, address: 0xD0000 }")),
                "devices[1].address", "overlaps devices[0]");
    }

    @Test
    void mmioAndPioConsolesDoNotClash() throws Exception {
        VmConfig c = fx.yaml(devices("{ type: virtio-console, port: 0xC000 }",
                "{ type: virtio-console, transport: mmio, address: 0xD0000 }"));
        assertEquals(2, c.devices().size());
    }

    @Test
    void portOnMmioAndAddressOnPio() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, transport: mmio, address: 0xD0000, port: 0xC000 }")),
                "devices[0].port", "placed by address");
        assertError(fx.yamlErrors(devices("{ type: virtio-console, address: 0xD0000 }")),
                "devices[0].address", "transport: mmio");
    }

    @Test
    void unknownTransport() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, transport: pci }")), "devices[0].transport",
                "unknown virtio transport");
    }
}
