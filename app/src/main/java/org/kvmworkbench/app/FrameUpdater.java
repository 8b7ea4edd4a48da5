package org.kvmworkbench.app;

import java.util.ArrayList;
import java.util.List;

import javafx.animation.AnimationTimer;

import org.kvmworkbench.app.model.WorkbenchModel;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.Stage;
import org.kvmworkbench.core.session.Session;

/**
 * Coalesces everything the vCPU thread produced into at most one view update per frame: new exits from
 * the session's ring buffer, console text, and — at most {@value #SLOW_HZ} times a second — the log,
 * charts, VMCS and device snapshots. The vCPU never waits for the window, and the window never falls behind.
 */
final class FrameUpdater extends AnimationTimer {
    private static final org.kvmworkbench.app.i18n.Texts T = org.kvmworkbench.app.i18n.Texts.of(FrameUpdater.class);
    static final int SLOW_HZ = 8;
    /** Most exits handed to the animation per frame; the rest are counted in flow mode. */
    static final int MAX_NEW_PER_FRAME = 512;

    private final WorkbenchWindow w;
    private final WorkbenchModel model;
    private static final org.kvmworkbench.core.vmx.VmxExitReason[] REASONS = org.kvmworkbench.core.vmx.VmxExitReason.values();

    private final org.kvmworkbench.app.model.RunWatch watch;
    private Session limitSession;
    private long shownLimitPauses;
    private long seen;
    private long lastSlow;
    private long slowSeen = -1;
    private ExitRecord shownExit;
    private Stage shownStage;
    private Session.State shownState;
    private org.kvmworkbench.app.model.DeviceHistory atHistory;
    private long atSeq = -1;
    private org.kvmworkbench.app.model.DeviceHistory.At atState;
    private java.util.Locale atLanguage;

    FrameUpdater(WorkbenchWindow window, WorkbenchModel model) {
        this.w = window;
        this.model = model;
        this.watch = model.runWatch();
    }

    /** A new session (or a reset): start the views over. */
    void sessionChanged() {
        seen = 0;
        slowSeen = -1;
        shownExit = null;
        shownStage = null;
        shownState = null;
        atState = null;
        w.roundTrip.reset();
        w.roundTrip.setBackend(w.backend());
        w.exitPanel.clear();
        w.notes.clear();
        w.console.clear();
        w.console.setGuestStopped(null);
        w.cpu.clear();
        w.console.setUartPort(uartPort());
        lastSlow = 0;
        watch.reset();
    }

    /** Views rebuilt mid-run (a language switch) start from the newest exit instead of replaying the ring. */
    void showFromNewest() {
        Session s = model.session();
        if (s != null) seen = Math.max(0, s.ring().totalWritten() - 1);
    }

    /** The UART's base port, for the console's caption. */
    private int uartPort() {
        Session s = model.session();
        if (s == null) return 0x3F8;
        for (var win : s.loop().vcpu().machine().pioBus().windows()) {
            if (win.device() == s.loop().vcpu().machine().uart()) return (int) win.base();
        }
        return 0x3F8;
    }

    @Override public void handle(long now) {
        Session s = model.session();
        if (s == null) {
            w.roundTrip.tick(now);
            return;
        }
        long total = s.ring().totalWritten();
        if (total < seen) sessionChanged(); // the ring was cleared by a reset
        List<ExitRecord> fresh = total == seen ? List.of() : s.ring().since(seen, MAX_NEW_PER_FRAME);
        seen = total;
        w.roundTrip.offer(fresh);
        w.roundTrip.tick(now);

        String text = model.console().drain();
        if (!text.isEmpty()) w.console.append(text);

        // one exit everywhere: the one the round trip shows (the newest, or the one the user picked)
        ExitRecord focus = w.roundTrip.currentExitProperty().get();
        BackendInfo info = s.loop().vcpu().info();
        boolean exitChanged = focus != shownExit;
        if (exitChanged) {
            shownExit = focus;
            lastSlow = 0; // the VMCS and CPU views follow the picked exit at once
            if (focus == null) {
                w.exitPanel.clear();
                w.notes.clear();
                shownStage = null;
            } else {
                // an older exit picked on the timeline, or one of a trace file's, is not "the latest"
                w.exitPanel.update(focus, info, focus.seq() < total || w.timeline.showingTrace());
            }
        }
        if (shownExit != null) {
            Stage stage = w.roundTrip.currentStageProperty().get();
            Stage st = stage != null && shownExit.path().steps().stream().anyMatch(p -> p.stage() == stage)
                    ? stage : shownExit.path().steps().get(0).stage();
            if (exitChanged || st != shownStage || w.notes.shownStage() == null) {
                shownStage = st;
                w.notes.update(shownExit, st, info);
            }
        }

        Session.State state = s.state();
        var loop = s.loop();
        long instructions = loop.vcpu().instructionsRetired();
        watch.sample(s.runNanos(), state == Session.State.RUNNING, instructions, loop.exits());
        if (s != limitSession) {
            limitSession = s;
            shownLimitPauses = 0;
        }
        if (state != Session.State.RUNNING && s.limitPauses() != shownLimitPauses) {
            shownLimitPauses = s.limitPauses();
            w.showError(T.format("error.limit", limitText(s.limitReached())));
        }
        w.statusLine.show(statusWordings(s, state, instructions)); // per frame: a running guest shows its pulse

        if (now - lastSlow > 1_000_000_000L / SLOW_HZ || state != shownState) {
            lastSlow = now;
            boolean stopped = state != shownState && state != Session.State.RUNNING;
            shownState = state;
            slowUpdate(s, info, total, stopped);
        }
    }

    /**
     * The status line, fullest wording first: "RUNNING · 12.4 s · 1,234,567 instructions (98.1 M/s) · 31 VM exits (2/s):
     * 31 returned to userspace = 31 KVM_RUN syscalls, 0 finished in the kernel · guest halted (…) · limits per run: …"
     * (no limits in presenter mode: they head the Limits menu). The shorter wordings drop the limits, then shorten the
     * split and the outcome, then leave out the instruction count, then the exit rate; the line shows the fullest that
     * fits. A stop that is not a VM exit (an unsupported instruction) is named in every wording, never counted as an exit.
     */
    private String[] statusWordings(Session s, Session.State state, long instructions) {
        var loop = s.loop();
        var stats = loop.stats();
        long user = stats.userspace(), kernel = stats.kernel();
        long notExits = Math.max(0, stats.total() - countedVmExits(stats));
        long exits = Math.max(0, stats.total() - notExits);
        // the time the vCPU thread measured, and the rates from it: while running over the last half second, at rest
        // over all the time run (a run shorter than a frame too); none before anything has run
        String head = T.get("state." + state) + SEP + watch.elapsedText();
        boolean rates = watch.running() || watch.hasRun();
        String insns = "";
        if (instructions >= 0) {
            insns = SEP + T.format("instructions", instructions);
            if (rates) insns += " (" + rate(watch.instructionsPerSecond()) + ")";
        }
        String exitsBare = SEP + T.format(exits == 1 ? "exit" : "exits", exits);
        String exitCount = rates ? exitsBare + " (" + rate(watch.exitsPerSecond()) + ")" : exitsBare;
        String split = T.format("split", user - notExits, user - notExits, kernel);
        String splitShort = T.format("split.short", user - notExits, kernel);
        String stops = notExits > 0 ? SEP + T.format("notExits", notExits) : "";
        String outcomeShort = loop.outcome() == null ? "" : SEP + org.kvmworkbench.app.view.ExitText.outcome(loop.outcome());
        String outcome = outcomeShort.isEmpty() || loop.outcomeDetail().isEmpty() ? outcomeShort
                : outcomeShort + " (" + org.kvmworkbench.app.view.ExitText.note(loop.outcomeWords()) + ")";
        String limits = w.theme().presenterProperty().get() ? "" : SEP + watch.describeLimits();
        return new String[] {
                head + insns + exitCount + split + stops + outcome + limits,
                head + insns + exitCount + split + stops + outcome,
                head + insns + exitCount + splitShort + stops + outcome,
                head + insns + exitCount + splitShort + stops + outcomeShort,
                head + exitCount + splitShort + stops + outcomeShort,
                head + exitCount + stops + outcomeShort,
                head + exitsBare + stops + outcomeShort};
    }

    private static final String SEP = "  ·  ";

    /** Exits that have a VMX basic exit reason; the rest are stops (emulation failure) the loop also counted. */
    private static long countedVmExits(org.kvmworkbench.core.session.ExitStats stats) {
        long n = 0;
        for (org.kvmworkbench.core.vmx.VmxExitReason r : REASONS) n += stats.count(r);
        return n;
    }

    /** Core's "1000 exits", "2000000000 instructions", "20 s", "1500 ms" in the current language. */
    static String limitText(String limit) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) (exits|instructions|s|ms)").matcher(limit == null ? "" : limit);
        return m.matches() ? T.format("limit." + m.group(2), Long.parseLong(m.group(1))) : String.valueOf(limit);
    }

    private static String rate(double perSecond) {
        if (perSecond < 0) return T.get("rate.none");
        if (perSecond >= 1e6) return String.format("%.1f M/s", perSecond / 1e6);
        if (perSecond >= 1e3) return String.format("%.1f k/s", perSecond / 1e3);
        return String.format("%.0f/s", perSecond);
    }

    /** The exit shown everywhere when it is an older one of this VM's (not the newest, not from a trace file), else null. */
    private ExitRecord pastExit(long total) {
        ExitRecord r = shownExit;
        return r != null && r.seq() < total && !w.timeline.showingTrace() ? r : null;
    }

    /** A past exit's devices, described once while it stays picked in one language (describing builds its snapshots anew). */
    private org.kvmworkbench.app.model.DeviceHistory.At recordedAt(org.kvmworkbench.app.model.DeviceHistory history, long seq) {
        java.util.Locale language = org.kvmworkbench.core.i18n.Messages.locale();
        if (history != atHistory || seq != atSeq || atState == null || !language.equals(atLanguage)) {
            atHistory = history;
            atSeq = seq;
            atLanguage = language;
            atState = history.at(seq);
        }
        return atState;
    }

    private void slowUpdate(Session s, BackendInfo info, long total, boolean justStopped) {
        var loop = s.loop();
        w.console.setGuestStopped(loop.outcome() == null ? null : org.kvmworkbench.app.view.ExitText.outcome(loop.outcome()));
        if (s.failure() != null) w.showError(T.format("error.internal", s.failure()));
        if (total != slowSeen) {
            slowSeen = total;
            List<ExitRecord> recent = s.ring().snapshot();
            w.exitLog.update(recent);
            w.timeline.update(recent);
            w.stats.update(loop.stats().snapshot(), recent, !info.simulated());
            w.guest.source().setExits(recent);
        }
        // a past exit picked on the timeline or in the log: its VMCS and registers as recorded at that exit
        ExitRecord past = pastExit(total);
        var recorded = past == null ? null : s.vmcsHistory().at(past.seq());
        w.vmcsPanel.update(recorded != null ? recorded : loop.vcpu().vmcs().snapshot(), info,
                past != null ? past.seq() : countedVmExits(loop.stats()));
        if (past != null) w.cpu.update(past.regs(), loop.vcpu().machine().memory());
        // registers and code only while the vCPU rests (reading them from this thread mid-run would race it)
        else {
            var resting = s.state() != Session.State.RUNNING ? loop.vcpu().registers() : null;
            if (resting != null) {
                w.cpu.update(resting, loop.vcpu().machine().memory());
                w.cpu.showShadowedStep(loop.vcpu().lastShadowedStep());
            }
            w.guest.source().setCurrent(resting);
        }
        // a past exit: the board's devices as recorded at that exit (KVM's in-kernel chips as they are now)
        var history = model.deviceHistory();
        var then = past == null || history == null ? null : recordedAt(history, past.seq());
        List<Device> devices = loop.vcpu().machine().devices();
        List<DeviceSnapshot> snaps = new ArrayList<>(devices.size());
        List<VirtioConsole.QueueRings> rings = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            DeviceSnapshot atExit = then == null ? null : then.state().devices().get(i);
            snaps.add(atExit != null ? atExit : d.snapshot());
            if (then == null && d instanceof VirtioConsole v) {
                for (int q = 0; q < v.queueCount(); q++) rings.add(v.queueRings(q));
            }
        }
        w.devices.update(snaps);
        w.devices.updateVirtqueues(then != null ? then.state().rings() : rings);
        w.devices.setNote(past == null ? "" : org.kvmworkbench.app.model.DeviceHistory.note(past.seq(), then,
                history != null && history.hasOffBoard()));
    }
}
