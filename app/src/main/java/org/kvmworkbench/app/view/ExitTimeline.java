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

    private final Canvas canvas = new Canvas();
    private final Label info = new Label(T.get("empty"));
    private List<ExitRecord> exits = List.of();
    private int selected = -1;
    private boolean showingTrace;
    private Consumer<ExitRecord> onSelect = r -> { };

    public ExitTimeline() {
        getStyleClass().add("exit-timeline");
        getStylesheets().add(ExitTimeline.class.getResource("ExitTimeline.css").toExternalForm());
        info.getStyleClass().add("timeline-info");
        info.setMinWidth(0);
        javafx.scene.control.Tooltip.install(this, new javafx.scene.control.Tooltip(T.get("tip")));
        getChildren().addAll(canvas, info);
        setFocusTraversable(true);
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            pickAt(e.getX());
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> pickAt(e.getX()));
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
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
    }

    /** Pick the exit at {@code index} of the recorded ones (clamped). */
    public void select(int index) {
        if (exits.isEmpty()) return;
        selected = Math.max(0, Math.min(exits.size() - 1, index));
        ExitRecord r = exits.get(selected);
        info.setText(T.format("selected", r.seq(), r.instruction(),
                T.get(r.reason() == null ? "notExit" : r.kvmExit() == null ? "kernel" : "userspace")));
        draw();
        onSelect.accept(r);
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

    // one row: the words on the left (at most 45% of the width), the marks in the rest
    @Override protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double top = snappedTopInset(), left = snappedLeftInset(), right = snappedRightInset(), bottom = snappedBottomInset();
        double inner = Math.max(0, w - left - right), innerH = Math.max(0, h - top - bottom);
        double infoW = Math.min(info.prefWidth(-1), inner * 0.45);
        info.resizeRelocate(left, top, infoW, innerH);
        double gap = info.getFont().getSize() * 0.8;
        canvas.setLayoutX(left + infoW + gap);
        canvas.setLayoutY(top);
        canvas.setWidth(Math.max(0, inner - infoW - gap));
        canvas.setHeight(innerH);
        draw();
    }

    @Override protected double computePrefHeight(double width) {
        return snappedTopInset() + Math.max(info.prefHeight(-1), info.getFont().getSize() * 1.5) + snappedBottomInset();
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
            g.fillRect(i * step, h * 0.15, markW, h * 0.7);
        }
        if (selected >= 0 && selected < n) {
            double x = selected * step + markW / 2;
            g.setStroke(CURSOR);
            g.setLineWidth(3);
            g.strokeLine(x, 0, x, h);
        }
    }
}
