package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * Creating, running and closing a VM must give back every fd (/dev/kvm, VM, vCPU) and every mapping (kvm_run,
 * guest RAM). Checked exactly: the fd count, the kvm_run mappings (named anon_inode:kvm-vcpu in /proc/self/maps),
 * and after each close that the guest RAM range is no longer mapped (a leaked anonymous mapping could merge with
 * a neighbour and add no line). The total line count of /proc/self/maps is allowed to move by
 * {@link #JVM_MAPS_NOISE} lines: the JVM's own regions (metaspace nodes, the code cache, malloc arenas) split or
 * merge their committed and reserved parts while it compiles and profiles (seen here: -1 with 300 warm-up cycles,
 * every changed line one of those regions). A leak per cycle would add a line per cycle, so the cycle count
 * ({@value #CYCLES_PROPERTY}, default 1000) must stay well above the noise: a nested test host, 30-50× slower,
 * runs 100.
 */
class LeakTest {
    static final String CYCLES_PROPERTY = "kvmwb.leakCycles";
    private static final int CYCLES = Math.max(20, Integer.getInteger(CYCLES_PROPERTY, 1000));
    private static final int JVM_MAPS_NOISE = 4;

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
    }

    @Test
    void createRunCloseCyclesLeaveFdsAndMappingsAsTheyWere() throws Exception {
        VmConfig config = SampleRun.config("hello-serial");
        for (int i = 0; i < Math.min(50, CYCLES / 2); i++) cycle(config); // class loading, JNA, JIT settle first
        int fds = fdCount();
        List<String> maps = maps();
        for (int i = 0; i < CYCLES; i++) {
            long[] ram = cycle(config);
            assertTrue(unmapped(ram[0], ram[1]), () -> String.format("guest RAM 0x%x+0x%x still mapped", ram[0], ram[1]));
        }
        assertEquals(fds, fdCount(), "entries in /proc/self/fd");
        List<String> after = maps();
        assertEquals(kvmMappings(maps), kvmMappings(after), "kvm_run mappings");
        assertTrue(Math.abs(after.size() - maps.size()) <= JVM_MAPS_NOISE, () -> "lines of /proc/self/maps: "
                + maps.size() + " → " + after.size() + "; new: " + diff(after, maps) + "; gone: " + diff(maps, after));
    }

    /** One VM lifetime; returns its guest RAM's host address and size. */
    private static long[] cycle(VmConfig config) throws IOException {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config, (s, b) -> { }, "leak test")) {
            HeadlessRun.Result r = HeadlessRun.run(new VmmLoop(vcpu), SampleRun.LIMITS);
            assertEquals(RunOutcome.HALTED, r.outcome());
            NativeGuestMemory ram = (NativeGuestMemory) vcpu.machine().memory();
            return new long[] {ram.address(), ram.size()};
        }
    }

    private static boolean unmapped(long address, long size) throws IOException {
        for (String line : maps()) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long start = Long.parseUnsignedLong(range[0], 16), end = Long.parseUnsignedLong(range[1], 16);
            if (start < address + size && address < end) return false;
        }
        return true;
    }

    private static long kvmMappings(List<String> maps) {
        return maps.stream().filter(l -> l.contains("kvm")).count();
    }

    private static int fdCount() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    private static List<String> maps() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps"));
    }

    private static List<String> diff(List<String> a, List<String> b) {
        List<String> d = new ArrayList<>(a);
        d.removeAll(b);
        return d;
    }
}
