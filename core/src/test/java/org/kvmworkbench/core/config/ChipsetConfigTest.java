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

/** The chipset devices (i8259, i8254) and the virtio-console's {@code irq}: reading, writing back, mistakes. */
class ChipsetConfigTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    private static String devices(String... entries) {
        return MINIMAL + "kvm: { irqchip: true }\ndevices:\n" + String.join("", java.util.Arrays.stream(entries).map(e -> "  - " + e + "\n")
                .toList());
    }

    @Test
    void chipsetIsReadAndRoundTrips() throws Exception {
        VmConfig c = fx.yaml(devices("{ type: i8259 }", "{ type: i8254 }", "{ type: uart16550 }",
                "{ type: virtio-console, irq: 11 }"));
        assertTrue(PicConfig.present(c));
        assertTrue(PitConfig.present(c));
        assertEquals(11, ((VirtioConsoleConfig) c.devices().get(3)).irq());
        assertEquals(c, fx.yaml(ConfigLoader.toText(c, ConfigLoader.Format.YAML)));
        assertEquals(c, fx.yaml(ConfigLoader.toText(c, ConfigLoader.Format.JSON)));
    }

    @Test
    void virtioIrqDefaultsToFive() throws Exception {
        VmConfig c = fx.yaml(devices("{ type: virtio-console }"));
        assertEquals(5, ((VirtioConsoleConfig) c.devices().get(0)).irq());
        assertFalse(PicConfig.present(c));
    }

    @Test
    void timerWithoutController() {
        assertError(fx.yamlErrors(devices("{ type: i8254 }")), "devices[0].type", "needs an i8259");
    }

    @Test
    void takenAndOutOfRangeIrqs() {
        assertError(fx.yamlErrors(devices("{ type: virtio-console, irq: 4 }")), "devices[0].irq", "irq 4 is taken");
        assertError(fx.yamlErrors(devices("{ type: virtio-console, irq: 2 }")), "devices[0].irq", "cascade");
        assertError(fx.yamlErrors(devices("{ type: virtio-console, irq: 16 }")), "devices[0].irq",
                "out of range for an IRQ line");
    }

    @Test
    void chipsetPortsAreFixed() {
        assertError(fx.yamlErrors(devices("{ type: i8259, port: 0x30 }")), "devices[0].port", "unknown field \"port\"");
    }

    @Test
    void deviceOnTheSlaveControllersPortsOverlaps() {
        assertError(fx.yamlErrors(devices("{ type: i8259 }", "{ type: debugcon, port: 0xA1 }")),
                "devices[1].port", "0xA0-0xA1");
    }

    @Test
    void controllerNeedsTheInKernelIrqchip() {
        assertError(fx.yamlErrors(MINIMAL + "devices:\n  - { type: uart16550 }\n  - { type: i8259 }\n"), "kvm.irqchip",
                "devices[1] is an i8259, which lives in KVM's in-kernel irqchip");
    }

    @Test
    void duplicateController() {
        assertError(fx.yamlErrors(devices("{ type: i8259 }", "{ type: i8259 }")), "devices[1].port",
                "duplicate i8259");
    }
}
