package org.kvmworkbench.app;

import java.util.List;

import javafx.scene.Node;
import javafx.scene.layout.FlowPane;

/**
 * The toolbar's row. When all its controls do not fit the width it gets (a 1280-pixel projector), the rarely used ones
 * leave the row and the More menu, which holds them as menu items, takes their place; everything else stays directly
 * reachable on one row. Only a window too narrow even for that wraps the row onto a second line, and nothing is ever
 * hidden in an overflow.
 */
final class ToolRow extends FlowPane {
    private final List<Node> rare;
    private final Node more;
    private boolean compact;

    /** {@code controls} in row order, {@code rare} and {@code more} among them. */
    ToolRow(List<Node> controls, List<Node> rare, Node more) {
        this.rare = List.copyOf(rare);
        this.more = more;
        getChildren().addAll(controls);
        showRare(true);
    }

    /** True when the rarely used controls are in the More menu. */
    boolean compact() {
        return compact;
    }

    // the row's height follows from the width its parent gives it: decided here, before that height is asked for,
    // the row never spends a frame on two lines
    @Override protected double computePrefHeight(double width) {
        if (width > 0) fit(width);
        return super.computePrefHeight(width);
    }

    @Override protected void layoutChildren() {
        fit(getWidth());
        super.layoutChildren();
    }

    private void fit(double width) {
        double all = 0;
        int shown = 0;
        for (Node n : getChildren()) {
            if (n == more) continue;
            all += n.prefWidth(-1);
            shown++;
        }
        all += Math.max(0, shown - 1) * snapSpaceX(getHgap()) + snappedLeftInset() + snappedRightInset();
        boolean tooWide = all > width;
        if (tooWide == compact) return;
        compact = tooWide;
        showRare(!tooWide);
    }

    private void showRare(boolean inRow) {
        for (Node n : rare) {
            n.setVisible(inRow);
            n.setManaged(inRow);
        }
        more.setVisible(!inRow);
        more.setManaged(!inRow);
    }
}
