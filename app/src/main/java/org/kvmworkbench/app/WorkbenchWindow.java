package org.kvmworkbench.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import org.kvmworkbench.app.model.WorkbenchModel;
import org.kvmworkbench.app.theme.ThemeManager;
import org.kvmworkbench.app.view.ConsoleView;
import org.kvmworkbench.app.view.DevicePanel;
import org.kvmworkbench.app.view.ExitLogView;
import org.kvmworkbench.app.view.ExitPanel;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.app.view.StatsView;
import org.kvmworkbench.app.view.TeachingNotes;
import org.kvmworkbench.app.view.VmcsPanel;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.config.ConfigException;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * The workbench window: controls on top, the round trip in the middle with its teaching notes, and the
 * exit, VMCS, log, statistics and device views below beside the guest console. Views only receive data;
 * {@link FrameUpdater} feeds them once per frame from the session's bounded ring buffer.
 */
public final class WorkbenchWindow {
    private final WorkbenchModel model;
    private final Stage stage;
    private final Scene scene;
    private final ThemeManager theme;

    final RoundTripView roundTrip = new RoundTripView();
    final TeachingNotes notes = new TeachingNotes();
    final ExitPanel exitPanel = new ExitPanel();
    final VmcsPanel vmcsPanel = new VmcsPanel();
    final ExitLogView exitLog = new ExitLogView();
    final StatsView stats = new StatsView();
    final DevicePanel devices = new DevicePanel();
    final ConsoleView console = new ConsoleView();
    final Label status = new Label();
    final Label backendBadge = new Label();
    final Label errorText = new Label();
    private final HBox errorBanner;
    private final ToggleButton ioeventfd = new ToggleButton("ioeventfd");
    private final ToggleButton kernelTrace = new ToggleButton("Kernel trace");
    private final MenuButton recent = new MenuButton("Recent");
    private final FrameUpdater frames;
    // the toolbar is built before the scene and its ThemeManager exist: its toggles bind to these, the manager too
    private final javafx.beans.property.BooleanProperty darkHolder = new javafx.beans.property.SimpleBooleanProperty();
    private final javafx.beans.property.BooleanProperty presenterHolder = new javafx.beans.property.SimpleBooleanProperty();

    public WorkbenchWindow(Stage stage, WorkbenchModel model) {
        this.stage = stage;
        this.model = model;

        errorText.setWrapText(true);
        errorText.getStyleClass().add("error-text");
        Button closeError = new Button("Dismiss");
        closeError.setOnAction(e -> hideError());
        errorBanner = new HBox(12, errorText, closeError);
        errorBanner.getStyleClass().add("error-banner");
        errorBanner.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(errorText, Priority.ALWAYS);
        hideError();

        backendBadge.getStyleClass().add("backend-badge");
        HBox backendBar = new HBox(10, backendBadge);
        backendBar.getStyleClass().add("backend-bar");
        backendBar.setAlignment(Pos.CENTER_LEFT);

        VBox top = new VBox(toolbar(), backendBar, errorBanner);

        ScrollPane notesScroll = scroll(notes);
        notesScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        notes.setMinWidth(0);
        SplitPane upper = new SplitPane(roundTrip, notesScroll);
        upper.setDividerPositions(0.74);
        TabPane tabs = new TabPane(
                tab("Exit", scroll(exitPanel)),
                tab("VMCS", vmcsPanel),
                tab("Exit log", exitLog),
                tab("Statistics", stats),
                tab("Devices", devices));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane lower = new SplitPane(tabs, console);
        lower.setDividerPositions(0.64);
        SplitPane center = new SplitPane(upper, lower);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.56);

        status.getStyleClass().add("status-bar");
        status.setMaxWidth(Double.MAX_VALUE);
        // every pane may shrink to the window (large presenter fonts must not push the layout past its edge)
        for (Region r : List.of(top, backendBar, upper, lower, center, tabs, console, status, notesScroll)) r.setMinWidth(0);
        BorderPane root = new BorderPane(center, top, null, status, null);
        root.getStyleClass().add("workbench");
        scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(WorkbenchWindow.class.getResource("workbench.css").toExternalForm());
        theme = new ThemeManager(scene);
        installShortcuts();

        console.setOnInput(bytes -> {
            if (model.session() != null && model.session().loop().vcpu().machine().uart() != null) {
                model.session().loop().vcpu().machine().uart().typeInput(bytes);
            }
        });
        exitLog.setOnSelect(r -> {
            exitPanel.update(r, backend());
            tabs.getSelectionModel().select(0);
        });
        frames = new FrameUpdater(this, model);
        stage.setScene(scene);
        stage.setTitle("KVM Workbench");
    }

    public void show() {
        stage.show();
        frames.start();
    }

    /** The model, for tests. */
    WorkbenchModel model() {
        return model;
    }

    public ThemeManager theme() {
        return theme;
    }

    public Scene scene() {
        return scene;
    }

    BackendInfo backend() {
        Session s = model.session();
        return s == null ? null : s.loop().vcpu().info();
    }

    // ------------------------------------------------------------------------------------------------
    // Controls

    private ToolBar toolbar() {
        Button open = button("Open…", "Open a VM config (Ctrl+O)", this::chooseConfig);
        Button save = button("Save as…", "Save the config (Ctrl+S)", this::saveConfig);
        Button run = button("Run", "Run the guest (F5)", () -> withSession(Session::run));
        Button pause = button("Pause", "Pause (F6)", () -> withSession(Session::pause));
        Button stepExit = button("Step exit", "Run to the next VM exit (F10)", () -> withSession(Session::stepExit));
        Button stepInsn = button("Step instruction", "Run one guest instruction (F11)", () -> withSession(Session::stepInstruction));
        Button reset = button("Reset", "Reset the VM (Ctrl+R)", this::resetVm);
        MenuButton until = new MenuButton("Run until");
        until.setTooltip(new Tooltip("Run until an exit of a given kind"));
        until.getItems().addAll(
                runUntil("the next exit to userspace (KVM_RUN returns)", r -> r.kvmExit() != null),
                runUntil("the next exit KVM finishes in the kernel", r -> r.kvmExit() == null),
                new SeparatorMenuItem());
        for (VmxExitReason reason : VmxExitReason.values()) {
            until.getItems().add(runUntil("exit reason " + reason.number() + " · " + reason.sdmName(), r -> r.reason() == reason));
        }
        MenuItem port = new MenuItem("an access to port…");
        port.setOnAction(e -> askPort());
        until.getItems().addAll(new SeparatorMenuItem(), port);

        Slider speed = new Slider(-2, 3, 0);
        speed.setPrefWidth(110);
        Label speedLabel = new Label("speed 1×");
        speed.valueProperty().addListener((o, a, b) -> {
            double f = Math.pow(2, b.doubleValue());
            roundTrip.setSpeed(f);
            speedLabel.setText(f < 1 ? String.format("speed %.2f×", f) : String.format("speed %.0f×", f));
        });
        ioeventfd.setTooltip(new Tooltip("Serve the virtio doorbell with KVM_IOEVENTFD: the kick is finished in the kernel "
                + "(restarts the guest)"));
        ioeventfd.setOnAction(e -> toggleIoeventfd());
        kernelTrace.setSelected(true);
        kernelTrace.setTooltip(new Tooltip("On KVM: follow KVM's tracepoints (tracefs, needs root) so the exits KVM "
                + "finishes in the kernel appear between the userspace ones"));
        kernelTrace.setOnAction(e -> {
            model.setKernelTrace(kernelTrace.isSelected());
            updateBackendBadge();
        });
        ToggleButton dark = new ToggleButton("Dark");
        dark.setTooltip(new Tooltip("Dark theme (Ctrl+D)"));
        dark.selectedProperty().bindBidirectional(darkHolder);
        ToggleButton presenter = new ToggleButton("Presenter");
        presenter.setTooltip(new Tooltip("Large fonts for a projector (Ctrl+P)"));
        presenter.selectedProperty().bindBidirectional(presenterHolder);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(open, recent, save, sep(), run, pause, stepExit, stepInsn, until, reset, sep(),
                speedLabel, speed, ioeventfd, kernelTrace, spacer, dark, presenter);
        // never squeeze a control into "…": what does not fit goes to the toolbar's overflow menu
        bar.getItems().forEach(n -> { if (n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE); });
        spacer.setMinWidth(0);
        bar.setMinWidth(0); // the bar itself may shrink to the window: the skin moves the rest into its overflow menu
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(bar.widthProperty());
        clip.heightProperty().bind(bar.heightProperty());
        bar.setClip(clip); // the skin's item box keeps its full width; never let it paint past the window
        return bar;
    }


    private static javafx.scene.control.Separator sep() {
        return new javafx.scene.control.Separator(Orientation.VERTICAL);
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private MenuItem runUntil(String text, Predicate<ExitRecord> condition) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> withSession(s -> s.runUntil(condition)));
        return item;
    }

    private void askPort() {
        TextInputDialog d = new TextInputDialog("0x3F8");
        d.setHeaderText("Run until the guest accesses this port");
        d.setContentText("Port (hex 0x… or decimal):");
        d.showAndWait().ifPresent(text -> {
            try {
                int port = Integer.decode(text.trim());
                withSession(s -> s.runUntil(r -> r.access() != null
                        && r.access().kind() == org.kvmworkbench.core.exit.Access.Kind.PIO && r.access().address() == port));
            } catch (NumberFormatException ex) {
                showError("Not a port number: " + text);
            }
        });
    }

    private void installShortcuts() {
        theme.darkProperty().bindBidirectional(darkHolder);
        theme.presenterProperty().bindBidirectional(presenterHolder);
        var acc = scene.getAccelerators();
        acc.put(new KeyCodeCombination(KeyCode.F5), () -> withSession(Session::run));
        acc.put(new KeyCodeCombination(KeyCode.F6), () -> withSession(Session::pause));
        acc.put(new KeyCodeCombination(KeyCode.F10), () -> withSession(Session::stepExit));
        acc.put(new KeyCodeCombination(KeyCode.F11), () -> withSession(Session::stepInstruction));
        acc.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::resetVm);
        acc.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseConfig);
        acc.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::saveConfig);
        acc.put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN), () -> darkHolder.set(!darkHolder.get()));
        acc.put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN),
                () -> presenterHolder.set(!presenterHolder.get()));
    }

    private void withSession(java.util.function.Consumer<Session> action) {
        Session s = model.session();
        if (s == null) {
            showError("No VM is open: open a config first (Ctrl+O).");
            return;
        }
        action.accept(s);
    }

    // ------------------------------------------------------------------------------------------------
    // Commands

    /** Open a config; on any error the message is shown and the VM that was open keeps running. */
    public boolean open(Path file) {
        try {
            model.open(file);
            afterNewSession();
            hideError();
            return true;
        } catch (ConfigException e) {
            showError("This config cannot be used — " + e.getMessage());
        } catch (Backends.UnavailableException e) {
            showError(e.getMessage());
        } catch (Exception e) {
            showError("The VM could not be started: " + e.getMessage());
        }
        return false;
    }

    private void afterNewSession() {
        frames.sessionChanged();
        updateTitle();
        ioeventfd.setDisable(!model.hasDoorbell());
        ioeventfd.setSelected(model.ioeventfd());
        updateBackendBadge();
        refreshRecent();
    }

    private void updateTitle() {
        stage.setTitle("KVM Workbench — " + model.config().name()
                + (model.configPath() == null ? "" : " (" + model.configPath().getFileName() + ")"));
    }

    private void updateBackendBadge() {
        BackendInfo info = backend();
        boolean kvm = info != null && !info.simulated();
        backendBadge.setText((kvm ? "Real KVM · " + info.technology() + " · control block: " + info.controlBlock()
                : "Simulated core · models Intel VMX") + "  —  " + (info == null ? "" : info.why()));
        backendBadge.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("simulated"), !kvm);
        kernelTrace.setDisable(!kvm);
        if (kvm) backendBadge.setText(backendBadge.getText() + "  ·  kernel trace " + model.kernelTraceStatus());
    }

    private void refreshRecent() {
        recent.getItems().clear();
        for (Path p : model.recentFiles()) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> open(p));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    private void chooseConfig() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a VM config");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("VM configs (YAML, JSON)", "*.yaml", "*.yml", "*.json"));
        Path dir = model.configPath() != null ? model.configPath().toAbsolutePath().getParent() : Path.of("samples");
        if (dir != null && Files.isDirectory(dir)) fc.setInitialDirectory(dir.toFile());
        File f = fc.showOpenDialog(stage);
        if (f != null) open(f.toPath());
    }

    private void saveConfig() {
        if (model.config() == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the VM config");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("YAML", "*.yaml"),
                new FileChooser.ExtensionFilter("JSON", "*.json"));
        if (model.configPath() != null && model.configPath().toAbsolutePath().getParent() != null) {
            fc.setInitialDirectory(model.configPath().toAbsolutePath().getParent().toFile());
            fc.setInitialFileName(model.configPath().getFileName().toString());
        }
        File f = fc.showSaveDialog(stage);
        if (f == null) return;
        try {
            model.save(f.toPath());
            updateTitle();
            refreshRecent();
        } catch (Exception e) {
            showError("Could not save: " + e.getMessage());
        }
    }

    private void resetVm() {
        withSession(s -> {
            s.reset();
            frames.sessionChanged();
        });
    }

    private void toggleIoeventfd() {
        try {
            model.setIoeventfd(ioeventfd.isSelected());
            afterNewSession();
        } catch (Exception e) {
            ioeventfd.setSelected(model.ioeventfd());
            showError("Could not restart with ioeventfd " + (ioeventfd.isSelected() ? "on" : "off") + ": " + e.getMessage());
        }
    }

    void showError(String message) {
        errorText.setText(message);
        errorBanner.setVisible(true);
        errorBanner.setManaged(true);
    }

    private void hideError() {
        errorBanner.setVisible(false);
        errorBanner.setManaged(false);
    }

    boolean errorShown() {
        return errorBanner.isVisible();
    }

    private static Tab tab(String title, javafx.scene.Node content) {
        return new Tab(title, content);
    }

    private static ScrollPane scroll(javafx.scene.Node content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setPadding(new Insets(0));
        return sp;
    }
}
