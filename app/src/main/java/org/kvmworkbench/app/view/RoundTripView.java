package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.Lane;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

/**
 * The centre of the app: three lanes (guest, KVM in the kernel, userspace VMM) and the stages of the
 * shown exit's path on them, with a token that travels the path. An exit KVM finishes in the kernel
 * never visits the userspace lane.
 *
 * <p>One exit is shown at a time, and it is always the newest one (or the one the user picked): a new exit
 * replaces the animation in progress rather than queueing behind it. When exits arrive faster than they can be
 * animated the view counts them by path in a banner and shows the latest; when they stop, the latest stays shown
 * at its last stage. Clicking a stage box moves the token there (the notes follow {@link #currentStageProperty}).
 */
public final class RoundTripView extends Region {
    /** Seconds one exit takes to travel its path at speed 1. */
    static final double SECONDS_PER_EXIT = 2.4;
    /** More exits than this in one frame, or arriving while the last is still animating this many times, and the view counts them. */
    static final int MAX_BACKLOG = 3;
    /** How long after the last counted exit the banner stays before the view settles on the latest exit. */
    static final long FLOW_SETTLE_NANOS = 1_500_000_000L;
    /** A stage box is never wider than this many ems, however wide the window. */
    private static final double MAX_BOX_EMS = 18;
    /** The handler lines show only when they fit at this share of the font or more; else only the names show. */
    private static final double HANDLER_MIN_SCALE = 0.8;
    /** The names shrink at most to this share of the font to fit their boxes and lanes. */
    private static final double NAME_MIN_SCALE = 0.55;
    private static final double SCALE_STEP = 0.05;
    /** How far a box starts past the one before it on another lane, in box widths: the edge between them slopes. */
    private static final double LANE_ADVANCE = 0.6;
    /**
     * A path wider than {@code LONGEST_SPAN} box widths at {@link #LANE_ADVANCE} (the 6-stage ioeventfd paths' span:
     * the 7 stages of port I/O and the 8 of MMIO) advances less between lanes, down to {@link #MIN_LANE_ADVANCE}, until
     * it spans {@code LONG_PATH_SPAN}: a little narrower than the 6-stage paths, as their longest name ("KVM_RUN
     * returns") is longer, so that their names are no smaller than the 6-stage paths'. 4.6 is the 8 MMIO stages at
     * the least advance.
     */
    private static final double LONGEST_SPAN = 4.8, LONG_PATH_SPAN = 4.6, MIN_LANE_ADVANCE = 0.15;
    /** A lane's title this far under the lane's top, and a box's top edge this far under the title: the token riding
     * on the box's top edge reaches 0.675 em above it and stays clear of the title. */
    private static final double TITLE_TOP_EMS = 0.2, BOX_TOP_EMS = 0.75;
    /** Stacking in the path layer (lower is in front): a resting token, the boxes, a moving token, the edges. */
    private static final double TOKEN_RESTING_ORDER = -1, TOKEN_MOVING_ORDER = 1, EDGE_ORDER = 2;
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    /** The path drawn before any exit, unlit and without a token: the classic round trip of an OUT. */
    private static final ExitPath FIRST_PATH = ExitPath.USERSPACE_PIO;
    private static final Texts T = Texts.of(RoundTripView.class);

    public enum Mode { IDLE, ANIMATING, FLOW }

    private final Region[] bands = new Region[3];
    private final Label[] laneTitles = new Label[3];
    private final Pane pathLayer = new Pane();
    private final Circle token = new Circle();
    private final Label caption = new Label(T.get("idle"));
    private final Label modeBanner = new Label();
    private final HBox legend;
    private final Label costLabel = new Label();
    private final Map<ExitPath, Long> flowCounts = new EnumMap<>(ExitPath.class);
    private final ReadOnlyObjectWrapper<Stage> currentStage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ExitRecord> currentExit = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(Mode.IDLE);

    private final List<VBox> stageBoxes = new ArrayList<>();
    private final List<Line> edges = new ArrayList<>();
    private final List<Polygon> arrows = new ArrayList<>();
    private final Text measure = new Text();
    private ExitPath shownPath;
    private BackendInfo backend;
    private double speed = 1;
    private long animationStart = -1;
    private long lastFlowUpdate;
    /** Exits that arrived while one was animating, since it started: many of them and the view counts instead. */
    private int arrivedDuringAnimation;
    private int restingStep = -1;
    private double boxFontPx = -1;
    // the space the boxes' text was last fitted to (fitText); a new path fits it again
    private double fitEm = -1, fitWidth = -1, fitRoom = -1;

    public RoundTripView() {
        getStyleClass().add("round-trip");
        getStylesheets().add(RoundTripView.class.getResource("RoundTripView.css").toExternalForm());
        for (Lane lane : Lane.values()) {
            Region band = new Region();
            band.getStyleClass().addAll("lane", "lane-" + lane.name().toLowerCase());
            Label title = new Label(LaneNames.title(lane, null));
            title.getStyleClass().addAll("lane-title", "lane-title-" + lane.name().toLowerCase());
            bands[lane.ordinal()] = band;
            laneTitles[lane.ordinal()] = title;
            getChildren().add(band);
        }
        caption.getStyleClass().add("rt-caption");
        caption.setWrapText(true);
        modeBanner.getStyleClass().add("rt-mode");
        modeBanner.setWrapText(true);
        modeBanner.setVisible(false);
        token.getStyleClass().add("rt-token");
        token.setVisible(false);
        token.setMouseTransparent(true);
        token.setManaged(false); // it moves every frame; the view's layout stays as it is
        legend = legend();
        pathLayer.setManaged(false);
        // the titles over the edges: an edge passes behind a title, never through its words
        getChildren().add(pathLayer);
        getChildren().addAll(laneTitles);
        getChildren().addAll(caption, modeBanner, legend);
        showPath(FIRST_PATH);
    }

    private HBox legend() {
        Line kernel = new Line(0, 0, 28, 0);
        kernel.getStyleClass().add("rt-edge");
        Line user = new Line(0, 0, 28, 0);
        user.getStyleClass().add("rt-edge-user");
        Label k = new Label(T.get("legend.kernel"), kernel);
        Label u = new Label(T.get("legend.user"), user);
        costLabel.getStyleClass().add("rt-cost");
        costLabel.setVisible(false); // until an exit is shown
        for (Label l : List.of(k, u, costLabel)) l.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(k, u, costLabel);
        box.getStyleClass().add("rt-legend");
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setManaged(false);
        return box;
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

    /** The exits that arrived since the last frame, oldest first. The newest replaces whatever was shown. */
    public void offer(List<ExitRecord> newExits) {
        if (newExits.isEmpty()) return;
        ExitRecord last = newExits.get(newExits.size() - 1);
        if (mode.get() == Mode.ANIMATING) arrivedDuringAnimation += newExits.size();
        if (mode.get() == Mode.FLOW || newExits.size() > MAX_BACKLOG || arrivedDuringAnimation > MAX_BACKLOG) {
            if (mode.get() != Mode.FLOW) {
                flowCounts.clear();
                ExitRecord shown = currentExit.get();
                if (shown != null && mode.get() == Mode.ANIMATING) flowCounts.merge(shown.path(), 1L, Long::sum);
                mode.set(Mode.FLOW);
            }
            for (ExitRecord r : newExits) flowCounts.merge(r.path(), 1L, Long::sum);
            lastFlowUpdate = System.nanoTime();
            showFlow(last);
            return;
        }
        startAnimation(last, -1);
    }

    /** Show {@code r} (a recorded exit the user picked): its round trip is replayed from the start. */
    public void replay(ExitRecord r) {
        if (r == null) return;
        flowCounts.clear();
        modeBanner.setVisible(false);
        startAnimation(r, -1);
    }

    /**
     * Forget everything (the VM was reset or another config opened): the view is as at first open, the first path
     * drawn unlit, no token, no cost, no banner.
     */
    public void reset() {
        flowCounts.clear();
        animationStart = -1;
        arrivedDuringAnimation = 0;
        restingStep = -1;
        mode.set(Mode.IDLE);
        token.setVisible(false);
        modeBanner.setVisible(false);
        currentStage.set(null);
        currentExit.set(null);
        caption.setText(T.get("idle"));
        costLabel.setText("");
        costLabel.setVisible(false);
        showPath(FIRST_PATH);
        highlight(-1);
        requestLayout();
    }

    /** Advance the animation; called once per frame by the window's timer. */
    public void tick(long now) {
        if (mode.get() == Mode.FLOW) {
            if (System.nanoTime() - lastFlowUpdate > FLOW_SETTLE_NANOS) settleOnLatest();
            return;
        }
        if (mode.get() != Mode.ANIMATING) return;
        if (animationStart < 0) animationStart = now;
        double t = (now - animationStart) / 1e9 * speed / SECONDS_PER_EXIT;
        int last = stageBoxes.size() - 1;
        if (t >= 1) {
            restAt(last);
            return;
        }
        double pos = t * last;
        int i = (int) Math.floor(pos);
        placeToken(i, pos - i);
        highlight(i);
        currentStage.set(shownPath.steps().get(i).stage());
    }

    /** Stop the animation with the token on step {@code i} of the shown path (a click on its box does this). */
    public void selectStep(int i) {
        if (currentExit.get() == null || i < 0 || i >= stageBoxes.size()) return;
        if (mode.get() == Mode.FLOW) {
            flowCounts.clear();
            modeBanner.setVisible(false);
            caption.setText(describe(currentExit.get(), backend));
        }
        restAt(i);
    }

    public ReadOnlyObjectProperty<Stage> currentStageProperty() {
        return currentStage.getReadOnlyProperty();
    }

    /** The one exit every view shows: the newest, or the one the user picked. */
    public ReadOnlyObjectProperty<ExitRecord> currentExitProperty() {
        return currentExit.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** What the banner counts in flow mode, for tests: path → exits counted. */
    public Map<ExitPath, Long> flowCounts() {
        return Map.copyOf(flowCounts);
    }

    /** The caption line, for tests. */
    public String captionText() {
        return caption.isVisible() ? caption.getText() : "";
    }

    /** The banner, for tests ("" when hidden). */
    public String bannerText() {
        return modeBanner.isVisible() ? modeBanner.getText() : "";
    }

    /** The stage boxes of the shown path, in path order, for tests. */
    public List<Region> stageBoxes() {
        return List.copyOf(stageBoxes);
    }

    /** The path on screen, for tests. */
    public ExitPath shownPath() {
        return shownPath;
    }

    /** The token is drawn, for tests. */
    public boolean tokenShown() {
        return token.isVisible();
    }

    /** The cost beside the legend ("" when none is shown), for tests. */
    public String costText() {
        return costLabel.isVisible() ? costLabel.getText() : "";
    }

    // ------------------------------------------------------------------------------------------------

    private void startAnimation(ExitRecord r, long now) {
        animationStart = now;
        arrivedDuringAnimation = 0;
        restingStep = -1;
        mode.set(Mode.ANIMATING);
        modeBanner.setVisible(false);
        currentExit.set(r);
        showPath(r.path());
        caption.setText(describe(r, backend));
        labelCost(r);
        token.setVisible(true);
        highlight(0);
        currentStage.set(shownPath.steps().get(0).stage());
        placeToken(0, 0);
        requestLayout();
    }

    private void restAt(int i) {
        animationStart = -1;
        restingStep = i;
        mode.set(Mode.IDLE);
        token.setVisible(true);
        placeToken(i, 0);
        highlight(i);
        currentStage.set(shownPath.steps().get(i).stage());
    }

    /** Exits stopped pouring in: the latest one stays on screen, at the end of its path, everywhere. */
    private void settleOnLatest() {
        ExitRecord last = currentExit.get();
        modeBanner.setVisible(false);
        flowCounts.clear();
        if (last == null) {
            mode.set(Mode.IDLE);
        } else {
            caption.setText(describe(last, backend));
            restAt(stageBoxes.size() - 1);
        }
        requestLayout();
    }

    private void showFlow(ExitRecord last) {
        currentExit.set(last);
        showPath(last.path());
        animationStart = -1;
        restingStep = -1;
        token.setVisible(false);
        highlight(-1);
        currentStage.set(null);
        labelCost(last);
        modeBanner.setText(bannerText(flowCounts));
        modeBanner.setVisible(true);
        caption.setText(describe(last, backend));
        requestLayout();
    }

    /** "Too fast to animate each exit, counted instead: port I/O served in userspace ×87 · final HLT ×1 — showing the latest." */
    static String bannerText(Map<ExitPath, Long> counts) {
        StringBuilder b = new StringBuilder(T.get("banner.prefix"));
        String sep = " ";
        for (Map.Entry<ExitPath, Long> e : counts.entrySet().stream()
                .sorted(Map.Entry.<ExitPath, Long>comparingByValue().reversed()).limit(4).toList()) {
            b.append(sep).append(label(e.getKey())).append(" ×").append(e.getValue());
            sep = " · ";
        }
        if (counts.size() > 4) b.append(" · …");
        return b.append(" — ").append(T.get("banner.suffix")).toString();
    }

    /** {@link #bannerText} for tests outside this package. */
    public static String bannerTextForTests(Map<ExitPath, Long> counts) {
        return bannerText(new EnumMap<>(counts));
    }

    static String label(ExitPath p) {
        return T.get(p.name());
    }

    static String describe(ExitRecord r) {
        return describe(r, null);
    }

    /** The caption for {@code r}, naming the exit as this host does (VMX reason, SVM exit code, or none on PVM). */
    static String describe(ExitRecord r, BackendInfo info) {
        StringBuilder b = new StringBuilder();
        b.append('#').append(r.seq()).append("  ").append(r.instruction()).append("  →  ");
        switch (HostKind.of(info)) {
            case VMX -> b.append(r.reason() == null ? T.get("caption.noExit")
                    : T.format("caption.exit", r.reason().number(), ExitText.reasonName(r.reason())));
            case SVM -> b.append(r.svm() == null || r.svm().isBlank() ? T.get("caption.noVmexit") : "#VMEXIT " + r.svm());
            case PVM -> b.append(T.get("caption.pvm"));
        }
        if (r.access() != null) {
            b.append("  ").append(T.format(r.access().kind() == org.kvmworkbench.core.exit.Access.Kind.PIO ? "caption.port"
                    : "caption.gpa", r.access().address()));
            b.append("  ").append(T.format(r.access().write() ? "caption.writes" : "caption.reads", r.access().value()));
            if (r.access().count() > 1) b.append(T.format("caption.more", r.access().count() - 1));
        }
        b.append("  ·  ").append(r.kvmExit() == null ? T.get("caption.kernel") : T.format("caption.returns", r.kvmExit().constantName()));
        return b.toString();
    }

    private void showPath(ExitPath path) {
        if (path == shownPath) return;
        shownPath = path;
        pathLayer.getChildren().clear();
        stageBoxes.clear();
        edges.clear();
        arrows.clear();
        List<PathStep> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            PathStep s = steps.get(i);
            if (i > 0) {
                Line line = new Line();
                line.getStyleClass().add(s.stage().lane() == Lane.USERSPACE || steps.get(i - 1).stage().lane() == Lane.USERSPACE
                        ? "rt-edge-user" : "rt-edge");
                Polygon arrow = new Polygon();
                arrow.getStyleClass().add("rt-arrow");
                line.setViewOrder(EDGE_ORDER);
                arrow.setViewOrder(EDGE_ORDER);
                edges.add(line);
                arrows.add(arrow);
                pathLayer.getChildren().addAll(line, arrow);
            }
            Label name = new Label(stageName(s.stage()));
            name.getStyleClass().add("rt-stage-name");
            name.setUserData(name.getText()); // the name before fitText breaks it into lines
            name.setTextAlignment(TextAlignment.CENTER);
            name.setAlignment(Pos.TOP_CENTER);
            // the labels fill the box's width, so they wrap at the width fitText measured, not at their own text's width
            name.setMaxWidth(Double.MAX_VALUE);
            name.setMinHeight(Region.USE_PREF_SIZE);
            String what = HostHandlers.handler(path, s.stage(), backend); // VMX names only on VMX hosts
            Label handler = new Label(what);
            handler.getStyleClass().add("rt-stage-handler");
            handler.setWrapText(true);
            handler.setTextAlignment(TextAlignment.CENTER);
            handler.setAlignment(Pos.TOP_CENTER);
            handler.setMaxWidth(Double.MAX_VALUE);
            handler.setMinHeight(Region.USE_PREF_SIZE);
            VBox box = new VBox(2, name, handler);
            box.setAlignment(Pos.TOP_CENTER);
            box.getStyleClass().addAll("rt-stage", "rt-stage-" + s.stage().lane().name().toLowerCase());
            box.setManaged(false); // placed by this view's layout, not resized to its preferred size by the layer
            Tooltip.install(box, new Tooltip(stageName(s.stage()) + " — " + what));
            int index = i;
            box.setOnMouseClicked(e -> selectStep(index));
            if (boxFontPx > 0) box.setStyle(String.format("-fx-font-size: %.1fpx;", boxFontPx));
            stageBoxes.add(box);
        }
        pathLayer.getChildren().addAll(stageBoxes);
        pathLayer.getChildren().add(token);
        fitEm = -1;
        requestLayout();
    }

    private String stageName(Stage s) {
        return switch (s) {
            case VM_EXIT, VM_ENTRY -> T.get("stage." + s + "." + HostKind.of(backend));
            default -> T.get("stage." + s);
        };
    }

    private void labelCost(ExitRecord r) {
        String text = "";
        if (r.measuredNanos() >= 0) {
            text = T.format("cost.measured", r.measuredNanos() / 1000.0);
        } else {
            long modeled = r.path().modeledNanos();
            if (modeled >= 0) text = T.format("cost.modeled", modeled / 1000.0);
        }
        costLabel.setText(text);
        costLabel.setVisible(!text.isEmpty());
        requestLayout();
    }

    private void highlight(int index) {
        for (int i = 0; i < stageBoxes.size(); i++) stageBoxes.get(i).pseudoClassStateChanged(CURRENT, i == index);
    }

    private void placeToken(int i, double frac) {
        if (stageBoxes.isEmpty()) return;
        i = Math.min(i, stageBoxes.size() - 1);
        VBox a = stageBoxes.get(i);
        VBox b = stageBoxes.get(Math.min(i + 1, stageBoxes.size() - 1));
        double e = frac < 0.5 ? 2 * frac * frac : 1 - Math.pow(-2 * frac + 2, 2) / 2; // ease in-out
        if (frac <= 0) { // resting: on the box's top edge, in front
            token.setViewOrder(TOKEN_RESTING_ORDER);
            token.setCenterX(anchorX(a));
            token.setCenterY(anchorY(a));
            return;
        }
        // on its way: along the drawn edge, from box centre to box centre, behind the boxes (never over a name)
        token.setViewOrder(TOKEN_MOVING_ORDER);
        double ay = a.getLayoutY() + a.getHeight() / 2, by = b.getLayoutY() + b.getHeight() / 2;
        token.setCenterX(anchorX(a) + (anchorX(b) - anchorX(a)) * e);
        token.setCenterY(ay + (by - ay) * e);
    }

    // the token rides on the top edge of a box, over its border, never over its name
    private static double anchorX(VBox box) {
        return box.getLayoutX() + box.getWidth() / 2;
    }

    private double anchorY(VBox box) {
        return box.getLayoutY() - token.getRadius() * 0.35;
    }

    // ------------------------------------------------------------------------------------------------
    // Layout: everything in ems of the current font, so presenter mode grows boxes and lanes with the text

    private double em() {
        return caption.getFont().getSize() / 1.15; // the caption is 1.15em
    }

    /**
     * The largest font at which every box's text fits its box and its lane whole: no line ends in "…" and no word is
     * wider than its line. The handler lines show when they fit at {@link #HANDLER_MIN_SCALE} of the font or more;
     * otherwise every box drops them (their text stays in the tooltip and the notes) and the names alone take the
     * largest font that fits, down to {@link #NAME_MIN_SCALE}. Fitted again only when the path or the space changes.
     */
    private void fitText(double em, double boxW, double room) {
        if (em == fitEm && boxW == fitWidth && room == fitRoom) return;
        fitEm = em;
        fitWidth = boxW;
        fitRoom = room;
        if (fitsAtSomeScale(em, boxW, room, true, HANDLER_MIN_SCALE)) return;
        if (fitsAtSomeScale(em, boxW, room, false, NAME_MIN_SCALE)) return;
        applyBoxFont(Math.round(em * NAME_MIN_SCALE * 10) / 10.0); // no room for anything: the smallest names
        for (VBox box : stageBoxes) {
            Label name = (Label) box.getChildren().get(0);
            name.setText(((String) name.getUserData()).replace(' ', '\n'));
        }
    }

    private boolean fitsAtSomeScale(double em, double boxW, double room, boolean handlers, double minScale) {
        for (VBox box : stageBoxes) {
            box.getChildren().get(1).setVisible(handlers);
            box.getChildren().get(1).setManaged(handlers);
        }
        for (int step = 0; 1 - step * SCALE_STEP >= minScale - 1e-9; step++) {
            applyBoxFont(Math.round(em * (1 - step * SCALE_STEP) * 10) / 10.0);
            if (textFits(boxW, room)) return true;
        }
        return false;
    }

    private void applyBoxFont(double px) {
        boxFontPx = px;
        for (VBox box : stageBoxes) {
            box.setStyle(String.format("-fx-font-size: %.1fpx;", px));
            box.applyCss();
        }
    }

    private boolean textFits(double boxW, double room) {
        for (VBox box : stageBoxes) {
            double line = boxW - box.snappedLeftInset() - box.snappedRightInset() - 1; // a pixel spare for rounding
            Label name = (Label) box.getChildren().get(0), handler = (Label) box.getChildren().get(1);
            String lines = breakBetweenWords((String) name.getUserData(), name.getFont(), line);
            if (lines == null) return false;
            name.setText(lines);
            if (handler.isManaged() && widestUnbreakable(handler) > line) return false;
            if (box.prefHeight(boxW) > room) return false;
        }
        return true;
    }

    /**
     * A stage name on lines no wider than {@code line}, broken only at its spaces (so a Chinese name breaks between its
     * words, not inside one, as a label's own wrapping would); null when one word alone is wider than the line.
     */
    private String breakBetweenWords(String text, Font font, double line) {
        measure.setFont(font);
        StringBuilder lines = new StringBuilder();
        String current = "";
        for (String word : text.split(" ")) {
            String longer = current.isEmpty() ? word : current + " " + word;
            if (width(longer) <= line) {
                current = longer;
            } else if (width(word) > line) {
                return null;
            } else {
                lines.append(current).append('\n');
                current = word;
            }
        }
        return lines.append(current).toString();
    }

    private double width(String text) {
        measure.setText(text);
        return measure.getLayoutBounds().getWidth();
    }

    /**
     * Width of the handler line's widest piece that must not be broken: a word between spaces, or, in Chinese, a run of
     * Latin letters, digits and signs (a label may break between two Chinese characters, as Chinese type does).
     */
    private double widestUnbreakable(Label label) {
        measure.setFont(label.getFont());
        double max = 0;
        for (String word : label.getText().split("\\s+")) {
            for (String piece : word.split("(?<=\\p{IsHan})|(?=\\p{IsHan})")) max = Math.max(max, width(piece));
        }
        return max;
    }

    private double titleHeight() {
        return laneTitles[0].prefHeight(-1);
    }

    @Override protected double computeMinHeight(double width) {
        double em = em();
        return em * 3.2 + 3 * (titleHeight() + em * 3.2);
    }

    // a lane's preferred height has room for a two-line name and three handler lines under its title
    @Override protected double computePrefHeight(double width) {
        double em = em();
        return em * 3.6 + 3 * (titleHeight() + em * 5.6);
    }

    @Override protected double computeMinWidth(double height) {
        return em() * 20;
    }

    @Override protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double em = em();
        double textW = w - 2 * em;
        Label top = modeBanner.isVisible() ? modeBanner : caption;
        caption.setVisible(!modeBanner.isVisible()); // in flow mode the banner takes the caption's place
        double captionH = Math.max(em * 3.0, top.prefHeight(textW) + em * 0.6);
        top.resizeRelocate(em, em * 0.3, textW, captionH - em * 0.5);
        (top == caption ? modeBanner : caption).resizeRelocate(em, em * 0.3, textW, 0);
        double laneH = Math.max(0, (h - captionH) / 3);
        double titleH = titleHeight();
        for (int i = 0; i < 3; i++) {
            double y = captionH + i * laneH;
            bands[i].resizeRelocate(0, y, w, laneH - 1);
            laneTitles[i].resizeRelocate(em * 0.3, y + TITLE_TOP_EMS * em, laneTitles[i].prefWidth(-1), titleH);
        }
        // the legend shares the guest lane's title row, right-aligned, where the short guest title leaves room
        double legendW = legend.prefWidth(-1);
        double legendRoom = w - em * 1.2 - (em * 0.6 + laneTitles[0].prefWidth(-1));
        legend.setVisible(legendRoom >= legendW);
        legend.resizeRelocate(w - em * 0.6 - legendW, captionH + TITLE_TOP_EMS * em, legendW, titleH);
        pathLayer.resizeRelocate(0, 0, w, h);
        layoutBoxes(em, w, captionH, laneH, titleH);
        token.setRadius(em * 0.5);
        if (mode.get() != Mode.FLOW && currentExit.get() != null) {
            if (restingStep >= 0) placeToken(restingStep, 0);
        }
    }

    /**
     * Each box's left edge in units of one box width, advancing {@code advance} of a box past the box before it and a
     * whole box past every earlier box on its own lane; returns the span of the whole path in box widths.
     */
    private static double positions(List<PathStep> steps, double advance, double[] unit) {
        double span = 1;
        for (int i = 1; i < steps.size(); i++) {
            Lane lane = steps.get(i).stage().lane();
            double x = unit[i - 1] + advance;
            for (int j = 0; j < i; j++) if (steps.get(j).stage().lane() == lane) x = Math.max(x, unit[j] + 1);
            unit[i] = x;
            span = Math.max(span, x + 1);
        }
        return span;
    }

    private void layoutBoxes(double em, double w, double captionH, double laneH, double titleH) {
        int n = stageBoxes.size();
        if (n == 0) return;
        List<PathStep> steps = shownPath.steps();
        double left = em * 0.6, avail = w - em * 1.2;
        double gap = em * 0.8;
        // boxes on different lanes may overlap in x, so each box advances part of a box past the one before it and
        // clears every earlier box on its own lane: positions in units of one box width. A long path (the 8 stages of
        // MMIO) advances less between lanes, down to a staircase, so its boxes are as wide as a 6-stage path's
        double[] unit = new double[n];
        double span = positions(steps, LANE_ADVANCE, unit);
        if (span > LONGEST_SPAN + 1e-9) {
            for (double a = LANE_ADVANCE - 0.05; span > LONG_PATH_SPAN + 1e-9 && a >= MIN_LANE_ADVANCE - 1e-9; a -= 0.05) {
                span = positions(steps, a, unit);
            }
        }
        // x(i) = unit(i) * (boxW + gap): the whole path spans span * boxW + (span - 1) * gap. A whole pixel wide, so
        // the lines a label wraps into when measured are the lines it wraps into when laid out
        double boxW = Math.max(1, Math.floor(Math.min((avail - (span - 1) * gap) / span, em * MAX_BOX_EMS)));
        double used = span * boxW + (span - 1) * gap;
        left += Math.max(0, (avail - used) / 2);
        // under the title, with room for the token riding on the box's top edge (it reaches 0.675 em above it)
        double room = laneH - TITLE_TOP_EMS * em - titleH - BOX_TOP_EMS * em - em * 0.3;
        fitText(em, boxW, room);
        for (int i = 0; i < n; i++) {
            VBox box = stageBoxes.get(i);
            Lane lane = steps.get(i).stage().lane();
            double x = left + unit[i] * (boxW + gap);
            double y = captionH + lane.ordinal() * laneH + TITLE_TOP_EMS * em + titleH + BOX_TOP_EMS * em;
            box.resizeRelocate(x, y, boxW, Math.min(box.prefHeight(boxW), Math.max(0, room)));
        }
        for (int i = 1; i < n; i++) {
            VBox a = stageBoxes.get(i - 1), b = stageBoxes.get(i);
            double ax = anchorX(a), ay = a.getLayoutY() + a.getHeight() / 2;
            double bx = anchorX(b), by = b.getLayoutY() + b.getHeight() / 2;
            Line line = edges.get(i - 1);
            line.setStartX(ax);
            line.setStartY(ay);
            line.setEndX(bx);
            line.setEndY(by);
            // the arrow sits where the edge is not under either box: between lanes, or in the gap on one lane
            double angle = Math.atan2(by - ay, bx - ax);
            double tipX, tipY;
            if (Math.abs(by - ay) < 1) {
                tipX = (a.getLayoutX() + a.getWidth() + b.getLayoutX()) / 2 + em * 0.25;
                tipY = ay;
            } else {
                double topBox = Math.min(a.getLayoutY() + a.getHeight(), b.getLayoutY() + b.getHeight());
                double lowTop = Math.max(a.getLayoutY(), b.getLayoutY());
                tipY = (topBox + lowTop) / 2;
                tipX = ax + (bx - ax) * (tipY - ay) / (by - ay);
            }
            double s = em * 0.55;
            arrows.get(i - 1).getPoints().setAll(tipX, tipY,
                    tipX - s * Math.cos(angle - 0.45), tipY - s * Math.sin(angle - 0.45),
                    tipX - s * Math.cos(angle + 0.45), tipY - s * Math.sin(angle + 0.45));
        }
    }
}
