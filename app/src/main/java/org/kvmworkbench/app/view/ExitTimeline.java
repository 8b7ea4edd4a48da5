package org.kvmworkbench.app.view;

import java.util.List;
import java.util.function.Consumer;

import org.kvmworkbench.app.i18n.Texts;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import org.kvmworkbench.core.exit.ExitRecord;

/**
 * The recorded exits (the session's bounded ring, so memory stays bounded) as a strip of marks, oldest on the
 * left: blue for an exit KVM finished in the kernel, gold for one that returned to userspace, red for a stop that
 * was not a VM exit. Click or drag to pick one, or move with the arrow keys (Home/End for the ends): the picked
 * exit is handed to {@link #setOnSelect}, which replays its round trip and shows it as recorded.
 */
public final class ExitTimeline extends Region {
    private static final Texts T = Texts.of(ExitTimeline.class);
    private static final Color KERNEL = Color.web("#0969da");
    private static final Color USERSPACE = Color.web("#bf8700");
    private static final Color STOP = Color.web("#cf222e");
    private static final Color CURSOR = Color.web("#d1242f");
    private static final Color KEY = Color.web("#8250df");

    private final Canvas canvas = new Canvas();
    private final Label info = new Label(T.get("empty"));
    private List<ExitRecord> exits = List.of();
    private int selected = -1;
    private boolean showingTrace;
    private Consumer<ExitRecord> onSelect = r -> { };
    private final KeyExitFinder keys = new KeyExitFinder();
    private final javafx.scene.control.Button nextKey = new javafx.scene.control.Button(KeyExitFinder.text("button.next"));
    /** Asked when no key exit is recorded after the picked one (the window runs the guest to the next one). */
    private Runnable onNoNextKeyExit = () -> { };
    /** A key exit was asked for before it was recorded: pick it as soon as it arrives. */
    private boolean keyExitWanted;
    private final double[] wedgeX = new double[3], wedgeY = new double[3];

    public ExitTimeline() {
        getStyleClass().add("exit-timeline");
        getStylesheets().add(ExitTimeline.class.getResource("ExitTimeline.css").toExternalForm());
        info.getStyleClass().add("timeline-info");
        info.setMinWidth(0);
        // one line: the strip must stay one row high under the round trip; the whole text is in the tooltip too
        info.textProperty().addListener((o, a, b) -> info.setTooltip(new javafx.scene.control.Tooltip(b)));
        javafx.scene.control.Tooltip.install(this, new javafx.scene.control.Tooltip(T.get("tip")));
        nextKey.getStyleClass().add("timeline-next-key");
        nextKey.setMnemonicParsing(false);
        nextKey.setFocusTraversable(false);
        nextKey.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        nextKey.setTooltip(new javafx.scene.control.Tooltip(KeyExitFinder.text("button.next.tooltip")));
        nextKey.setOnAction(e -> nextKeyExit(true));
        nextKey.setDisable(true);
        getChildren().addAll(canvas, info, nextKey);
        setFocusTraversable(true);
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getTarget() != canvas) return; // the words and the button are no marks
            requestFocus();
            pickAt(e.getX());
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> { if (e.getTarget() == canvas) pickAt(e.getX()); });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.N) {
                nextKeyExit(!e.isShiftDown());
                e.consume();
                return;
            }
            int to = switch (e.getCode()) {
                case LEFT -> selected < 0 ? exits.size() - 1 : selected - 1;
                case RIGHT -> selected + 1;
                case HOME -> 0;
                case END -> exits.size() - 1;
                default -> Integer.MIN_VALUE;
            };
            if (to == Integer.MIN_VALUE) return;
            select(to);
            e.consume();
        });
    }

    public void setOnSelect(Consumer<ExitRecord> onSelect) {
        this.onSelect = onSelect == null ? r -> { } : onSelect;
    }

    /** The key exits the open sample names: marked on the strip, and what "next key exit" jumps to. */
    public void setKeyExits(java.util.List<org.kvmworkbench.core.config.KeyExit> keyExits) {
        keys.set(keyExits);
        keyExitWanted = false;
        nextKey.setDisable(keys.isEmpty());
        nextKey.setTooltip(new javafx.scene.control.Tooltip(KeyExitFinder.text(keys.isEmpty() ? "none" : "button.next.tooltip")));
        draw();
    }

    public void setOnNoNextKeyExit(Runnable r) {
        onNoNextKeyExit = r == null ? () -> { } : r;
    }

    /**
     * Pick the next (or previous) key exit after the picked one; with nothing picked, the first (or last). Going
     * forward past the last recorded one asks {@link #setOnNoNextKeyExit} for more and picks it when it arrives.
     */
    public void nextKeyExit(boolean forward) {
        if (keys.isEmpty()) return;
        int from = selected >= 0 ? selected : forward ? -1 : exits.size();
        int i = keys.next(exits, from, forward);
        if (i >= 0) {
            select(i);
        } else if (forward && !showingTrace) {
            keyExitWanted = true;
            onNoNextKeyExit.run();
        }
    }

    /** The line of words beside the marks, for tests. */
    public String infoText() {
        return info.getText();
    }

    /** Is the exit at {@code index} a key exit? For tests. */
    public boolean isKeyExit(int index) {
        return index >= 0 && index < exits.size() && keys.match(exits.get(index)) != null;
    }

    /** A trace read from a file: it stays on the timeline until the live VM records an exit. */
    public void showTrace(List<ExitRecord> trace) {
        showingTrace = false;
        update(trace);
        showingTrace = !trace.isEmpty();
    }

    /** The live exits, oldest first (the ring's snapshot). A picked exit stays picked while it is still held. */
    public void update(List<ExitRecord> recorded) {
        if (showingTrace && recorded.isEmpty()) return;
        showingTrace = false;
        ExitRecord was = selected >= 0 && selected < exits.size() ? exits.get(selected) : null;
        exits = recorded;
        selected = was == null ? -1 : recorded.indexOf(was);
        if (recorded.isEmpty()) info.setText(T.get("empty"));
        else if (selected < 0) info.setText(T.format("range",
                recorded.get(0).seq(), recorded.get(recorded.size() - 1).seq()));
        draw();
        if (keyExitWanted && !recorded.isEmpty()) {
            int i = keys.next(recorded, selected, true);
            if (i >= 0) {
                keyExitWanted = false;
                select(i);
            }
        }
    }

    /** Pick the exit at {@code index} of the recorded ones (clamped). */
    public void select(int index) {
        if (exits.isEmpty()) return;
        selected = Math.max(0, Math.min(exits.size() - 1, index));
        ExitRecord r = exits.get(selected);
        String key = keys.describe(r);
        info.setText(T.format("selected", r.seq(), r.instruction(),
                T.get(r.reason() == null ? "notExit" : r.kvmExit() == null ? "kernel" : "userspace"))
                + (key.isEmpty() ? "" : "  ·  " + key));
        draw();
        onSelect.accept(r);
    }

    /** Is it showing a trace read from a file (not the live VM's exits)? */
    public boolean showingTrace() {
        return showingTrace;
    }

    /** How many exits the timeline holds, for tests. */
    public int size() {
        return exits.size();
    }

    /** The picked exit, or null. */
    public ExitRecord selected() {
        return selected >= 0 && selected < exits.size() ? exits.get(selected) : null;
    }

    private void pickAt(double x) {
        if (exits.isEmpty()) return;
        double w = Math.max(1, canvas.getWidth());
        select((int) Math.floor((x - canvas.getLayoutX()) / w * exits.size()));
    }

    // one row: the words on the left (at most 60% of the width), the "next key exit" button on the right, the marks between
    @Override protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double top = snappedTopInset(), left = snappedLeftInset(), right = snappedRightInset(), bottom = snappedBottomInset();
        double inner = Math.max(0, w - left - right), innerH = Math.max(0, h - top - bottom);
        double gap = info.getFont().getSize() * 0.8;
        double buttonW = nextKey.prefWidth(-1), buttonH = Math.min(innerH, nextKey.prefHeight(-1));
        nextKey.resizeRelocate(left + inner - buttonW, top + (innerH - buttonH) / 2, buttonW, buttonH);
        double rest = Math.max(0, inner - buttonW - gap);
        double infoW = infoWidth(inner);
        info.resizeRelocate(left, top, infoW, innerH);
        canvas.setLayoutX(left + infoW + gap);
        canvas.setLayoutY(top);
        canvas.setWidth(Math.max(0, rest - infoW - gap));
        canvas.setHeight(innerH);
        draw();
    }

    /** The words' width: at most 60% of what the button leaves (the marks keep the rest). */
    private double infoWidth(double inner) {
        double rest = Math.max(0, inner - nextKey.prefWidth(-1) - info.getFont().getSize() * 0.8);
        return Math.min(info.prefWidth(-1), rest * 0.6);
    }

    @Override protected double computePrefHeight(double width) {
        return snappedTopInset() + Math.max(Math.max(info.prefHeight(-1), nextKey.prefHeight(-1)),
                info.getFont().getSize() * 1.5) + snappedBottomInset();
    }

    @Override protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        int n = exits.size();
        if (n == 0 || w <= 0) return;
        double step = w / n;
        double markW = Math.max(1, Math.min(step - (step > 3 ? 1 : 0), 12));
        for (int i = 0; i < n; i++) {
            ExitRecord r = exits.get(i);
            g.setFill(r.reason() == null ? STOP : r.kvmExit() == null ? KERNEL : USERSPACE);
            g.fillRect(i * step, h * 0.25, markW, h * 0.6);
            if (!keys.isEmpty() && keys.match(r) != null) { // a key exit: a violet wedge above its mark
                double cx = i * step + markW / 2, half = Math.max(3, Math.min(markW, h * 0.2));
                g.setFill(KEY);
                wedgeX[0] = cx - half;
                wedgeX[1] = cx + half;
                wedgeX[2] = cx;
                wedgeY[2] = h * 0.22;
                g.fillPolygon(wedgeX, wedgeY, 3);
            }
        }
        if (selected >= 0 && selected < n) {
            double x = selected * step + markW / 2;
            g.setStroke(CURSOR);
            g.setLineWidth(3);
            g.strokeLine(x, 0, x, h);
        }
    }
}
