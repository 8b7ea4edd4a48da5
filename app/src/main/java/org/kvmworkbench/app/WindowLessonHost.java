package org.kvmworkbench.app;

import java.nio.file.Path;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.Tab;
import javafx.stage.Window;

import org.kvmworkbench.app.lesson.LessonHost;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.Stage;
import org.kvmworkbench.core.session.Session;

/**
 * The workbench window as a lesson drives it: the window on screen now, also after a language switch rebuilt it
 * (see {@link WorkbenchWindow#current()}).
 */
final class WindowLessonHost implements LessonHost {
    private WorkbenchWindow w;
    private ChangeListener<ExitRecord> waiting;
    private RoundTripView waitingOn;

    WindowLessonHost(WorkbenchWindow w) {
        this.w = w;
    }

    private WorkbenchWindow w() {
        w = w.current();
        return w;
    }

    @Override public Window window() {
        return w().scene().getWindow();
    }

    @Override public Path openConfig() {
        return w().model().configPath();
    }

    @Override public boolean open(Path config) {
        stopWaiting();
        return w().open(config);
    }

    @Override public void showExit(long number, Runnable then) {
        stopWaiting();
        WorkbenchWindow w = w();
        Session s = w.model().session();
        if (s == null) return;
        w.tabs.getSelectionModel().select(0);
        if (replay(s, number, then) || s.ring().totalWritten() >= number) return; // shown, or gone from the ring
        // run until it happens; once the round trip has it, replay it from the start like a picked exit (the run may
        // have delivered several exits in one frame, which the round trip counts instead of animating)
        waiting = (o, a, shown) -> {
            if (shown != null && shown.seq() >= number) {
                stopWaiting();
                javafx.application.Platform.runLater(() -> replay(s, number, then));
            }
        };
        waitingOn = w.roundTrip;
        waitingOn.currentExitProperty().addListener(waiting);
        s.runUntil(r -> r.seq() >= number);
    }

    /** Replays exit {@code number} if the ring holds it. */
    private boolean replay(Session s, long number, Runnable then) {
        WorkbenchWindow w = w();
        if (s != w.model().session()) return false; // another config was opened meanwhile
        for (ExitRecord r : s.ring().snapshot())
            if (r.seq() == number) {
                w.roundTrip.replay(r);
                then.run();
                return true;
            }
        return false;
    }

    private void stopWaiting() {
        if (waiting != null) waitingOn.currentExitProperty().removeListener(waiting);
        waiting = null;
        waitingOn = null;
    }

    @Override public void selectStage(Stage stage) {
        RoundTripView roundTrip = w().roundTrip;
        if (roundTrip.shownPath() == null) return;
        var steps = roundTrip.shownPath().steps();
        for (int i = 0; i < steps.size(); i++)
            if (steps.get(i).stage() == stage) {
                roundTrip.selectStep(i);
                return;
            }
    }

    @Override public void showField(String name) {
        WorkbenchWindow w = w();
        for (Tab t : w.tabs.getTabs())
            if (t.getText().equals("VMCS") || t.getContent() == w.vmcsPanel) w.tabs.getSelectionModel().select(t);
        w.vmcsPanel.filterField().setText(name);
    }

    /**
     * The rebuilt window shows the run's newest exit on its first frames; the step's exit, stage and field go on screen
     * after those, or the newest exit would play over them.
     */
    @Override public void afterLanguageSwitch(Runnable then) {
        new javafx.animation.AnimationTimer() {
            private int frames;

            @Override public void handle(long now) {
                if (++frames < 3) return;
                stop();
                then.run();
            }
        }.start();
    }

    @Override public void showError(String message) {
        w().showError(message);
    }
}
