package org.kvmworkbench.app.view;

import java.util.Arrays;

import javafx.scene.control.Label;
import javafx.scene.text.Text;

/**
 * A one-line label that says as much as its width has room for: of the wordings it is given, fullest first, it shows
 * the first that fits whole, and the fullest is in its tooltip and a click away ({@link OneLine}). Only when even the
 * shortest does not fit does the line end in "…".
 */
public final class FittedLine {
    private final Label label;
    private final Text measure = new Text();
    private String[] wordings = {""};
    private double fittedTo = -1;

    private FittedLine(Label label) {
        this.label = label;
        OneLine.install(label);
        label.getTooltip().textProperty().unbind();
        label.widthProperty().addListener((o, a, b) -> fit());
        label.fontProperty().addListener((o, a, b) -> {
            fittedTo = -1;
            fit();
        });
        label.wrapTextProperty().addListener((o, a, b) -> {
            fittedTo = -1;
            fit();
        });
    }

    public static FittedLine install(Label label) {
        return new FittedLine(label);
    }

    /** The wordings to choose from, fullest first. Cheap when they are what the line already shows. */
    public void show(String... fullestFirst) {
        if (Arrays.equals(fullestFirst, wordings)) return;
        wordings = fullestFirst;
        label.getTooltip().setText(fullestFirst[0]);
        fittedTo = -1;
        fit();
    }

    /** The fullest wording: what the tooltip says. */
    public String fullText() {
        return wordings[0];
    }

    private void fit() {
        double room = label.getWidth() - label.snappedLeftInset() - label.snappedRightInset();
        if (room == fittedTo) return;
        fittedTo = room;
        if (OneLine.expanded(label) || room <= 0) {
            label.setText(wordings[0]);
            return;
        }
        measure.setFont(label.getFont());
        for (String w : wordings) {
            measure.setText(w);
            if (measure.getLayoutBounds().getWidth() <= room - 1) { // a pixel spare: the label's own measure may round up
                label.setText(w);
                return;
            }
        }
        label.setText(wordings[wordings.length - 1]);
    }
}
