package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.app.Backends;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.app.view.ExitText;
import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.BackendChoice;
import org.kvmworkbench.core.config.Controls;
import org.kvmworkbench.core.config.DebugconConfig;
import org.kvmworkbench.core.config.Entry;
import org.kvmworkbench.core.config.KvmOptions;
import org.kvmworkbench.core.config.VirtioConsoleConfig;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.i18n.Columns;
import org.kvmworkbench.core.i18n.Phrase;
import org.kvmworkbench.core.i18n.PhrasedIOException;
import org.kvmworkbench.core.session.HeadlessRun;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.RunOutcome;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.kvm.HostVirtualization;
import org.kvmworkbench.kvm.KvmProbe;
import org.kvmworkbench.kvm.ReturnPathBench;

/**
 * {@code kick-bench [KICKS]}: the seed question with numbers. A guest kicks the virtio doorbell KICKS times
 * in a tight loop, once with the doorbell served in userspace (KVM_EXIT_IO, one KVM_RUN syscall per kick)
 * and once registered with KVM_IOEVENTFD (finished in the kernel); then the same two over the virtio-mmio
 * transport (a 32-bit store to QueueNotify: KVM_EXIT_MMIO, or an MMIO ioeventfd). Prints userspace exits per kick and the
 * time per kick, measured on KVM; on the simulator only the exit counts are meaningful (time is not shown).
 * Then, on KVM, the return path: complete requests whose completion interrupt comes back by KVM_IRQ_LINE or irqfd,
 * and the passthrough-style page, with system calls per request ({@link ReturnPathBench}).
 */
public final class KickBench {
    /** Virtio legacy QueueNotify of the device at 0xC000. */
    static final int DOORBELL = 0xC010;
    /** Guest-physical base of the virtio-mmio console (outside the 64 KiB of RAM). */
    static final long MMIO_BASE = 0xD0000;
    /** Its QueueNotify register. */
    static final long MMIO_DOORBELL = MMIO_BASE + 0x50;

    /** The command line's form, a name in every language. */
    public static final String SYNOPSIS = "kvm-workbench kick-bench [KICKS]";
    private static final Texts T = Texts.of(KickBench.class);

    private KickBench() {
    }

    /** The usage line: the synopsis and what it measures. */
    public static String usage() {
        return T.format("usage", SYNOPSIS);
    }

    /** mov dx,0xC010; mov ax,1; mov cx,KICKS; l: out dx,ax; loop l; cli; hlt */
    static byte[] guest(int kicks) {
        return new byte[] {(byte) 0xBA, 0x10, (byte) 0xC0, (byte) 0xB8, 0x01, 0x00, (byte) 0xB9, (byte) kicks,
                (byte) (kicks >> 8), (byte) 0xEF, (byte) 0xE2, (byte) 0xFD, (byte) 0xFA, (byte) 0xF4};
    }

    /**
     * mov ax,0xD000; mov es,ax; mov cx,KICKS; l: mov dword [es:0x50],1; loop l; cli; hlt. The store is 32 bits wide:
     * virtio-mmio registers are 32-bit, and the MMIO ioeventfd is registered for 4-byte writes.
     */
    static byte[] mmioGuest(int kicks) {
        return new byte[] {(byte) 0xB8, 0x00, (byte) 0xD0, (byte) 0x8E, (byte) 0xC0, (byte) 0xB9, (byte) kicks,
                (byte) (kicks >> 8), 0x26, 0x66, (byte) 0xC7, 0x06, 0x50, 0x00, 0x01, 0x00, 0x00, 0x00,
                (byte) 0xE2, (byte) 0xF4, (byte) 0xFA, (byte) 0xF4};
    }

    public record Row(String mode, String backend, double userspaceExitsPerKick, double microsPerKick) {}

    static final int DEFAULT_KICKS = 50_000;
    /** CX counts the kicks in the guest's LOOP. */
    static final int MAX_KICKS = 0xFFFF;

    static int kicks(String[] args) throws UsageException {
        if (args.length > 1) throw new UsageException(ErrorLine.about("kick-bench",
                T.format("argument", OptionValues.printable(args[1]), MAX_KICKS)));
        return args.length == 0 ? DEFAULT_KICKS
                : (int) OptionValues.whole("kick-bench KICKS", args[0], 1, MAX_KICKS);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        int kicks;
        try {
            kicks = kicks(args);
        } catch (UsageException e) {
            err.println(ErrorLine.of(e.getMessage()));
            return ExitStatus.USAGE;
        }
        try {
            Path dir = Files.createTempDirectory("kvmwb-kick");
            Files.write(dir.resolve("kick.bin"), guest(kicks));
            Files.write(dir.resolve("kick-mmio.bin"), mmioGuest(kicks));
            List<Row> rows = List.of(measure(dir, kicks, false), measure(dir, kicks, true),
                    measure(dir, kicks, true, false), measure(dir, kicks, true, true));
            out.println(T.format("intro", kicks, DOORBELL, MMIO_DOORBELL));
            out.println(Columns.left(T.get("column.mode"), 34) + " " + Columns.left(T.get("column.backend"), 26) + " "
                    + Columns.right(T.get("column.exits"), 22) + " " + Columns.right(T.get("column.time"), 16));
            for (Row r : rows) {
                out.println(Columns.left(r.mode(), 34) + " " + Columns.left(r.backend(), 26) + " "
                        + Columns.right(String.format("%.2f", r.userspaceExitsPerKick()), 22) + " "
                        + Columns.right(r.microsPerKick() < 0 ? T.get("notMeasured")
                                : String.format("%.2f µs", r.microsPerKick()), 16));
            }
            returnPath(Math.min(kicks, MAX_ROUND_TRIPS), out);
            Files.deleteIfExists(dir.resolve("kick.bin"));
            Files.deleteIfExists(dir.resolve("kick-mmio.bin"));
            Files.deleteIfExists(dir);
            return 0;
        } catch (Backends.UnavailableException e) {
            err.println(ErrorLine.of(RunSummary.unavailable(e)));
            return 6;
        } catch (IOException e) {
            err.println(ErrorLine.of(ErrorLine.reason(e)));
            return 6;
        }
    }

    /** Round trips per mode of the return-path table (the polled passthrough page is slow on a loaded host). */
    static final int MAX_ROUND_TRIPS = 2000;

    /** The return-path table's rows: every doorbell with every completion that makes sense for it. */
    static List<ReturnPathBench.Mode> returnPathModes() {
        List<ReturnPathBench.Mode> modes = new ArrayList<>();
        for (ReturnPathBench.Doorbell d : List.of(ReturnPathBench.Doorbell.PIO, ReturnPathBench.Doorbell.MMIO)) {
            for (boolean ioeventfd : new boolean[] {false, true}) {
                modes.add(new ReturnPathBench.Mode(d, ioeventfd, ReturnPathBench.Completion.IRQ_LINE));
                modes.add(new ReturnPathBench.Mode(d, ioeventfd, ReturnPathBench.Completion.IRQFD));
            }
        }
        for (ReturnPathBench.Completion c : ReturnPathBench.Completion.values()) {
            modes.add(new ReturnPathBench.Mode(ReturnPathBench.Doorbell.PASSTHROUGH, false, c));
        }
        return modes;
    }

    /**
     * The second table: complete requests (doorbell, device, completion interrupt, guest ISR) on KVM with the in-kernel
     * irqchip, with the VMM's system calls per request counted by the bench itself. KVM only: the counts are of real
     * system calls, which the simulator does not make.
     */
    static void returnPath(int requests, PrintStream out) {
        out.println();
        out.println(T.format("returnPath.intro", requests, ReturnPathBench.IRQ));
        String device = Backends.kvmDevice().toString();
        KvmProbe.Result probe = KvmProbe.probe(Backends.kvmDevice());
        String why = probe.available() ? ReturnPathBench.unsupportedReason(device) : probe.describe();
        if (why != null) {
            out.println(T.format("returnPath.notMeasured", probeWords(why)));
            return;
        }
        HostVirtualization host = HostVirtualization.detect();
        out.println(T.format("returnPath.host", host.technology(), host.module().isEmpty() ? T.get("unknown") : host.module()));
        out.println(Columns.left(T.get("column.doorbell"), 58) + " " + Columns.left(T.get("column.completion"), 24) + " "
                + Columns.right(T.get("column.rtExits"), 9) + " " + Columns.right("KVM_IRQ_LINE", 11) + " "
                + Columns.right(T.get("column.efdRead"), 9) + " " + Columns.right(T.get("column.efdWrite"), 9) + " "
                + Columns.right(T.get("column.syscalls"), 9) + " " + Columns.right(T.get("column.rtTime"), 12));
        for (ReturnPathBench.Mode m : returnPathModes()) {
            ReturnPathBench.Result r = ReturnPathBench.run(m, requests, device);
            double n = requests;
            out.println(Columns.left(doorbellLabel(m), 58) + " " + Columns.left(T.get("completion." + m.completion().name()), 24)
                    + String.format(" %9.2f %11.2f %9.2f %9.2f %9.2f %12s", r.exitsPerRequest(), r.irqLineIoctls() / n,
                    r.eventfdReads() / n, r.eventfdWrites() / n, r.systemCallsPerRequest(),
                    String.format("%.2f µs", r.microsPerRequest())));
        }
        out.println(T.get("returnPath.legend"));
    }

    /** {@link ReturnPathBench.Mode#doorbellLabel()} in the CLI's language. */
    static String doorbellLabel(ReturnPathBench.Mode m) {
        String doorbell = T.get("doorbell." + m.doorbell().name());
        if (m.doorbell() == ReturnPathBench.Doorbell.PASSTHROUGH) return T.format("doorbell.polled", doorbell);
        return T.format(m.ioeventfd() ? "doorbell.ioeventfd" : "doorbell.exit", doorbell);
    }

    private static String probeWords(String why) {
        if (why.matches("KVM_CAP_\\w+ missing")) return T.format("capMissing", why.substring(0, why.indexOf(' ')));
        return RunSummary.probeWords(why);
    }

    /** The port-I/O doorbell; {@code dir} holds {@link #guest}'s image as kick.bin. */
    static Row measure(Path dir, int kicks, boolean ioeventfd) throws IOException, Backends.UnavailableException {
        return measure(dir, kicks, false, ioeventfd);
    }

    /** With {@code mmio}, {@code dir} holds {@link #mmioGuest}'s image as kick-mmio.bin. */
    static Row measure(Path dir, int kicks, boolean mmio, boolean ioeventfd)
            throws IOException, Backends.UnavailableException {
        VirtioConsoleConfig virtio = mmio ? VirtioConsoleConfig.mmio(MMIO_BASE, ioeventfd)
                : new VirtioConsoleConfig(0xC000, ioeventfd);
        VmConfig c = new VmConfig("kick-bench", null, 64 * 1024, BackendChoice.AUTO,
                mmio ? "kick-mmio.bin" : "kick.bin", 0x1000, new Entry(0, 0x1000),
                List.of(new DebugconConfig(0xE9), virtio), Controls.defaults(), KvmOptions.defaults(), dir);
        try (Vcpu vcpu = Backends.open(c, BackendChoice.AUTO, (s, b) -> { })) {
            VmmLoop loop = new VmmLoop(vcpu);
            long t0 = System.nanoTime();
            HeadlessRun.Result r = HeadlessRun.run(loop, new RunLimits(0, 0, Duration.ofSeconds(60)));
            long elapsed = System.nanoTime() - t0;
            if (r.outcome() != RunOutcome.HALTED) {
                throw new PhrasedIOException(Phrase.literal(T.format("notHalted", ExitText.outcome(r.outcome()))));
            }
            // the final HLT is one more userspace exit, not a kick
            double userspacePerKick = (r.stats().userspace() - 1) / (double) kicks;
            boolean measured = !vcpu.info().simulated();
            String backend = T.format("backend", vcpu.info().name(), ExitText.technology(vcpu.info()));
            String kind = mmio ? "MMIO" : "PIO";
            return new Row(T.format(ioeventfd ? "mode.ioeventfd" : "mode.userspace", kind), backend,
                    userspacePerKick, measured ? elapsed / 1000.0 / kicks : -1);
        }
    }
}
