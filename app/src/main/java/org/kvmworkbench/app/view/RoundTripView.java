package org.kvmworkbench.app.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.Lane;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

/**
 * The centre of the app: three lanes (guest, KVM in the kernel, userspace VMM) and the stages of the
 * current exit's path on them, with a token that travels the path. An exit KVM finishes in the kernel
 * never visits the userspace lane. When exits arrive faster than they can be animated the view switches
 * to flow counts on each path instead of falling behind.
 */
public final class RoundTripView extends Region {
    /** Seconds one exit takes to travel its path at speed 1. */
    static final double SECONDS_PER_EXIT = 2.4;
    /** More exits waiting than this and the view shows flow counts instead of animating each one. */
    static final int MAX_BACKLOG = 3;

    public enum Mode { IDLE, ANIMATING, FLOW }

    private final Region[] bands = new Region[3];
    private final Label[] laneTitles = new Label[3];
    private final Pane pathLayer = new Pane();
    private final Circle token = new Circle();
    private final Label caption = new Label("Press Step exit (F10) or Run (F5): each VM exit travels this path");
    private final Label modeBanner = new Label();
    private final ArrayDeque<ExitRecord> queue = new ArrayDeque<>();
    private final Map<ExitPath, Long> flowCounts = new EnumMap<>(ExitPath.class);
    private final ReadOnlyObjectWrapper<Stage> currentStage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ExitRecord> currentExit = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(Mode.IDLE);

    private final List<VBox> stageBoxes = new ArrayList<>();
    private final List<Line> edges = new ArrayList<>();
    private final List<Polygon> arrows = new ArrayList<>();
    private final List<Label> edgeLabels = new ArrayList<>();
    private ExitPath shownPath;
    private BackendInfo backend;
    private double speed = 1;
    private long animationStart = -1;
    private long lastFlowUpdate;

    public RoundTripView() {
        getStyleClass().add("round-trip");
        getStylesheets().add(RoundTripView.class.getResource("RoundTripView.css").toExternalForm());
        for (Lane lane : Lane.values()) {
            Region band = new Region();
            band.getStyleClass().addAll("lane", "lane-" + lane.name().toLowerCase());
            Label title = new Label(LaneNames.title(lane, null));
            title.getStyleClass().add("lane-title");
            bands[lane.ordinal()] = band;
            laneTitles[lane.ordinal()] = title;
            getChildren().add(band);
        }
        getChildren().addAll(laneTitles);
        caption.getStyleClass().add("rt-caption");
        caption.setWrapText(true);
        modeBanner.getStyleClass().add("rt-mode");
        modeBanner.setVisible(false);
        token.getStyleClass().add("rt-token");
        token.setVisible(false);
        pathLayer.setManaged(false);
        getChildren().addAll(pathLayer, token, caption, modeBanner);
        showPath(ExitPath.USERSPACE_PIO);
    }

    // ------------------------------------------------------------------------------------------------
    // Inputs (FX thread)

    public void setBackend(BackendInfo info) {
        backend = info;
        for (Lane lane : Lane.values()) laneTitles[lane.ordinal()].setText(LaneNames.title(lane, info));
        ExitPath p = shownPath;
        shownPath = null;
        showPath(p);
    }

    /** Animation speed factor, 0.25 (slow, for explaining) to 8. */
    public void setSpeed(double factor) {
        speed = Math.max(0.25, Math.min(8, factor));
    }

    /** The exits that arrived since the last frame, oldest first. */
    public void offer(List<ExitRecord> newExits) {
        if (newExits.isEmpty()) return;
        if (mode.get() == Mode.FLOW || queue.size() + newExits.size() > MAX_BACKLOG) {
            if (mode.get() != Mode.FLOW) {
                flowCounts.clear();
                for (ExitRecord r : queue) flowCounts.merge(r.path(), 1L, Long::sum);
                queue.clear();
                mode.set(Mode.FLOW);
            }
            for (ExitRecord r : newExits) flowCounts.merge(r.path(), 1L, Long::sum);
            ExitRecord last = newExits.get(newExits.size() - 1);
            currentExit.set(last);
            lastFlowUpdate = System.nanoTime();
            showFlow(last);
            return;
        }
        queue.addAll(newExits);
    }

    /** Forget everything (the VM was reset or another config opened). */
    public void reset() {
        queue.clear();
        flowCounts.clear();
        animationStart = -1;
        mode.set(Mode.IDLE);
        token.setVisible(false);
        modeBanner.setVisible(false);
        currentStage.set(null);
        currentExit.set(null);
        caption.setText("Press Step exit (F10) or Run (F5): each VM exit travels this path");
        highlight(-1);
    }

    /** Advance the animation; called once per frame by the window's timer. */
    public void tick(long now) {
        if (mode.get() == Mode.FLOW) {
            // back to animating once exits stop pouring in
            if (now - lastFlowUpdate > 1_500_000_000L) {
                mode.set(Mode.IDLE);
                modeBanner.setVisible(false);
            }
            return;
        }
        if (animationStart < 0) {
            ExitRecord next = queue.poll();
            if (next == null) return;
            startAnimation(next, now);
        }
        double t = (now - animationStart) / 1e9 * speed / SECONDS_PER_EXIT;
        if (t >= 1) {
            animationStart = -1;
            placeToken(stageBoxes.size() - 1, 0);
            if (queue.isEmpty()) mode.set(Mode.IDLE);
            return;
        }
        double pos = t * (stageBoxes.size() - 1);
        int i = (int) Math.floor(pos);
        placeToken(i, pos - i);
        highlight(i);
        currentStage.set(shownPath.steps().get(i).stage());
    }

    public ReadOnlyObjectProperty<Stage> currentStageProperty() {
        return currentStage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ExitRecord> currentExitProperty() {
        return currentExit.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** What the path edges are labelled with in flow mode, for tests: path → exits counted. */
    public Map<ExitPath, Long> flowCounts() {
        return Map.copyOf(flowCounts);
    }

    // ------------------------------------------------------------------------------------------------

    private void startAnimation(ExitRecord r, long now) {
        animationStart = now;
        mode.set(Mode.ANIMATING);
        modeBanner.setVisible(false);
        currentExit.set(r);
        showPath(r.path());
        caption.setText(describe(r, backend));
        labelEdges(r, false);
        token.setVisible(true);
    }

    private void showFlow(ExitRecord last) {
        ExitPath busiest = last.path();
        long best = -1;
        for (Map.Entry<ExitPath, Long> e : flowCounts.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                busiest = e.getKey();
            }
        }
        showPath(busiest);
        token.setVisible(false);
        highlight(-1);
        labelEdges(last, true);
        StringBuilder b = new StringBuilder("Exits arrive faster than they can be animated — flow counts since then:");
        flowCounts.entrySet().stream().sorted(Map.Entry.<ExitPath, Long>comparingByValue().reversed()).limit(4)
                .forEach(e -> b.append(String.format("   %s ×%d", label(e.getKey()), e.getValue())));
        modeBanner.setText(b.toString());
        modeBanner.setVisible(true);
        caption.setText(describe(last, backend));
    }

    static String label(ExitPath p) {
        return (p.reachesUserspace() ? "via userspace: " : "in kernel: ") + p.name().toLowerCase().replace('_', ' ');
    }

    static String describe(ExitRecord r) {
        return describe(r, null);
    }

    /** The caption for {@code r}, naming the exit as this host does (VMX reason, SVM exit code, or none on PVM). */
    static String describe(ExitRecord r, BackendInfo info) {
        StringBuilder b = new StringBuilder();
        b.append('#').append(r.seq()).append("  ").append(r.instruction()).append("  →  ");
        switch (HostKind.of(info)) {
            case VMX -> b.append("exit ").append(r.reasonLabel());
            case SVM -> b.append(r.svm() == null || r.svm().isBlank() ? "no #VMEXIT" : "#VMEXIT " + r.svm());
            case PVM -> b.append("no VM exit (KVM's emulator)");
        }
        if (r.access() != null) {
            b.append(r.access().kind() == org.kvmworkbench.core.exit.Access.Kind.PIO ? String.format("  port 0x%X", r.access().address())
                    : String.format("  gpa 0x%X", r.access().address()));
            b.append(r.access().write() ? String.format("  writes 0x%X", r.access().value())
                    : String.format("  reads 0x%X", r.access().value()));
            if (r.access().count() > 1) b.append(String.format(" (+%d more)", r.access().count() - 1));
        }
        b.append(r.kvmExit() == null ? "  ·  finished in the kernel" : "  ·  KVM_RUN returns " + r.kvmExit().constantName());
        return b.toString();
    }

    private void showPath(ExitPath path) {
        if (path == shownPath) return;
        shownPath = path;
        pathLayer.getChildren().clear();
        stageBoxes.clear();
        edges.clear();
        arrows.clear();
        edgeLabels.clear();
        List<PathStep> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            PathStep s = steps.get(i);
            if (i > 0) {
                Line line = new Line();
                line.getStyleClass().add(s.stage().lane() == Lane.USERSPACE || steps.get(i - 1).stage().lane() == Lane.USERSPACE
                        ? "rt-edge-user" : "rt-edge");
                Polygon arrow = new Polygon();
                arrow.getStyleClass().add("rt-arrow");
                Label el = new Label();
                el.getStyleClass().add("rt-edge-label");
                el.setManaged(false);
                edges.add(line);
                arrows.add(arrow);
                edgeLabels.add(el);
                pathLayer.getChildren().addAll(line, arrow);
            }
            Label name = new Label(stageName(s.stage()));
            name.getStyleClass().add("rt-stage-name");
            name.setWrapText(true);
            name.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            name.setMinHeight(Region.USE_PREF_SIZE); // the stage name always shows; the handler line gives way
            String what = HostHandlers.handler(path, s.stage(), backend); // VMX names only on VMX hosts
            Label handler = new Label(what);
            handler.getStyleClass().add("rt-stage-handler");
            handler.setWrapText(true);
            handler.setTooltip(new javafx.scene.control.Tooltip(what));
            VBox box = new VBox(2, name, handler);
            box.setAlignment(Pos.TOP_CENTER);
            box.getStyleClass().addAll("rt-stage", "rt-stage-" + s.stage().lane().name().toLowerCase());
            box.setManaged(false); // placed by this view's layout, not resized to its preferred size by the layer
            stageBoxes.add(box);
        }
        pathLayer.getChildren().addAll(stageBoxes);
        pathLayer.getChildren().addAll(edgeLabels);
        requestLayout();
    }

    private String stageName(Stage s) {
        return switch (s) {
            case GUEST_INSTRUCTION -> "guest instruction";
            case VM_EXIT -> switch (HostKind.of(backend)) {
                case VMX -> "VM exit";
                case SVM -> "#VMEXIT";
                case PVM -> "no VM exit (emulator)";
            };
            case KVM_HANDLER -> "KVM handler";
            case KVM_EMULATOR -> "KVM emulator";
            case EVENTFD_SIGNAL -> "eventfd signal";
            case DEVICE_THREAD -> "device thread";
            case KVM_RUN_RETURNS -> "KVM_RUN returns";
            case USERSPACE_DEVICE -> "device model";
            case KVM_RUN_CALLED -> "KVM_RUN again";
            case VM_ENTRY -> switch (HostKind.of(backend)) {
                case VMX -> "VM entry";
                case SVM -> "VMRUN";
                case PVM -> "emulator continues";
            };
            case VM_STOPS -> "VM stops";
        };
    }

    private void labelEdges(ExitRecord r, boolean flow) {
        List<PathStep> steps = shownPath.steps();
        boolean measured = r.measuredNanos() >= 0;
        for (int i = 1; i < steps.size(); i++) {
            Label l = edgeLabels.get(i - 1);
            PathStep s = steps.get(i);
            String text = "";
            if (flow) {
                Long n = flowCounts.get(shownPath);
                text = i == 1 && n != null ? "×" + n : "";
            } else if (!measured && s.modeledNanos() >= 0) {
                text = String.format("~%.1f µs modeled", s.modeledNanos() / 1000.0);
            } else if (measured && s.stage() == Stage.KVM_RUN_RETURNS) {
                text = String.format("%.1f µs in KVM_RUN (measured)", r.measuredNanos() / 1000.0);
            }
            l.setText(text);
            l.setVisible(!text.isEmpty());
        }
        requestLayout();
    }

    private void highlight(int index) {
        for (int i = 0; i < stageBoxes.size(); i++) {
            stageBoxes.get(i).pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("current"), i == index);
        }
    }

    private void placeToken(int i, double frac) {
        if (stageBoxes.isEmpty()) return;
        i = Math.min(i, stageBoxes.size() - 1);
        VBox a = stageBoxes.get(i);
        VBox b = stageBoxes.get(Math.min(i + 1, stageBoxes.size() - 1));
        double ax = a.getLayoutX() + a.getWidth() / 2, ay = anchorY(a);
        double bx = b.getLayoutX() + b.getWidth() / 2, by = anchorY(b);
        double e = frac < 0.5 ? 2 * frac * frac : 1 - Math.pow(-2 * frac + 2, 2) / 2; // ease in-out
        token.setCenterX(ax + (bx - ax) * e);
        token.setCenterY(ay + (by - ay) * e);
    }

    private static double anchorY(VBox box) {
        return box.getLayoutY() + Math.min(box.getHeight(), 28) / 2;
    }

    // ------------------------------------------------------------------------------------------------
    // Layout

    @Override protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double em = caption.getFont().getSize();
        double captionH = em * 3.2;
        caption.resizeRelocate(em, em * 0.4, w - 2 * em, captionH - em * 0.4);
        double laneH = (h - captionH) / 3;
        for (int i = 0; i < 3; i++) {
            double y = captionH + i * laneH;
            bands[i].resizeRelocate(0, y, w, laneH - 2);
            laneTitles[i].resizeRelocate(em * 0.6, y + em * 0.3, w - em, laneTitles[i].prefHeight(w));
        }
        // in flow mode the banner takes the caption's place, so it never covers the lanes
        modeBanner.resizeRelocate(em, em * 0.3, w - 2 * em, captionH - em * 0.5);
        caption.setVisible(!modeBanner.isVisible());
        pathLayer.resizeRelocate(0, 0, w, h);
        int n = stageBoxes.size();
        if (n == 0) return;
        double left = em * 1.2, right = w - em * 1.2;
        double slot = (right - left) / n;
        double boxW = Math.max(em * 5, slot * 0.92);
        for (int i = 0; i < n; i++) {
            VBox box = stageBoxes.get(i);
            Lane lane = shownPath.steps().get(i).stage().lane();
            double bh = Math.min(box.prefHeight(boxW), laneH - em * 1.9);
            double x = left + slot * i + (slot - boxW) / 2;
            double y = captionH + lane.ordinal() * laneH + em * 1.7;
            box.resizeRelocate(x, y, boxW, bh);
        }
        for (int i = 1; i < n; i++) {
            VBox a = stageBoxes.get(i - 1), b = stageBoxes.get(i);
            double ax = a.getLayoutX() + a.getWidth() / 2, ay = anchorY(a);
            double bx = b.getLayoutX() + b.getWidth() / 2, by = anchorY(b);
            Line line = edges.get(i - 1);
            line.setStartX(ax);
            line.setStartY(ay);
            line.setEndX(bx);
            line.setEndY(by);
            double angle = Math.atan2(by - ay, bx - ax);
            double tipX = (ax + bx) / 2 + Math.cos(angle) * em * 0.5, tipY = (ay + by) / 2 + Math.sin(angle) * em * 0.5;
            double s = em * 0.55;
            arrows.get(i - 1).getPoints().setAll(tipX, tipY,
                    tipX - s * Math.cos(angle - 0.45), tipY - s * Math.sin(angle - 0.45),
                    tipX - s * Math.cos(angle + 0.45), tipY - s * Math.sin(angle + 0.45));
            Label el = edgeLabels.get(i - 1);
            double lw = el.prefWidth(-1), lh = el.prefHeight(-1);
            double midY = (ay + by) / 2;
            // beside the edge: above it where the edge climbs, below where it falls, clear of the boxes
            el.resizeRelocate((ax + bx) / 2 - lw / 2, by >= ay ? midY - lh - em * 0.2 : midY + em * 0.2, lw, lh);
        }
        token.setRadius(em * 0.65);
        if (animationStart < 0 && token.isVisible()) placeToken(n - 1, 0);
    }
}
