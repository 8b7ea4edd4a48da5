package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvmworkbench.core.config.Fixture.assertError;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** type: passthrough — a register page of guest RAM (the modeled BAR) and a completion IRQ through the 8259A. */
class PassthroughConfigTest {
    @TempDir Path dir;

    /** FULL_YAML (irqchip on) with {@code device} as devices[2], then (with {@code pic}) an i8259, then its virtio. */
    private static String config(String device, boolean pic) {
        return ConfigParsingTest.FULL_YAML.replace("  - type: virtio-console",
                "  " + device + "\n" + (pic ? "  - { type: i8259 }\n" : "") + "  - type: virtio-console");
    }

    @Test
    void readsBarAndIrqAndWritesThemBack() throws ConfigException {
        Fixture fx = new Fixture(dir);
        VmConfig c = fx.yaml(config("- { type: passthrough, bar: 0xE000, irq: 10 }", true));
        PassthroughConfig p = c.devices().stream().filter(d -> d instanceof PassthroughConfig)
                .map(d -> (PassthroughConfig) d).findFirst().orElseThrow();
        assertEquals(0xE000, p.bar());
        assertEquals(10, p.irq());
        VmConfig again = fx.json(ConfigWriter.toTree(c).toString());
        assertEquals(c.devices(), again.devices());
    }

    @Test
    void theRegisterPageMustBeAnAlignedPageOfRamAndTheIrqAFreeLine() {
        Fixture fx = new Fixture(dir);
        assertError(fx.yamlErrors(config("- { type: passthrough, bar: 0xE010 }", true)), "devices[2].bar",
                "page-aligned");
        assertError(fx.yamlErrors(config("- { type: passthrough, bar: 0x20000 }", true)), "devices[2].bar",
                "outside RAM");
        assertError(fx.yamlErrors(config("- { type: passthrough, bar: 0xE000, irq: 2 }", true)), "devices[2].irq",
                "cascade");
    }

    @Test
    void itsCompletionInterruptNeedsThe8259() {
        Fixture fx = new Fixture(dir);
        assertError(fx.yamlErrors(config("- { type: passthrough, bar: 0xE000 }", false)), "devices[2].type",
                "needs an i8259");
    }
}
