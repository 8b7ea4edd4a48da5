package org.kvmworkbench.app.view;

import javafx.css.PseudoClass;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;

/**
 * A label kept to one line, so a long banner or description never pushes the panels below off a projector: what does
 * not fit ends in "…", the whole text is in its tooltip, and a click shows it all in place (a second click folds it).
 */
public final class OneLine {
    private static final PseudoClass EXPANDED = PseudoClass.getPseudoClass("expanded");

    private OneLine() {}

    /** Makes {@code label} one line, with its text as its tooltip and a click to unfold it. */
    public static void install(Label label) {
        label.setWrapText(false);
        label.setTextOverrun(OverrunStyle.ELLIPSIS);
        label.getStyleClass().add("one-line");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(label.textProperty());
        tip.setWrapText(true);
        tip.setMaxWidth(900);
        tip.setShowDelay(Duration.millis(300));
        tip.setShowDuration(Duration.seconds(30));
        label.setTooltip(tip);
        label.setCursor(Cursor.HAND);
        label.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> setExpanded(label, !expanded(label)));
    }

    public static boolean expanded(Label label) {
        return label.isWrapText();
    }

    public static void setExpanded(Label label, boolean on) {
        label.setWrapText(on);
        label.pseudoClassStateChanged(EXPANDED, on);
    }
}
