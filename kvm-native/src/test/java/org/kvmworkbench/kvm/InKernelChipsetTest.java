package org.kvmworkbench.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.backend.ExitDispatcher;
import org.kvmworkbench.core.backend.VcpuExit;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.PicConfig;
import org.kvmworkbench.core.config.PitConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.kvm.sys.KvmIoctls;

/**
 * KVM's in-kernel 8259A pair and 8254 as the workbench drives and shows them: pit-ticks.asm programs both (in the
 * kernel, no exit), says 'R', then sleeps in STI; HLT while IRQ 0 ticks. Asserts the state read back with
 * KVM_GET_IRQCHIP / KVM_GET_PIT2, that the ticks reach the guest's ISR with no userspace exit (HLT blocks inside
 * KVM_RUN), and that Pause and Close still get a vCPU out of that sleep.
 */
class InKernelChipsetTest {
    private static final int TICKS = 0x600;
    @TempDir Path dir;

    @BeforeAll
    static void kvm() {
        SampleRun.assumeKvm();
        try (Kvm kvm = Kvm.open()) {
            assumeTrue(kvm.checkExtension(KvmIoctls.KVM_CAP_IRQCHIP) > 0, "KVM_CAP_IRQCHIP missing on this host");
            assumeTrue(kvm.checkExtension(KvmIoctls.KVM_CAP_PIT2) > 0, "KVM_CAP_PIT2 missing on this host");
            assumeTrue(kvm.checkExtension(KvmIoctls.KVM_CAP_IRQFD) > 0, "KVM_CAP_IRQFD missing on this host");
        }
    }

    private VmConfig config(boolean irqfd) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("pit-ticks.bin")) {
            Files.copy(in, dir.resolve("pit-ticks.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new VmConfig("pit-ticks", null, 64 * 1024, BackendChoice.KVM, "pit-ticks.bin", 0x1000,
                new Entry(0, 0x1000), List.of(new DebugconConfig(0xE9), new PicConfig(), new PitConfig()),
                Controls.defaults(), new KvmOptions(true, irqfd), dir);
    }

    private static <T extends Device> T device(KvmVcpuBackend vcpu, Class<T> type) {
        for (Device d : vcpu.machine().devices()) if (type.isInstance(d)) return type.cast(d);
        throw new AssertionError("no " + type.getSimpleName() + " in " + vcpu.machine().devices());
    }

    /** Runs to the guest's 'R' (its only userspace exit before the ticks). */
    private static void toReady(KvmVcpuBackend vcpu) {
        VcpuExit e = vcpu.run(1);
        assertEquals(0xE9, e.address, "the first userspace exit is the 'R': the PIC/PIT writes stayed in the kernel");
        new ExitDispatcher().dispatch(e, vcpu.machine());
        vcpu.resume(e);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void guestProgrammingShowsInKvmGetIrqchipAndPit2() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config(false), (s, b) -> { }, "test")) {
            DeviceSnapshot before = device(vcpu, InKernelPit.class).snapshot();
            assertEquals(0x10000, before.register("counter 0 count").value(), "power-on: KVM loads count 0 = 0x10000");
            toReady(vcpu);
            DeviceSnapshot pic = device(vcpu, InKernelPic.class).snapshot();
            assertEquals(0xFE, pic.register("master IMR").value(), "OCW1 as the guest wrote it");
            assertTrue(pic.details().get(0).contains("vectors 0x08-0x0F"), pic.details().toString());
            DeviceSnapshot pit = device(vcpu, InKernelPit.class).snapshot();
            assertEquals(0x2E9C, pit.register("counter 0 count").value());
            assertEquals(2, pit.register("counter 0 mode").value());
            vcpu.reset();
            assertEquals(0x10000, device(vcpu, InKernelPit.class).snapshot().register("counter 0 count").value(),
                    "reset loads the power-on state (KVM_SET_PIT2)");
            assertEquals(0, device(vcpu, InKernelPic.class).snapshot().register("master IMR").value(),
                    "reset loads the power-on state (KVM_SET_IRQCHIP)");
        }
    }

    /** HLT with IF=1 sleeps in KVM_RUN; the PIT's ticks are injected and handled with no userspace exit; Pause wakes it. */
    @Test
    void ticksReachTheIsrWhileTheVcpuSleepsInTheKernelAndPauseWakesIt() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config(false), (s, b) -> { }, "test")) {
            toReady(vcpu);
            CompletableFuture<VcpuExit> run = CompletableFuture.supplyAsync(() -> vcpu.run(1));
            waitFor(() -> vcpu.machine().memory().read16(TICKS) >= 5, "5 timer ticks counted by the guest's ISR");
            assertFalse(run.isDone(), "no userspace exit: HLT, injection and EOI all stayed in the kernel");
            vcpu.interrupt(); // what Pause does
            assertNull(run.get(60, TimeUnit.SECONDS), "the kick signal ends the blocked KVM_RUN (EINTR)");
            int ticks = vcpu.machine().memory().read16(TICKS);
            vcpu.clearInterrupt();
            CompletableFuture<VcpuExit> again = CompletableFuture.supplyAsync(() -> vcpu.run(1));
            waitFor(() -> vcpu.machine().memory().read16(TICKS) > ticks, "ticks again after resuming");
            vcpu.interrupt();
            assertNull(again.get(60, TimeUnit.SECONDS));
        }
    }

    /** The GUI's Pause and Reset while the vCPU sleeps in HLT (ticking), then a headless run's time limit. */
    @Test
    void sessionPauseResetAndTimeoutWorkWhileTheVcpuSleepsInHlt() throws Exception {
        try (Session s = new Session(new VmmLoop(new KvmVcpuBackend(config(false), (c, b) -> { }, "test")), 64)) {
            var memory = s.loop().vcpu().machine().memory();
            s.run();
            waitFor(() -> memory.read16(TICKS) >= 3, "ticks while running");
            s.pause();
            waitFor(() -> s.state() == Session.State.PAUSED, "paused");
            assertEquals(1, s.ring().totalWritten(), "one userspace exit, the 'R': the ticks were all in the kernel");
            s.reset();
            waitFor(() -> s.state() == Session.State.PAUSED && s.ring().totalWritten() == 0, "reset");
            assertEquals(0, memory.read16(TICKS), "RAM zeroed, and the PIT stopped (power-on state) until reprogrammed");
        }
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config(false), (c, b) -> { }, "test")) {
            toReady(vcpu);
            CompletableFuture<VcpuExit> run = CompletableFuture.supplyAsync(() -> vcpu.run(1));
            waitFor(() -> vcpu.machine().memory().read16(TICKS) >= 2, "ticks");
            vcpu.interrupt();
            assertNull(run.get(60, TimeUnit.SECONDS));
            vcpu.reset(); // the vCPU was asleep in HLT (mp_state HALTED): reset must make it runnable again
            vcpu.clearInterrupt();
            CompletableFuture<VcpuExit> again = CompletableFuture.supplyAsync(() -> vcpu.run(1));
            VcpuExit e = again.get(60, TimeUnit.SECONDS);
            assertEquals(0xE9, e.address, "after reset the guest starts over and says 'R' again");
        }
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config(false), (c, b) -> { }, "test")) {
            HeadlessRun.Result r = HeadlessRun.run(new VmmLoop(vcpu), new RunLimits(0, 0, Duration.ofMillis(300)));
            assertEquals(RunOutcome.TIME_LIMIT, r.outcome(), "the watchdog's kick ends the sleeping KVM_RUN");
            assertTrue(vcpu.machine().memory().read16(TICKS) > 0);
        }
    }

    /** Close from another thread while the vCPU sleeps in HLT: close() kicks it out and waits for it. */
    @Test
    void closeWakesAVcpuSleepingInHlt() throws Exception {
        KvmVcpuBackend vcpu = new KvmVcpuBackend(config(true), (s, b) -> { }, "test");
        toReady(vcpu);
        CompletableFuture<String> loop = CompletableFuture.supplyAsync(() -> {
            try {
                for (;;) vcpu.run(1);
            } catch (IllegalStateException closed) {
                return closed.getMessage();
            }
        });
        waitFor(() -> vcpu.machine().memory().read16(TICKS) >= 2, "ticks");
        vcpu.close();
        assertEquals("vCPU closed", loop.get(60, TimeUnit.SECONDS));
    }

    /** KVM_IRQ_LINE: two ioctls per edge (raise, lower), none for a level that does not change; IRR shows the edge. */
    @Test
    void irqLineCountsIoctlsAndSetsIrr() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config(false), (s, b) -> { }, "test")) {
            KvmIrqLines lines = vcpu.irqLines();
            var line = lines.line(3);
            line.set(true);
            line.set(true);
            assertEquals(1, lines.irqLineIoctls());
            line.set(false);
            assertEquals(2, lines.irqLineIoctls());
            assertEquals(1 << 3, device(vcpu, InKernelPic.class).snapshot().register("master IRR").value() & 1 << 3);
            lines.line(10).set(true);
            assertEquals(1 << 2, device(vcpu, InKernelPic.class).snapshot().register("slave IRR").value() & 1 << 2,
                    "GSI 10 is slave pin 2");
        }
    }

    /** irqfd: one write per edge, the falling edge is free; the kernel's worker sets IRR a moment later. */
    @Test
    void irqfdCountsWritesAndSetsIrr() throws Exception {
        try (KvmVcpuBackend vcpu = new KvmVcpuBackend(config(true), (s, b) -> { }, "test")) {
            KvmIrqLines lines = vcpu.irqLines();
            var line = lines.line(6);
            line.set(true);
            line.set(false);
            assertEquals(1, lines.eventfdWrites());
            assertEquals(0, lines.irqLineIoctls());
            InKernelPic pic = device(vcpu, InKernelPic.class);
            waitFor(() -> (pic.snapshot().register("master IRR").value() & 1 << 6) != 0, "IRR bit 6 from the irqfd");
        }
    }
}
