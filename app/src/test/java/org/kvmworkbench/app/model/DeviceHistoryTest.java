package org.kvmworkbench.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.Backends;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.core.session.VmmLoop;

/** The devices as at every exit of a run at full speed, recorded at the exit on the vCPU's own thread. */
class DeviceHistoryTest {
    private static final int UART = 0x3F8;

    private record Run(DeviceHistory history, List<ExitRecord> exits, Vcpu vcpu) {}

    private static Run run(String sample, int capacity) throws Exception {
        VmConfig c = ConfigLoader.load(Path.of("..", "samples", sample));
        Vcpu vcpu = Backends.open(c, BackendChoice.SIMULATED, new ConsoleBuffer());
        DeviceHistory history = new DeviceHistory(vcpu.machine(), capacity);
        List<ExitRecord> exits = new ArrayList<>();
        VmmLoop loop = new VmmLoop(vcpu);
        loop.setListener(r -> {
            exits.add(r);
            history.onExit(r);
        });
        for (int i = 0; i < 100_000 && loop.step(1_000_000) != VmmLoop.Step.FINISHED; i++) { }
        assertNotNull(loop.outcome(), "the sample ran to its end");
        return new Run(history, exits, vcpu);
    }

    private static DeviceSnapshot device(DeviceHistory.At at, String name) {
        return at.state().devices().stream().filter(d -> d != null && d.device().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyCharacterSentShowsInThrAtItsOwnExit() throws Exception {
        Run r = run("hello-serial.yaml", 5000);
        int dlabOff = -1;
        List<ExitRecord> thrWrites = new ArrayList<>();
        for (ExitRecord e : r.exits()) {
            var a = e.access();
            if (a == null || !a.write()) continue;
            if (a.address() == UART + 3 && (a.value() & 0x80) == 0) dlabOff = (int) e.seq();
            else if (a.address() == UART && dlabOff > 0) thrWrites.add(e);
        }
        assertTrue(thrWrites.size() > 5, "hello-serial sends a line");
        for (ExitRecord e : thrWrites) {
            DeviceHistory.At at = r.history().at(e.seq());
            assertEquals(e.seq(), at.capturedAt());
            assertEquals(e.access().value(), device(at, "uart").register("THR").value(), "THR at exit #" + e.seq());
        }
        // a line-status read between two writes shows the state captured at that very read
        ExitRecord first = thrWrites.get(0), second = thrWrites.get(1);
        assertTrue(device(r.history().at(second.seq() - 1), "uart").register("THR").value()
                == first.access().value());
    }

    @Test
    void anUnchangedDeviceSharesOneSnapshotAcrossCaptures() throws Exception {
        Run r = run("hello-serial.yaml", 5000);
        long a = r.exits().get(10).seq(), b = r.exits().get(r.exits().size() - 2).seq();
        assertSame(device(r.history().at(a), "debugcon"), device(r.history().at(b), "debugcon"));
    }

    @Test
    void onlyTheNewestCapturesAreKept() throws Exception {
        Run r = run("hello-serial.yaml", 16);
        ExitRecord last = r.exits().get(r.exits().size() - 1);
        assertNull(r.history().at(r.exits().get(0).seq()), "the first exit's devices were let go");
        assertNotNull(r.history().at(last.seq()));
        r.history().clear();
        assertNull(r.history().at(last.seq()));
    }

    @Test
    void eachKickShowsItsOwnQueueIndex() throws Exception {
        Run r = run("virtio-kick.yaml", 5000);
        List<Integer> availIdx = new ArrayList<>();
        for (ExitRecord e : r.exits()) {
            var a = e.access();
            if (a != null && a.write() && a.address() == 0xC010) {
                var rings = r.history().at(e.seq()).state().rings();
                availIdx.add(rings.get((int) a.value()).state().availIdx());
            }
        }
        assertEquals(3, availIdx.size(), "virtio-kick kicks three times");
        assertEquals(List.of(1, 2, 3), availIdx);
    }

    @Test
    void aPastExitsDevicesAreSaidInTheLanguageShownNotTheOneRecorded() throws Exception {
        try {
            Messages.setLocale(Locale.ROOT);
            Run english = run("cr-access.yaml", 5000);
            long seq = english.exits().get(english.exits().size() - 1).seq();
            DeviceSnapshot recorded = device(english.history().at(seq), "debugcon");
            long written = Long.parseLong(recorded.details().get(0).replace("bytes written: ", ""));
            assertTrue(written > 0, "cr-access writes to the debug console");
            Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
            DeviceSnapshot shown = device(english.history().at(seq), "debugcon");
            assertEquals(List.of("已写入字节：" + written, "读取返回 0xE9", "丢弃的字节（控制台没有空间）：0"), shown.details());
            assertTrue(List.of("尚未写入", "上一个写入的字节（控制字符）").contains(shown.register("LAST").meaning())
                    || shown.register("LAST").meaning().startsWith("上一个写入的字节 '"), shown.register("LAST").meaning());

            Run chinese = run("cr-access.yaml", 5000);
            seq = chinese.exits().get(chinese.exits().size() - 1).seq();
            Messages.setLocale(Locale.ROOT);
            shown = device(chinese.history().at(seq), "debugcon");
            assertEquals(List.of("bytes written: " + written, "reads return 0xE9", "bytes dropped (console had no room): 0"),
                    shown.details(), "recorded in Chinese, shown in English");
            assertTrue(shown.register("LAST").meaning().matches("nothing written yet|last byte written .*"),
                    shown.register("LAST").meaning());
        } finally {
            Messages.setLocale(Locale.ROOT);
        }
    }

    @Test
    void wordsInsideADevicesTextAreSaidAgainToo() throws Exception {
        try {
            Messages.setLocale(Locale.ROOT);
            Run r = run("virtio-mmio-kick.yaml", 5000);
            ExitRecord onTransport = null;
            for (ExitRecord e : r.exits()) if (e.access() != null && e.access().address() == 0xD0050) onTransport = e;
            assertNotNull(onTransport, "virtio-mmio-kick kicks over MMIO");
            // the driver sets up queue 0 with a page size the legacy transport does not support; the next exit on it records that
            var device = r.vcpu().machine().mmioBus().find(0xD0000).device();
            device.write(org.kvmworkbench.core.device.VirtioMmioTransport.REG_GUEST_PAGE_SIZE, 4, 512);
            device.write(org.kvmworkbench.core.device.VirtioMmioTransport.REG_QUEUE_SEL, 4, 0);
            device.write(org.kvmworkbench.core.device.VirtioMmioTransport.REG_QUEUE_PFN, 4, 0x20);
            ExitRecord k = onTransport, next = new ExitRecord(r.exits().get(r.exits().size() - 1).seq() + 1, k.reason(),
                    k.qualification(), k.instructionLength(), k.guestPhysical(), k.guestLinear(), k.interruptionInfo(), k.svm(),
                    k.kvmExit(), k.path(), k.access(), k.regs(), k.instruction(), k.note(), k.instructionsRetired(),
                    k.measuredNanos(), k.hostReason());
            r.history().onExit(next);
            onTransport = next;
            String english = "last error: queue 0: GuestPageSize 512 (only 4096 is supported)";
            assertTrue(details(r.history().at(onTransport.seq())).contains(english), details(r.history().at(onTransport.seq())).toString());
            Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
            assertTrue(details(r.history().at(onTransport.seq())).contains("最近的错误：队列 0：GuestPageSize 512（只支持 4096）"),
                    details(r.history().at(onTransport.seq())).toString());
        } finally {
            Messages.setLocale(Locale.ROOT);
        }
    }

    private static List<String> details(DeviceHistory.At at) {
        return at.state().devices().stream().filter(d -> d != null).flatMap(d -> d.details().stream()).toList();
    }
}
