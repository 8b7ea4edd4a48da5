package org.kvmworkbench.app.lesson;

import java.nio.file.Path;

import javafx.stage.Window;

import org.kvmworkbench.core.kvm.Stage;

/** What a lesson does to the workbench. */
public interface LessonHost {
    Window window();

    /** The config open now, or null. */
    Path openConfig();

    /** Opens a config afresh; false (the workbench says why) when it cannot. */
    boolean open(Path config);

    /**
     * Puts exit {@code number} of the run (1 = the first) on screen: replayed when it has happened, otherwise the guest
     * runs until it does. {@code then} runs once it is shown (never if the guest stops first).
     */
    void showExit(long number, Runnable then);

    /** Stops the round trip's token on {@code stage}, if the exit on screen passes through it. */
    void selectStage(Stage stage);

    /** Brings the VMCS panel forward, showing the field {@code name}. */
    void showField(String name);

    /** Shows a problem the workbench's way (one line, in the window's language). */
    void showError(String message);

    /** Runs {@code then} once the workbench, rebuilt after a language switch, is on screen. */
    default void afterLanguageSwitch(Runnable then) {
        then.run();
    }
}
