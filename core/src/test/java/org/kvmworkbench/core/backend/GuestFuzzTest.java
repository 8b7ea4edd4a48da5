package org.kvmworkbench.core.backend;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.DeviceConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.PortRange;
import org.kvmworkbench.core.config.UartConfig;
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.cpu.Cpu;
import org.kvmworkbench.core.cpu.Seg;
import org.kvmworkbench.core.memory.GuestMemory;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * Random guests on the simulator, through the whole VMM loop (modeled KVM, exit dispatch, UART, debugcon, the
 * virtio console on both transports, exit records with their disassembly): random machines with random exit
 * controls, random register and memory state, instruction streams biased towards what has broken before
 * (prefixes, REP string and string I/O, far jumps to EIP ≥ 2^31, INT, MOV SS, stacks near the end of RAM).
 * Seeded and bounded by count, not time. Asserts that no host exception escapes, that no run does more than its
 * budget (single steps: one instruction, two after MOV SS / POP SS), and that a finished VM has a defined outcome.
 * Another seed: {@code -Dfuzz.seed=N}.
 */
class GuestFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x6B766D_11L);
    private static final int MACHINES = 12;
    private static final int STREAMS_PER_MACHINE = 2_000;
    private static final int STEPS_PER_STREAM = 24;

    @TempDir Path dir;

    @Test
    void randomGuestsNeverThrowAndEveryRunKeepsItsBudget() throws Exception {
        Random rnd = new Random(SEED);
        Files.write(dir.resolve("g.bin"), new byte[] {(byte) 0xF4});
        long streams = 0, finished = 0;
        for (int m = 0; m < MACHINES; m++) {
            VmConfig config = randomMachine(rnd, m);
            try (SimulatedVcpu vcpu = new SimulatedVcpu(config, (s, b) -> { }, "fuzz")) {
                VmmLoop loop = new VmmLoop(vcpu);
                List<Object> records = new ArrayList<>();
                loop.setListener(records::add); // builds each exit record: registers, disassembly, note
                for (int s = 0; s < STREAMS_PER_MACHINE; s++) {
                    long caseSeed = rnd.nextLong();
                    try {
                        if (runStream(loop, vcpu, new Random(caseSeed))) finished++;
                    } catch (Throwable t) {
                        AssertionError e = new AssertionError(String.format(
                                "machine %d stream %d (case seed %d, test seed %d): %s", m, s, caseSeed, SEED, t), t);
                        throw e;
                    }
                    records.clear();
                    streams++;
                }
            }
        }
        assertTrue(finished > streams / 10, "most random streams end in a defined outcome: " + finished + "/" + streams);
    }

    /** Returns true if the VM finished (with an outcome) within the bound. */
    private boolean runStream(VmmLoop loop, SimulatedVcpu vcpu, Random rnd) {
        loop.reset();
        randomState(vcpu, rnd);
        for (int step = 0; step < STEPS_PER_STREAM; step++) {
            boolean single = rnd.nextInt(8) == 0;
            long budget = 1 + (rnd.nextBoolean() ? rnd.nextInt(8) : rnd.nextInt(5000));
            vcpu.setSingleStep(single);
            long before = vcpu.instructionsRetired();
            VmmLoop.Step s = loop.step(budget);
            vcpu.setSingleStep(false);
            long did = vcpu.instructionsRetired() - before;
            long allowed = single ? 2 : budget;
            if (did < 0 || did > allowed)
                fail("a run did " + did + " units with " + (single ? "single-step" : "budget " + budget));
            if (s == VmmLoop.Step.FINISHED) {
                assertNotNull(loop.outcome());
                assertNotNull(loop.outcomeDetail());
                return true;
            }
        }
        return false;
    }

    private VmConfig randomMachine(Random rnd, int index) {
        boolean mmio = index % 2 == 1;
        int[] sizes = mmio ? new int[] {16 << 10, 64 << 10, 256 << 10} : new int[] {4 << 10, 64 << 10, 256 << 10};
        int memory = index == MACHINES - 1 ? 1 << 20 : sizes[rnd.nextInt(sizes.length)];
        if (mmio && memory > VirtioConsoleConfig.DEFAULT_MMIO_ADDRESS) mmio = false;
        List<DeviceConfig> devices = new ArrayList<>();
        devices.add(new UartConfig(UartConfig.DEFAULT_PORT, rnd.nextBoolean() ? "typed" : null));
        devices.add(new DebugconConfig(0xE9));
        devices.add(mmio ? VirtioConsoleConfig.mmio(VirtioConsoleConfig.DEFAULT_MMIO_ADDRESS, rnd.nextBoolean())
                : new VirtioConsoleConfig(VirtioConsoleConfig.DEFAULT_PORT, rnd.nextBoolean()));
        return new VmConfig("fuzz" + index, null, memory, BackendChoice.SIMULATED, "g.bin", 0, new Entry(0, 0),
                devices, randomControls(rnd), KvmOptions.defaults(), dir);
    }

    private static Controls randomControls(Random rnd) {
        boolean bitmap = rnd.nextBoolean();
        List<PortRange> ports = new ArrayList<>();
        if (bitmap) {
            ports.add(new PortRange(0x3F8, 0x3FF));
            if (rnd.nextBoolean()) ports.add(new PortRange(0xC000, 0xC01F));
            if (rnd.nextBoolean()) ports.add(PortRange.of(0xE9));
        }
        boolean msrBitmap = rnd.nextBoolean();
        List<Long> msrs = msrBitmap ? List.of(0x10L, 0xC000_0080L) : List.of();
        List<Integer> vectors = new ArrayList<>();
        int mask = rnd.nextInt(4) == 0 ? rnd.nextInt() : 0;
        for (int v = 0; v < 32; v++) if ((mask & (1 << v)) != 0) vectors.add(v);
        return new Controls(bitmap ? Controls.IoMode.BITMAP : Controls.IoMode.UNCONDITIONAL, ports, rnd.nextBoolean(),
                rnd.nextBoolean(), msrBitmap ? Controls.MsrMode.BITMAP : Controls.MsrMode.ALL, msrs, vectors);
    }

    /** Random registers, IVT, stack and code; the code is where CS:IP points. */
    private static void randomState(SimulatedVcpu vcpu, Random rnd) {
        GuestMemory mem = vcpu.machine().memory();
        int size = (int) mem.size();
        Cpu c = vcpu.cpu();
        for (int r = 0; r < 8; r++) c.gpr[r] = interesting(rnd);
        for (int s = 0; s < 6; s++) c.loadSegment(s, rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(size >> 4));
        c.setEflags(rnd.nextInt() & 0x0000_0FD5 | 2);
        if (rnd.nextInt(4) == 0) c.idtrLimit = rnd.nextInt(0x400);
        if (rnd.nextInt(3) == 0) c.setReg16(4, rnd.nextBoolean() ? 0 : rnd.nextInt(8));
        byte[] b = new byte[Math.min(size, 1024)];
        rnd.nextBytes(b);
        mem.write(0, b, 0, b.length); // IVT
        int codeAt = rnd.nextInt(Math.max(1, size - 512)) & ~0xF;
        int cs = rnd.nextInt(Math.min(0x10000, (codeAt >> 4) + 1));
        c.loadSegment(Seg.CS, cs);
        c.eip = codeAt - (cs << 4);
        byte[] code = stream(rnd, Math.min(512, size - codeAt));
        mem.write(codeAt, code, 0, code.length);
    }

    private static int interesting(Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0: return rnd.nextInt();
            case 1: return rnd.nextInt(0x10000);
            case 2: return 0xFFFF - rnd.nextInt(16);
            case 3: return -1 - rnd.nextInt(16);
            case 4: return 0x8000_0000 + rnd.nextInt(0x2000);
            default: return rnd.nextInt(16);
        }
    }

    /** Fragments that reached bugs or rarely run code; the rest of a stream is uniform random bytes. */
    private static final int[][] FRAGMENTS = {
            {0x66, 0xEA, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00}, // jmp dword 0:0x80001000
            {0x66, 0xE9, 0x00, 0x00, 0x00, 0x80},             // jmp near rel32 far away
            {0xF3, 0xAA}, {0xF3, 0x67, 0xAA}, {0xF3, 0xA4}, {0xF3, 0x66, 0xA5}, {0xF3, 0x67, 0xA5},
            {0xF3, 0xA6}, {0xF2, 0xAE}, {0xF3, 0xAC},
            {0xF3, 0x6C}, {0xF3, 0x6D}, {0xF3, 0x6E}, {0xF3, 0x67, 0x6F}, {0x6C}, {0x6F},
            {0xCD, 0x10}, {0xCD, 0xFF}, {0xCC}, {0xCE}, {0xCF}, {0x66, 0xCF},
            {0x8E, 0xD0}, {0x17}, {0x8E, 0xD8}, {0x07},
            {0xE4, 0x40}, {0xE6, 0xE9}, {0xEC}, {0xEE}, {0x66, 0xEF}, {0xE5, 0x00},
            {0xBA, 0x00, 0xC0}, {0xBA, 0x10, 0xC0}, {0xBA, 0xF8, 0x03}, // mov dx, virtio/uart ports
            {0x0F, 0xA2}, {0x0F, 0x30}, {0x0F, 0x32}, {0x0F, 0x31}, {0x0F, 0x01, 0xC1}, {0x0F, 0x0B},
            {0xF4}, {0xFA}, {0xFB}, {0xFD}, {0x9D}, {0x66, 0x9D},
            {0xC4, 0x07}, {0xC5, 0x07}, {0xFF, 0x1F}, {0xFF, 0x2F}, {0x0F, 0x01, 0x17}, {0x0F, 0x01, 0x1F},
            {0xA1, 0x50, 0x00}, {0xA3, 0x50, 0x00}, {0x89, 0x07}, {0x66, 0x89, 0x07}, {0x67, 0x89, 0x00},
            {0x60}, {0x61}, {0xC8, 0x10, 0x00, 0x05}, {0xC9}, {0x9A, 0x00, 0x00, 0x00, 0xD0},
            {0xB8, 0x00, 0xD0, 0x8E, 0xC0}, // mov ax, 0xD000 ; mov es, ax (the virtio-mmio window)
            {0x26, 0xC7, 0x06, 0x50, 0x00, 0x01, 0x00}, // mov word [es:0x50], 1 (QueueNotify)
    };

    private static byte[] stream(Random rnd, int max) {
        int len = Math.min(max, 8 + rnd.nextInt(120));
        byte[] out = new byte[Math.max(len, 1)];
        int i = 0;
        while (i < out.length) {
            if (rnd.nextInt(5) < 2) {
                int[] f = FRAGMENTS[rnd.nextInt(FRAGMENTS.length)];
                for (int k = 0; k < f.length && i < out.length; k++) out[i++] = (byte) f[k];
            } else {
                out[i++] = (byte) rnd.nextInt(256);
            }
        }
        return out;
    }
}
