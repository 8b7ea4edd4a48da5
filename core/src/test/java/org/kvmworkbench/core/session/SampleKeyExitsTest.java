package org.kvmworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.KeyExit;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;

/** The key exits each sample names are exits it really takes. */
class SampleKeyExitsTest {

    private static List<ExitRecord> keyExits(SampleRunner r, List<KeyExit> keys) {
        return r.exits.stream().filter(e -> keys.stream().anyMatch(k -> k.matches(e))).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello-serial", "echo-scripted", "cpuid-msr", "virtio-kick", "virtio-kick-ioeventfd",
            "hlt-loop", "mmio-probe", "virtio-mmio-kick", "virtio-mmio-kick-ioeventfd", "triple-fault"})
    void everyKeyExitOfASampleHappens(String sample) throws Exception {
        List<KeyExit> keys = ConfigLoader.load(SampleRunner.SAMPLES.resolve(sample + ".yaml")).keyExits();
        assertFalse(keys.isEmpty(), sample + " names its key exits");
        SampleRunner r = new SampleRunner(sample);
        for (KeyExit k : keys) assertTrue(r.exits.stream().anyMatch(k::matches), sample + ": " + k);
        assertTrue(keyExits(r, keys).size() < r.exits.size(), sample + ": key exits are some of the exits, not all");
    }

    @Test
    void mmioProbesKeyExitsAreItsThreeMmioReadsInOrder() throws Exception {
        SampleRunner r = new SampleRunner("mmio-probe");
        List<ExitRecord> keys = keyExits(r, ConfigLoader.load(SampleRunner.SAMPLES.resolve("mmio-probe.yaml")).keyExits());
        assertEquals(List.of(0xD0000L, 0xD0004L, 0xD0008L), keys.stream().map(e -> e.access().address()).toList());
        List<ExitRecord> mmio = r.exits.stream().filter(e -> e.access() != null && e.access().kind() == Access.Kind.MMIO).toList();
        assertEquals(mmio, keys);
    }

    @Test
    void virtioKicksKeyExitsAreItsThreeKicks() throws Exception {
        SampleRunner r = new SampleRunner("virtio-kick");
        List<ExitRecord> keys = keyExits(r, ConfigLoader.load(SampleRunner.SAMPLES.resolve("virtio-kick.yaml")).keyExits());
        assertEquals(3, keys.size());
        for (ExitRecord k : keys) assertEquals(0xC010, k.access().address());
    }
}
