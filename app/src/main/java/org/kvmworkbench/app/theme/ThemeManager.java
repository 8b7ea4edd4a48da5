package org.kvmworkbench.app.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;

/**
 * Light/dark theme and presenter mode in one place. Presenter mode raises the root font size; every
 * view sizes its text in em, so the whole window scales for the back of a classroom.
 */
public final class ThemeManager {
    public static final double NORMAL_FONT_PX = 14;
    public static final double PRESENTER_FONT_PX = 21;

    private final Scene scene;
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final BooleanProperty presenter = new SimpleBooleanProperty(false);

    public ThemeManager(Scene scene) {
        this.scene = scene;
        dark.addListener((o, a, b) -> apply());
        presenter.addListener((o, a, b) -> apply());
        apply();
    }

    private void apply() {
        Application.setUserAgentStylesheet(dark.get() ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        scene.getRoot().setStyle(String.format("-fx-font-size: %.0fpx;", presenter.get() ? PRESENTER_FONT_PX : NORMAL_FONT_PX));
        scene.getRoot().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), dark.get());
        scene.getRoot().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("presenter"), presenter.get());
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public BooleanProperty presenterProperty() {
        return presenter;
    }
}
