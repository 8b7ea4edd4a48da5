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
    static final int SLOW_HZ = 8;
    /** Most exits handed to the animation per frame; the rest are counted in flow mode. */
    static final int MAX_NEW_PER_FRAME = 512;

    private final WorkbenchWindow w;
    private final WorkbenchModel model;
    private long seen;
    private long lastSlow;
    private long slowSeen = -1;
    private ExitRecord shownExit;
    private Stage shownStage;
    private Session.State shownState;

    FrameUpdater(WorkbenchWindow window, WorkbenchModel model) {
        this.w = window;
        this.model = model;
    }

    /** A new session (or a reset): start the views over. */
    void sessionChanged() {
        seen = 0;
        slowSeen = -1;
        shownExit = null;
        shownStage = null;
        shownState = null;
        w.roundTrip.reset();
        w.roundTrip.setBackend(w.backend());
        w.exitPanel.clear();
        w.notes.clear();
        w.console.clear();
        w.console.setUartPort(uartPort());
        lastSlow = 0;
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

        ExitRecord focus = w.roundTrip.modeProperty().get() == RoundTripView.Mode.ANIMATING
                ? w.roundTrip.currentExitProperty().get() : (fresh.isEmpty() ? shownExit : fresh.get(fresh.size() - 1));
        BackendInfo info = s.loop().vcpu().info();
        if (focus != null && focus != shownExit) {
            shownExit = focus;
            w.exitPanel.update(focus, info);
        }
        Stage stage = w.roundTrip.currentStageProperty().get();
        if (shownExit != null && (stage != shownStage || focus == shownExit)) {
            Stage st = stage != null && shownExit.path().steps().stream().anyMatch(p -> p.stage() == stage)
                    ? stage : shownExit.path().steps().get(0).stage();
            if (st != shownStage || w.notes.shownStage() == null) {
                shownStage = st;
                w.notes.update(shownExit, st, info);
            }
        }

        Session.State state = s.state();
        if (now - lastSlow > 1_000_000_000L / SLOW_HZ || state != shownState) {
            lastSlow = now;
            shownState = state;
            slowUpdate(s, info, total);
        }
    }

    private void slowUpdate(Session s, BackendInfo info, long total) {
        var loop = s.loop();
        String outcome = loop.outcome() == null ? "" : "  ·  " + loop.outcome().description()
                + (loop.outcomeDetail().isEmpty() ? "" : " (" + loop.outcomeDetail() + ")");
        w.status.setText(String.format("%s  ·  exits: %d  (returned to userspace: %d = %d KVM_RUN syscalls; finished in the "
                        + "kernel: %d)%s", s.state(), loop.exits(), loop.stats().userspace(), loop.stats().userspace(),
                loop.stats().kernel(), outcome));
        if (s.failure() != null) w.showError("The vCPU thread stopped on an internal error: " + s.failure());
        if (total != slowSeen) {
            slowSeen = total;
            List<ExitRecord> recent = s.ring().snapshot();
            w.exitLog.update(recent);
            w.stats.update(loop.stats().snapshot(), recent, !info.simulated());
        }
        w.vmcsPanel.update(loop.vcpu().vmcs().snapshot(), info);
        List<DeviceSnapshot> snaps = new ArrayList<>();
        List<VirtioConsole.QueueRings> rings = new ArrayList<>();
        for (Device d : loop.vcpu().machine().devices()) {
            snaps.add(d.snapshot());
            if (d instanceof VirtioConsole v) {
                for (int q = 0; q < v.queueCount(); q++) rings.add(v.queueRings(q));
            }
        }
        w.devices.update(snaps);
        w.devices.updateVirtqueues(rings);
    }
}
