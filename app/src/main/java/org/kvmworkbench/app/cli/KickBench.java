package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.kvmworkbench.app.Backends;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * {@code kick-bench [KICKS]}: the seed question with numbers. A guest kicks the virtio doorbell KICKS times
 * in a tight loop, once with the doorbell served in userspace (KVM_EXIT_IO, one KVM_RUN syscall per kick)
 * and once registered with KVM_IOEVENTFD (finished in the kernel). Prints userspace exits per kick and the
 * time per kick, measured on KVM; on the simulator only the exit counts are meaningful (time is not shown).
 */
public final class KickBench {
    /** Virtio legacy QueueNotify of the device at 0xC000. */
    static final int DOORBELL = 0xC010;

    private KickBench() {
    }

    /** mov dx,0xC010; mov ax,1; mov cx,KICKS; l: out dx,ax; loop l; cli; hlt */
    static byte[] guest(int kicks) {
        return new byte[] {(byte) 0xBA, 0x10, (byte) 0xC0, (byte) 0xB8, 0x01, 0x00, (byte) 0xB9, (byte) kicks,
                (byte) (kicks >> 8), (byte) 0xEF, (byte) 0xE2, (byte) 0xFD, (byte) 0xFA, (byte) 0xF4};
    }

    public record Row(String mode, String backend, double userspaceExitsPerKick, double microsPerKick) {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        int kicks = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        if (kicks < 1 || kicks > 0xFFFF) {
            err.println("error: KICKS must be 1..65535");
            return 2;
        }
        try {
            Path dir = Files.createTempDirectory("kvmwb-kick");
            Files.write(dir.resolve("kick.bin"), guest(kicks));
            List<Row> rows = List.of(measure(dir, kicks, false), measure(dir, kicks, true));
            out.printf("%d doorbell kicks (OUT to port 0x%X) per mode%n", kicks, DOORBELL);
            out.printf("%-34s %-26s %22s %16s%n", "mode", "backend", "userspace exits/kick", "time/kick");
            for (Row r : rows) {
                out.printf("%-34s %-26s %22.2f %16s%n", r.mode(), r.backend(), r.userspaceExitsPerKick(),
                        r.microsPerKick() < 0 ? "(not measured)" : String.format("%.2f µs", r.microsPerKick()));
            }
            Files.deleteIfExists(dir.resolve("kick.bin"));
            Files.deleteIfExists(dir);
            return 0;
        } catch (IOException | Backends.UnavailableException e) {
            err.println("error: " + e.getMessage());
            return 6;
        }
    }

    static Row measure(Path dir, int kicks, boolean ioeventfd) throws IOException, Backends.UnavailableException {
        VmConfig c = new VmConfig("kick-bench", null, 64 * 1024, BackendChoice.AUTO, "kick.bin", 0x1000,
                new Entry(0, 0x1000), List.of(new DebugconConfig(0xE9), new VirtioConsoleConfig(0xC000, ioeventfd)),
                Controls.defaults(), KvmOptions.defaults(), dir);
        try (Vcpu vcpu = Backends.open(c, BackendChoice.AUTO, (s, b) -> { })) {
            VmmLoop loop = new VmmLoop(vcpu);
            long t0 = System.nanoTime();
            HeadlessRun.Result r = HeadlessRun.run(loop, new RunLimits(0, 0, Duration.ofSeconds(60)));
            long elapsed = System.nanoTime() - t0;
            if (r.outcome() != RunOutcome.HALTED) throw new IOException("kick guest did not halt: " + r.outcome());
            // the final HLT is one more userspace exit, not a kick
            double userspacePerKick = (r.stats().userspace() - 1) / (double) kicks;
            boolean measured = !vcpu.info().simulated();
            String backend = vcpu.info().name() + " (" + vcpu.info().technology() + ")";
            return new Row(ioeventfd ? "PIO doorbell + KVM_IOEVENTFD" : "PIO doorbell, served in userspace", backend,
                    userspacePerKick, measured ? elapsed / 1000.0 / kicks : -1);
        }
    }
}
