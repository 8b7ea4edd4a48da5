package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kvm.irqfd: how devices raise their IRQ on KVM (irqfd write vs KVM_IRQ_LINE); off unless asked for. */
class KvmIrqfdOptionTest {
    @TempDir Path dir;

    @Test
    void irqfdIsReadAndDefaultsToIrqLine() throws ConfigException {
        Fixture fx = new Fixture(dir);
        VmConfig on = fx.yaml(ConfigParsingTest.FULL_YAML.replace("irqchip: true", "irqchip: true\n  irqfd: true"));
        assertTrue(on.kvm().irqchip());
        assertTrue(on.kvm().irqfd());
        VmConfig off = fx.yaml(ConfigParsingTest.FULL_YAML);
        assertFalse(off.kvm().irqfd());
    }

    @Test
    void irqfdMustBeABoolean() {
        Fixture fx = new Fixture(dir);
        assertThrows(ConfigException.class,
                () -> fx.yaml(ConfigParsingTest.FULL_YAML.replace("irqchip: true", "irqchip: true\n  irqfd: maybe")));
    }
}
