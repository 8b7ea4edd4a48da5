package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.config.Fixture.MINIMAL;
import static org.kvmworkbench.core.config.Fixture.assertError;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.vmx.VmxExitReason;

/** keyExits: read, checked with precise messages, written back by Save as, and matched against exits. */
class KeyExitsTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    @Test
    void readsEachFormAndKeepsThemOnSave() throws Exception {
        VmConfig c = fx.yaml(MINIMAL + "keyExits:\n"
                + "  - { port: 0xC010, write: true, label: \"the kick\" }\n"
                + "  - { address: 0xD0004 }\n"
                + "  - { reason: cpuid }\n");
        assertEquals(List.of(new KeyExit(null, 0xC010, null, true, "the kick"),
                new KeyExit(null, null, 0xD0004L, null, null),
                new KeyExit(VmxExitReason.CPUID, null, null, null, null)), c.keyExits());
        String saved = ConfigLoader.toText(c, ConfigLoader.Format.YAML);
        assertEquals(c.keyExits(), fx.yaml(saved).keyExits(), saved);
        assertTrue(fx.yaml(MINIMAL).keyExits().isEmpty());
        assertFalse(ConfigLoader.toText(fx.yaml(MINIMAL), ConfigLoader.Format.YAML).contains("keyExits"));
    }

    @Test
    void mistakesAreNamedWhereTheyAre() {
        assertError(fx.yamlErrors(MINIMAL + "keyExits: { port: 1 }\n"), "keyExits", "expected a list of key exits");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ {} ]\n"), "keyExits[0]", "names no exit");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { port: 1, address: 2 } ]\n"), "keyExits[0]",
                "has both port and address");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { reason: hlt }, { reason: cpuid, port: 0xE9 } ]\n"),
                "keyExits[1].reason", "cpuid never accesses a port");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { reason: hlt, write: true } ]\n"), "keyExits[0].write",
                "only means something with a port or an address");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { port: 0x10000 } ]\n"), "keyExits[0].port",
                "out of range for an I/O port");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { reason: vmlaunch } ]\n"), "keyExits[0].reason",
                "unknown exit reason \"vmlaunch\"; valid: exception_nmi");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { port: 1, lable: x } ]\n"), "keyExits[0].lable",
                "unknown field \"lable\"; known fields of a key exit: reason, port, address, write, label");
        assertError(fx.yamlErrors(MINIMAL + "keyExits: [ { port: 1, label: \" \" } ]\n"), "keyExits[0].label",
                "must not be blank");
        StringBuilder many = new StringBuilder(MINIMAL + "keyExits:\n");
        for (int i = 0; i <= KeyExitsReader.MAX; i++) many.append("  - { port: ").append(i).append(" }\n");
        assertError(fx.yamlErrors(many.toString()), "keyExits", "at most " + KeyExitsReader.MAX);
    }

    @Test
    void matchesByReasonPortAddressAndDirection() {
        ExitRecord kick = exit(VmxExitReason.IO_INSTRUCTION, new Access(Access.Kind.PIO, 0xC010, 2, true, 1, new long[] {1}));
        ExitRecord status = exit(VmxExitReason.IO_INSTRUCTION, new Access(Access.Kind.PIO, 0xC012, 1, true, 1, new long[] {7}));
        ExitRecord mmioRead = exit(VmxExitReason.EPT_MISCONFIG, new Access(Access.Kind.MMIO, 0xC010, 4, false, 1, new long[] {1}));
        ExitRecord cpuid = exit(VmxExitReason.CPUID, null);
        KeyExit kickWrite = new KeyExit(null, 0xC010, null, true, null);
        assertTrue(kickWrite.matches(kick));
        assertFalse(kickWrite.matches(status), "another port");
        assertFalse(kickWrite.matches(mmioRead), "an MMIO address equal to the port is not a port");
        assertFalse(new KeyExit(null, 0xC010, null, false, null).matches(kick), "a write is not a read");
        assertTrue(new KeyExit(null, null, 0xC010L, false, null).matches(mmioRead));
        assertFalse(new KeyExit(null, null, 0xC010L, null, null).matches(kick), "a port is not an MMIO address");
        assertTrue(new KeyExit(VmxExitReason.CPUID, null, null, null, null).matches(cpuid));
        assertFalse(new KeyExit(VmxExitReason.CPUID, null, null, null, null).matches(kick));
        assertFalse(new KeyExit(VmxExitReason.HLT, 0xC010, null, null, null).matches(kick), "both must hold");
    }

    private static ExitRecord exit(VmxExitReason reason, Access access) {
        return new ExitRecord(1, reason, 0, 1, -1, -1, 0, "", null, ExitPath.USERSPACE_PIO, access, null, "", org.kvmworkbench.core.i18n.Phrase.NONE, 0, -1);
    }
}
