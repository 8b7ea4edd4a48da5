package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.PathStep;

/**
 * A throwaway window that shows the three views on recorded exits of a sample (default hello-serial), with
 * light/dark and presenter-mode switches and a 60-updates-per-second replay. Not the app: the views are wired
 * into WorkbenchApp by the integrator. Run from app/ with the test classpath:
 * {@code java -cp target/classes:target/test-classes:<deps> 'org.kvmworkbench.app.view.ViewDemo$Launch' [sample] [exit#] [dark] [presenter] [written]}.
 */
public final class ViewDemo extends Application {
    private final ExitPanel exitPanel = new ExitPanel();
    private final VmcsPanel vmcsPanel = new VmcsPanel();
    private final TeachingNotes notes = new TeachingNotes();
    private final ComboBox<PathStep> stage = new ComboBox<>();
    private final Label position = new Label();
    private SampleExits run;
    private int index;

    /** Entry point that is not an Application subclass (the java launcher refuses those without module-path JavaFX). */
    public static final class Launch {
        public static void main(String[] args) {
            Application.launch(ViewDemo.class, args);
        }
    }

    @Override public void start(Stage window) throws Exception {
        List<String> args = new ArrayList<>(getParameters().getRaw());
        String sample = args.isEmpty() ? "hello-serial" : args.get(0);
        run = SampleExits.sample(sample);
        index = args.size() > 1 ? Math.min(Integer.parseInt(args.get(1)), run.exits.size() - 1) : 0;
        boolean dark = args.contains("dark");
        boolean presenter = args.contains("presenter");

        Application.setUserAgentStylesheet((dark ? new PrimerDark() : new PrimerLight()).getUserAgentStylesheet());
        ToggleButton darkButton = new ToggleButton("Dark");
        darkButton.setSelected(dark);
        darkButton.selectedProperty().addListener((o, a, b) -> Application.setUserAgentStylesheet(
                (b ? new PrimerDark() : new PrimerLight()).getUserAgentStylesheet()));
        Button prev = new Button("◀ Exit");
        prev.setOnAction(e -> show(index - 1));
        Button next = new Button("Exit ▶");
        next.setOnAction(e -> show(index + 1));
        ToggleButton play = new ToggleButton("Replay at 60/s");
        AnimationTimer timer = new AnimationTimer() {
            @Override public void handle(long now) {
                show((index + 1) % run.exits.size());
            }
        };
        play.selectedProperty().addListener((o, a, b) -> { if (b) timer.start(); else timer.stop(); });
        stage.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(PathStep s) {
                return s == null ? "" : s.stage().name();
            }

            @Override public PathStep fromString(String s) {
                return null;
            }
        });
        stage.valueProperty().addListener((o, a, b) -> { if (b != null) notes.update(run.exits.get(index), b.stage()); });
        ToggleButton presenterButton = new ToggleButton("Presenter");
        ToolBar bar = new ToolBar(prev, next, position, stage, play, darkButton, presenterButton);

        ScrollPane exitScroll = new ScrollPane(exitPanel);
        exitScroll.setFitToWidth(true);
        ScrollPane notesScroll = new ScrollPane(notes);
        notesScroll.setFitToWidth(true);
        SplitPane left = new SplitPane(exitScroll, notesScroll);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.6);
        SplitPane center = new SplitPane(left, vmcsPanel);
        center.setDividerPositions(0.5);
        BorderPane root = new BorderPane(center, bar, null, null, null);
        presenterButton.selectedProperty().addListener((o, a, b) -> root.setStyle(b ? "-fx-font-size: 20px;" : ""));
        presenterButton.setSelected(presenter);
        vmcsPanel.onlyWrittenBox().setSelected(args.contains("written"));

        window.setScene(new Scene(root, 1400, 900));
        window.setTitle("KVM Workbench — view demo (" + sample + ")");
        window.show();
        show(index);
    }

    private void show(int i) {
        if (i < 0 || i >= run.exits.size()) return;
        index = i;
        ExitRecord r = run.exits.get(i);
        exitPanel.update(r, run.info);
        vmcsPanel.update(run.vmcs.get(i), run.info);
        position.setText((i + 1) + " / " + run.exits.size());
        PathStep keep = stage.getValue();
        stage.getItems().setAll(r.path().steps());
        PathStep pick = r.path().steps().stream().filter(s -> keep != null && s.stage() == keep.stage()).findFirst()
                .orElse(r.path().steps().get(Math.min(2, r.path().steps().size() - 1)));
        stage.setValue(pick);
        notes.update(r, pick.stage());
    }
}
