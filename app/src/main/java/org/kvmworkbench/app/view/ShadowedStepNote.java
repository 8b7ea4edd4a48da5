package org.kvmworkbench.app.view;

import javafx.scene.control.Label;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.ShadowedStep;

/**
 * Why one Step instruction (F11) ran two instructions: on VMX/SVM hardware a step over MOV SS or POP SS ends only
 * after the next instruction (the debug shadow). Hidden for every other step.
 */
public final class ShadowedStepNote extends Label {
    private static final Texts TEXTS = Texts.of(ShadowedStepNote.class);

    public ShadowedStepNote() {
        setId("shadowed-step-note");
        getStyleClass().add("step-note");
        setWrapText(true);
        show(null);
    }

    /** The last step's two instructions, or null to hide the note. */
    public void show(ShadowedStep step) {
        boolean on = step != null;
        setText(on ? TEXTS.format("ranTwo", step.first(), step.second()) : "");
        setVisible(on);
        setManaged(on);
    }
}
