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

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.app.model.WorkbenchModel;
import org.kvmworkbench.app.theme.ThemeManager;
import org.kvmworkbench.app.view.ConsoleView;
import org.kvmworkbench.app.view.CpuView;
import org.kvmworkbench.app.view.DevicePanel;
import org.kvmworkbench.app.view.ExitLogView;
import org.kvmworkbench.app.view.ExitPanel;
import org.kvmworkbench.app.view.ExitText;
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
    private static final Texts T = Texts.of(WorkbenchWindow.class);
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
    final CpuView cpu = new CpuView();
    final org.kvmworkbench.app.view.ExitTimeline timeline = new org.kvmworkbench.app.view.ExitTimeline();
    final org.kvmworkbench.app.guest.GuestPane guest;
    final Label status = new Label();
    final org.kvmworkbench.app.view.FittedLine statusLine;
    final Label backendBadge = new Label();
    final Label errorText = new Label();
    final org.kvmworkbench.app.gallery.SampleLine sampleLine = new org.kvmworkbench.app.gallery.SampleLine();
    private final HBox errorBanner;
    private final ToggleButton ioeventfd = new ToggleButton("ioeventfd");
    final ToggleButton kernelTrace = new ToggleButton(T.get("toggle.kernelTrace"));
    private final javafx.scene.control.Menu recent = new javafx.scene.control.Menu(T.get("menu.recent"));
    private final MenuButton limits = new MenuButton();
    private final javafx.scene.control.Menu moreLimits = new javafx.scene.control.Menu(T.get("limits"));
    final ToolRow toolRow;
    final PanelMaximizer maximizer;
    final TabPane tabs;
    /** The window built in this one's place by a language switch, or null. */
    private WorkbenchWindow successor;
    private final SplitPane upper;
    private final SplitPane center;
    private final SplitPane lower;
    private final FrameUpdater frames;
    final org.kvmworkbench.app.export.ExportMenu export;
    // the toolbar is built before the scene and its ThemeManager exist: its toggles bind to these, the manager too
    private final javafx.beans.property.BooleanProperty darkHolder = new javafx.beans.property.SimpleBooleanProperty();
    private final javafx.beans.property.BooleanProperty presenterHolder = new javafx.beans.property.SimpleBooleanProperty();

    public WorkbenchWindow(Stage stage, WorkbenchModel model) {
        this.stage = stage;
        this.model = model;
        this.guest = new org.kvmworkbench.app.guest.GuestPane(new GuestHost());
        export = new org.kvmworkbench.app.export.ExportMenu(
                new org.kvmworkbench.app.export.SlideExport(roundTrip, stats), exportSource(), this::showError);

        errorText.setWrapText(true);
        errorText.getStyleClass().add("error-text");
        Button closeError = new Button(T.get("dismiss"));
        closeError.setOnAction(e -> hideError());
        closeError.setMinWidth(Region.USE_PREF_SIZE); // a long message wraps; the button keeps its word
        errorBanner = new HBox(12, errorText, closeError);
        errorBanner.getStyleClass().add("error-banner");
        errorBanner.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(errorText, Priority.ALWAYS);
        hideError();

        backendBadge.getStyleClass().add("backend-badge");
        // one line, so the panels below keep their height on a projector: the whole reason is in the tooltip or a click away
        org.kvmworkbench.app.view.OneLine.install(backendBadge);
        backendBadge.setMaxWidth(Double.MAX_VALUE);
        backendBadge.setMinHeight(Region.USE_PREF_SIZE);
        VBox backendBar = new VBox(backendBadge);
        backendBar.getStyleClass().add("backend-bar");

        // one row: at a projector's width the rarely used controls move into More; a narrower window wraps, hides nothing
        toolRow = toolbar();
        toolRow.getStyleClass().add("tool-row");
        toolRow.setMinHeight(Region.USE_PREF_SIZE);
        toolRow.prefWrapLengthProperty().bind(stage.widthProperty());
        VBox top = new VBox(toolRow, backendBar, sampleLine, errorBanner);

        ScrollPane notesScroll = scroll(notes);
        notesScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        notes.setMinWidth(0);
        VBox trip = new VBox(roundTrip, timeline);
        VBox.setVgrow(roundTrip, Priority.ALWAYS);
        trip.setMinWidth(0);
        upper = new SplitPane(trip, notesScroll);
        upper.setDividerPositions(0.74);
        tabs = new TabPane(
                tab(T.get("tab.exit"), scroll(exitPanel)),
                lazyTab(T.get("tab.cpu"), scroll(cpu)),
                lazyTab(T.get("tab.vmcs"), vmcsPanel),
                lazyTab(T.get("tab.exitLog"), exitLog),
                lazyTab(T.get("tab.statistics"), stats),
                lazyTab(T.get("tab.devices"), devices),
                lazyTab(org.kvmworkbench.app.i18n.Texts.of(org.kvmworkbench.app.guest.GuestPane.class).get("tab"), guest));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lower = new SplitPane(tabs, console);
        lower.setDividerPositions(0.64);
        center = new SplitPane(upper, lower);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.56);

        status.getStyleClass().add("status-bar");
        status.setMaxWidth(Double.MAX_VALUE);
        // every pane may shrink to the window (large presenter fonts must not push the layout past its edge)
        for (Region r : List.of(top, backendBar, upper, lower, center, tabs, console, status, notesScroll)) r.setMinWidth(0);
        // one line on a projector too: the fullest wording that fits, all of it in the tooltip, or a click away
        statusLine = org.kvmworkbench.app.view.FittedLine.install(status);
        status.setMinHeight(Region.USE_PREF_SIZE);
        BorderPane root = new BorderPane(center, top, null, status, null);
        java.util.Map<javafx.scene.Node, SplitPane> panels = new java.util.LinkedHashMap<>();
        panels.put(trip, upper);
        panels.put(notesScroll, upper);
        panels.put(tabs, lower);
        panels.put(console, lower);
        maximizer = new PanelMaximizer(root, center, panels);
        root.getStyleClass().add("workbench");
        scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(WorkbenchWindow.class.getResource("workbench.css").toExternalForm());
        theme = new ThemeManager(scene);
        installShortcuts();
        // the round trip gets the height its lanes need, the notes a readable column; the rest goes to the panels below
        center.heightProperty().addListener((o, a, b) -> fitDividers());
        center.widthProperty().addListener((o, a, b) -> fitDividers());
        theme.presenterProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::fitDividers));

        console.setOnInput(bytes -> {
            if (model.session() != null && model.session().loop().vcpu().machine().uart() != null) {
                model.session().loop().vcpu().machine().uart().typeInput(bytes);
            }
        });
        // a picked exit becomes the one every view shows: the round trip replays it, the panels follow
        timeline.setOnSelect(r -> {
            roundTrip.replay(r);
            guest.source().reveal(r);
        });
        timeline.setOnNoNextKeyExit(this::runToNextKeyExit);
        exitLog.setOnSelect(r -> {
            roundTrip.replay(r);
            guest.source().reveal(r);
            tabs.getSelectionModel().select(0);
        });
        frames = new FrameUpdater(this, model);
        stage.setScene(scene);
        stage.setTitle(T.get("title"));
    }

    /** The least share of the height the exit, CPU, VMCS… panels and the console get. */
    static final double LOWER_SHARE = 0.30;

    /** Divider positions from the space there is: lanes as tall as their text needs, notes at least ~22 em wide. */
    private void fitDividers() {
        double h = center.getHeight(), width = center.getWidth();
        if (h <= 0 || width <= 0) return;
        double em = theme.presenterProperty().get() ? ThemeManager.PRESENTER_FONT_PX : ThemeManager.NORMAL_FONT_PX;
        double strip = timeline.prefHeight(-1);
        double want = roundTrip.prefHeight(-1) + strip;
        double least = (roundTrip.minHeight(-1) + strip) / h;
        // the panels below keep at least 30 % (and their own minimum): a projector's class reads them too
        double upperMost = 1 - Math.max(LOWER_SHARE, lower.minHeight(-1) / h);
        center.setDividerPositions(Math.min(upperMost,
                Math.max(Math.max(0.38, Math.min(least, 0.66)), Math.min(0.62, want / h))));
        upper.setDividerPositions(Math.max(0.56, Math.min(0.76, 1 - Math.max(22 * em, 0.28 * width) / width)));
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

    private ToolRow toolbar() {
        // one menu for the file commands: the run controls keep their room in the toolbar at projector sizes
        MenuItem open = new MenuItem(T.get("file.open"));
        open.setOnAction(e -> showGallery());
        MenuItem save = new MenuItem(T.get("file.save"));
        save.setOnAction(e -> saveConfig());
        MenuButton file = new MenuButton(T.get("file"));
        file.setTooltip(new Tooltip(T.get("file.tip")));
        MenuItem trace = new MenuItem(T.get("file.trace"));
        trace.setOnAction(e -> chooseTrace());
        MenuItem fromTemplate = new MenuItem(org.kvmworkbench.app.i18n.Texts.of(org.kvmworkbench.app.guest.GuestPane.class)
                .get("menu.newFromTemplate"));
        fromTemplate.setOnAction(e -> org.kvmworkbench.app.guest.NewGuestDialog.ask(stage, guest));
        file.getItems().addAll(open, recent, save, trace, fromTemplate, export.menu(), org.kvmworkbench.app.lesson.LessonMenu.of(
                WorkbenchApp.samplesDir().resolve("lessons"), new WindowLessonHost(this)));
        for (MenuItem i : file.getItems()) i.setMnemonicParsing(false);
        Button run = button(T.get("run"), T.get("run.tip"), () -> withSession(Session::run));
        Button pause = button(T.get("pause"), T.get("pause.tip"), () -> withSession(Session::pause));
        Button stepExit = button(T.get("stepExit"), T.get("stepExit.tip"), () -> withSession(Session::stepExit));
        Button stepInsn = button(T.get("stepInsn"), T.get("stepInsn.tip"),
                this::stepInstruction);
        Button reset = button(T.get("reset"), T.get("reset.tip"), this::resetVm);
        MenuButton until = new MenuButton(T.get("until"));
        until.setTooltip(new Tooltip(T.get("until.tip")));
        until.getItems().addAll(
                runUntil(T.get("until.userspace"), r -> r.kvmExit() != null),
                runUntil(T.get("until.kernel"), r -> r.kvmExit() == null),
                new SeparatorMenuItem());
        for (VmxExitReason reason : VmxExitReason.values()) {
            until.getItems().add(runUntil(T.format("until.reason", reason.number(), ExitText.reasonName(reason)), r -> r.reason() == reason));
        }
        MenuItem port = new MenuItem(T.get("until.port"));
        port.setMnemonicParsing(false);
        port.setOnAction(e -> askPort());
        until.getItems().addAll(new SeparatorMenuItem(), port);

        limits.setTooltip(new Tooltip(T.get("limits.tip")));
        limits.setMnemonicParsing(false);
        refreshLimits();
        ioeventfd.setTooltip(new Tooltip(T.get("ioeventfd.tip")));
        ioeventfd.setOnAction(e -> toggleIoeventfd());
        kernelTrace.setSelected(false); // shown on only while a KVM VM follows the trace (updateBackendBadge)
        kernelTrace.setTooltip(new Tooltip(T.get("kernelTrace.tip")));
        kernelTrace.setOnAction(e -> toggleKernelTrace());
        Button maximise = button(T.get("maximise"), T.get("maximise.tip"),
                () -> this.maximizer.toggle());
        MenuButton more = moreMenu();
        ToolRow bar = new ToolRow(List.of(file, gap(), run, pause, stepExit, stepInsn, reset, until, gap(),
                limits, ioeventfd, kernelTrace, maximise, more, gap(), alwaysShown()),
                List.of(limits, ioeventfd, kernelTrace, maximise), more);
        // never squeeze a control into "…": what does not fit on the row wraps to the next
        bar.getChildren().forEach(n -> { if (n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE); });
        bar.setMinWidth(0);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }


    /** Limits, ioeventfd, Kernel trace and Maximise as menu items: the row shows this menu instead when it is narrow. */
    private MenuButton moreMenu() {
        javafx.scene.control.CheckMenuItem io = new javafx.scene.control.CheckMenuItem("ioeventfd");
        io.selectedProperty().bindBidirectional(ioeventfd.selectedProperty());
        io.disableProperty().bind(ioeventfd.disableProperty());
        io.setOnAction(e -> toggleIoeventfd());
        javafx.scene.control.CheckMenuItem trace = new javafx.scene.control.CheckMenuItem(T.get("toggle.kernelTrace"));
        trace.selectedProperty().bindBidirectional(kernelTrace.selectedProperty());
        trace.disableProperty().bind(kernelTrace.disableProperty());
        trace.setOnAction(e -> toggleKernelTrace());
        MenuItem maximise = new MenuItem(T.get("more.maximise"));
        maximise.setOnAction(e -> this.maximizer.toggle());
        MenuButton more = new MenuButton(T.get("more"));
        more.getStyleClass().add("more");
        more.setTooltip(new Tooltip(T.get("more.tip")));
        more.getItems().addAll(moreLimits, io, trace, maximise);
        for (MenuItem i : more.getItems()) i.setMnemonicParsing(false);
        return more;
    }

    private void toggleKernelTrace() {
        model.setKernelTrace(kernelTrace.isSelected());
        updateBackendBadge();
    }

    /** Speed, Dark and Presenter never go to the toolbar's overflow menu: they sit beside it. */
    private HBox alwaysShown() {
        Slider speed = new Slider(-2, 3, 0);
        speed.getStyleClass().add("speed");
        Label speedLabel = new Label(T.format("speed", "1"));
        speedLabel.setMinWidth(Region.USE_PREF_SIZE);
        speed.valueProperty().addListener((o, a, b) -> {
            double f = Math.pow(2, b.doubleValue());
            roundTrip.setSpeed(f);
            speedLabel.setText(T.format("speed", f < 1 ? String.format("%.2f", f) : String.format("%.0f", f)));
        });
        ToggleButton dark = new ToggleButton(T.get("dark"));
        dark.setTooltip(new Tooltip(T.get("dark.tip")));
        dark.selectedProperty().bindBidirectional(darkHolder);
        ToggleButton presenter = new ToggleButton(T.get("presenter"));
        presenter.setTooltip(new Tooltip(T.get("presenter.tip")));
        presenter.selectedProperty().bindBidirectional(presenterHolder);
        HBox box = new HBox(speedLabel, speed, dark, presenter, languageMenu());
        box.getStyleClass().add("always-shown");
        box.setAlignment(Pos.CENTER_RIGHT);
        box.getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    /** English or 简体中文: the switch rebuilds the window in the new language (WorkbenchApp listens to Texts). */
    private static MenuButton languageMenu() {
        MenuButton language = new MenuButton(T.get("language"));
        language.getStyleClass().add("language");
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        for (java.util.Locale l : Texts.SUPPORTED) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(T.get("language." + l.toLanguageTag()));
            item.setToggleGroup(group);
            item.setSelected(l.equals(Texts.locale()));
            item.setOnAction(e -> Texts.setLocale(l));
            language.getItems().add(item);
        }
        return language;
    }

    /** A window rebuilt in another language takes over this one's theme, VM and the exit it showed. */
    void takeOver(WorkbenchWindow old) {
        old.successor = this;
        darkHolder.set(old.darkHolder.get());
        presenterHolder.set(old.presenterHolder.get());
        if (model.session() != null) {
            afterNewSession();
            frames.showFromNewest();
            console.append(old.console.text()); // what the guest printed so far stays on screen
        }
    }

    /** The window on screen now: this one, or the one a language switch rebuilt in its place (a lesson follows it). */
    WorkbenchWindow current() {
        WorkbenchWindow w = this;
        while (w.successor != null) w = w.successor;
        return w;
    }

    /** Stops feeding this window's views (it is being replaced). */
    void dispose() {
        frames.stop();
    }

    private void refreshLimits() {
        limits.setText(T.get("limits"));
        limits.getItems().setAll(limitItems());
        moreLimits.getItems().setAll(limitItems());
    }

    /** The Limits menu's items: the limits in force, then the ways to change them. */
    private List<MenuItem> limitItems() {
        var watch = model.runWatch();
        var current = watch.limits();
        MenuItem cli = new MenuItem(T.get("limits.cli"));
        cli.setOnAction(e -> setLimits(org.kvmworkbench.core.session.RunLimits.DEFAULT));
        MenuItem time = new MenuItem(T.get("limits.time"));
        time.setOnAction(e -> askLimit(T.get("limits.time.prompt"), current.timeout().toSeconds(),
                v -> new org.kvmworkbench.core.session.RunLimits(current.maxExits(), current.maxInstructions(),
                        java.time.Duration.ofSeconds(v))));
        MenuItem insns = new MenuItem(T.get("limits.insns"));
        insns.setOnAction(e -> askLimit(T.get("limits.insns.prompt"), current.maxInstructions(),
                v -> new org.kvmworkbench.core.session.RunLimits(current.maxExits(), v, current.timeout())));
        MenuItem exits = new MenuItem(T.get("limits.exits"));
        exits.setOnAction(e -> askLimit(T.get("limits.exits.prompt"), current.maxExits(),
                v -> new org.kvmworkbench.core.session.RunLimits(v, current.maxInstructions(), current.timeout())));
        MenuItem none = new MenuItem(T.get("limits.none"));
        none.setOnAction(e -> setLimits(new org.kvmworkbench.core.session.RunLimits(0, 0, java.time.Duration.ZERO)));
        // the limits in force head the menu (the status line may have to cut them off on a projector)
        MenuItem now = new MenuItem(watch.describeLimits());
        now.setDisable(true);
        for (MenuItem i : List.of(now, cli, time, insns, exits, none)) i.setMnemonicParsing(false);
        return List.of(now, new SeparatorMenuItem(), cli, time, insns, exits, none);
    }

    void setLimits(org.kvmworkbench.core.session.RunLimits l) {
        model.runWatch().setLimits(l);
        if (model.session() != null) model.session().setLimits(l);
        refreshLimits();
    }

    private void askLimit(String prompt, long now, java.util.function.LongFunction<org.kvmworkbench.core.session.RunLimits> make) {
        TextInputDialog d = new TextInputDialog(Long.toString(now));
        d.setHeaderText(T.get("limits.header"));
        d.setContentText(prompt);
        d.showAndWait().ifPresent(text -> {
            try {
                long v = Long.parseLong(text.trim().replace(",", "").replace("_", ""));
                if (v < 0) throw new NumberFormatException();
                setLimits(make.apply(v));
            } catch (NumberFormatException ex) {
                showError(T.format("error.limit", text));
            }
        });
    }

    /** Room between groups of controls (a separator line would need a row height the flow does not give it). */
    private static Region gap() {
        Region r = new Region();
        r.getStyleClass().add("tool-gap");
        return r;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private MenuItem runUntil(String text, Predicate<ExitRecord> condition) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false); // "KVM_RUN" is a name, not a mnemonic
        item.setOnAction(e -> withSession(s -> s.runUntil(condition)));
        return item;
    }

    private void askPort() {
        TextInputDialog d = new TextInputDialog("0x3F8");
        d.setHeaderText(T.get("port.header"));
        d.setContentText(T.get("port.prompt"));
        d.showAndWait().ifPresent(text -> {
            try {
                int port = Integer.decode(text.trim());
                withSession(s -> s.runUntil(r -> r.access() != null
                        && r.access().kind() == org.kvmworkbench.core.exit.Access.Kind.PIO && r.access().address() == port));
            } catch (NumberFormatException ex) {
                showError(T.format("error.port", text));
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
        acc.put(new KeyCodeCombination(KeyCode.F11), this::stepInstruction);
        acc.put(new KeyCodeCombination(KeyCode.F12), () -> this.maximizer.toggle());
        acc.put(new KeyCodeCombination(KeyCode.ESCAPE), () -> this.maximizer.restore());
        acc.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::resetVm);
        acc.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::showGallery);
        acc.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::saveConfig);
        acc.put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN), () -> darkHolder.set(!darkHolder.get()));
        acc.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), export::exportAll);
        acc.put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN),
                () -> presenterHolder.set(!presenterHolder.get()));
    }

    /** One instruction, and the CPU tab comes forward: even an instruction without an exit shows its effect. */
    private void stepInstruction() {
        withSession(s -> {
            s.stepInstruction();
            tabs.getSelectionModel().select(1);
        });
    }

    private void withSession(java.util.function.Consumer<Session> action) {
        Session s = model.session();
        if (s == null) {
            showError(T.get("error.noVm"));
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
            showError(T.format("error.config", e.inCurrentLanguage()));
        } catch (Backends.UnavailableException e) {
            showError(T.format("why.unavailable", probeWords(e.reason())));
        } catch (Exception e) {
            showError(T.format("error.start", e.getMessage()));
        }
        return false;
    }

    /** The open sample's own words in the window's language; English, with the problem said, if its translation is broken. */
    private org.kvmworkbench.core.config.SampleText sampleText() {
        try {
            return model.sampleText(Texts.locale());
        } catch (ConfigException e) {
            showError(T.format("error.config", e.inCurrentLanguage()));
            try {
                return model.sampleText(java.util.Locale.ENGLISH);
            } catch (ConfigException english) {
                throw new IllegalStateException("English needs no translation file", english);
            }
        }
    }

    private void afterNewSession() {
        frames.sessionChanged();
        org.kvmworkbench.core.config.SampleText words = sampleText();
        timeline.setKeyExits(words.keyExits());
        guest.sessionChanged(model.config());
        updateTitle();
        ioeventfd.setDisable(!model.hasDoorbell());
        ioeventfd.setSelected(model.ioeventfd());
        updateBackendBadge();
        refreshRecent();
        sampleLine.show(model.config(), words);
    }

    private org.kvmworkbench.app.export.ExportMenu.Source exportSource() {
        return new org.kvmworkbench.app.export.ExportMenu.Source() {
            @Override public javafx.stage.Window window() {
                return stage;
            }

            @Override public String sample() {
                return model.config() == null ? "vm" : model.config().name();
            }

            @Override public List<Path> inputs() {
                return model.config() == null ? List.of()
                        : java.util.Arrays.asList(model.configPath(), model.config().imagePath());
            }

            @Override public Path startFolder() {
                return model.configPath() == null ? null : model.configPath().toAbsolutePath().getParent();
            }
        };
    }

    /** The sample gallery (the start screen, and what Open shows), with the open config picked. */
    public org.kvmworkbench.app.gallery.GalleryDialog showGallery() {
        var gallery = new org.kvmworkbench.app.gallery.GalleryDialog(stage, WorkbenchApp.samplesDir(),
                model.configPath(), this::open, this::chooseConfig);
        gallery.show();
        return gallery;
    }

    private void updateTitle() {
        stage.setTitle(model.configPath() == null ? T.format("title.config", model.config().name())
                : T.format("title.configFile", model.config().name(), model.configPath().getFileName()));
    }

    private void updateBackendBadge() {
        BackendInfo info = backend();
        boolean kvm = info != null && !info.simulated();
        backendBadge.setText((kvm ? T.format("badge.kvm", info.technology(), org.kvmworkbench.app.view.ExitText.controlBlock(info))
                : T.get("badge.simulated")) + "  —  " + (info == null ? "" : why(info.why())));
        backendBadge.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("simulated"), !kvm);
        kernelTrace.setDisable(!kvm);
        kernelTrace.setSelected(kvm && model.kernelTrace()); // never shown pressed when nothing follows a trace
        if (kvm) backendBadge.setText(backendBadge.getText() + "  ·  "
                + T.format("badge.trace", traceWords(model.kernelTraceStatus())));
    }

    /**
     * Why this backend, in the current language: the words Backends puts around the KVM probe's diagnostic, and
     * the diagnostic itself (KvmProbe's reason; a system error's own text after it stays as the system says it).
     */
    public static String why(String why) {
        for (String prefix : List.of("auto: ", "KVM not used: ", "KVM not usable: ")) {
            if (why.startsWith(prefix)) return T.format("why." + prefix.substring(0, prefix.length() - 2).replace(' ', '_'),
                    probeWords(why.substring(prefix.length())));
        }
        return why.equals("simulated backend requested") ? T.get("why.requested") : why;
    }

    private static final java.util.regex.Pattern TRACE_ON =
            java.util.regex.Pattern.compile("on: following kvm events for TID (\\d+) \\(instance (.+)\\)");

    /**
     * The kernel trace's status as kvm-native words it ("on: following kvm events for TID n (instance x)", "off: why"),
     * in the current language: kvm-native's reason ({@link org.kvmworkbench.kvm.trace.TraceWords}) with any system
     * error in it said by its errno name.
     */
    public static String traceWords(String status) {
        java.util.regex.Matcher on = TRACE_ON.matcher(status);
        if (on.matches()) return T.format("trace.on", on.group(1), on.group(2));
        if (!status.startsWith("off: ")) return status;
        String why = status.substring("off: ".length());
        return switch (why) {
            case "not requested", "turned off", "closed" -> T.get("trace.off." + why.replace(' ', '_'));
            default -> T.format("trace.off", org.kvmworkbench.kvm.trace.TraceWords.inCurrentLanguage(why));
        };
    }

    private static String probeWords(String diagnostic) {
        if (diagnostic.equals(Backends.NO_BINDINGS)) return T.get("why.noBindings");
        try {
            return org.kvmworkbench.kvm.KvmProbe.inCurrentLanguage(diagnostic);
        } catch (LinkageError e) {
            return diagnostic;
        }
    }

    private void refreshRecent() {
        recent.getItems().clear();
        for (Path p : model.recentFiles()) {
            MenuItem item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open(p));
            recent.getItems().add(item);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    private void chooseConfig() {
        FileChooser fc = new FileChooser();
        fc.setTitle(T.get("dialog.open"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(T.get("dialog.open.filter"), "*.yaml", "*.yml", "*.json"));
        Path dir = model.configPath() != null ? model.configPath().toAbsolutePath().getParent() : Path.of("samples");
        if (dir != null && Files.isDirectory(dir)) fc.setInitialDirectory(dir.toFile());
        File f = fc.showOpenDialog(stage);
        if (f != null) open(f.toPath());
    }

    private void saveConfig() {
        if (model.config() == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle(T.get("dialog.save"));
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
            showError(T.format("error.save", e.getMessage()));
        }
    }

    private void chooseTrace() {
        FileChooser fc = new FileChooser();
        fc.setTitle(T.get("dialog.trace"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(T.get("dialog.trace.filter"), "*.jsonl", "*.kwbt", "*.json", "*.txt"));
        File f = fc.showOpenDialog(stage);
        if (f != null) openTrace(f.toPath());
    }

    /**
     * Show a recorded trace on the timeline (the newest {@link WorkbenchModel#RING_CAPACITY} exits): pick one and the
     * round trip, exit panel and notes show it as recorded. The open VM is untouched.
     */
    public boolean openTrace(Path file) {
        try {
            List<ExitRecord> records = org.kvmworkbench.app.model.TraceFile.read(file, WorkbenchModel.RING_CAPACITY);
            timeline.setKeyExits(List.of()); // a trace does not say which sample it came from
            timeline.showTrace(records);
            if (!records.isEmpty()) timeline.select(records.size() - 1);
            stage.setTitle(T.format("title.trace", file.getFileName(), records.size()));
            hideError();
            return true;
        } catch (java.io.IOException e) {
            showError(T.format("error.trace", org.kvmworkbench.core.i18n.Phrase.of(e)));
            return false;
        }
    }

    /** No key exit recorded after the picked one: run the guest until the next one (the timeline then picks it). */
    private void runToNextKeyExit() {
        Session s = model.session();
        if (s == null || s.state() == Session.State.FINISHED || model.config() == null) return;
        List<org.kvmworkbench.core.config.KeyExit> keys = model.config().keyExits();
        s.runUntil(r -> {
            for (org.kvmworkbench.core.config.KeyExit k : keys) if (k.matches(r)) return true;
            return false;
        });
    }

    /** Reset: the same config started afresh, so every count, chart, log and device view starts again. */
    private void resetVm() {
        withSession(s -> {
            try {
                model.restart();
                afterNewSession();
                cpu.clear();
                hideError();
            } catch (Exception e) {
                showError(T.format("error.reset", e.getMessage()));
            }
        });
    }

    private void toggleIoeventfd() {
        try {
            model.setIoeventfd(ioeventfd.isSelected());
            afterNewSession();
        } catch (Exception e) {
            ioeventfd.setSelected(model.ioeventfd());
            showError(T.format(ioeventfd.isSelected() ? "error.ioeventfd.on" : "error.ioeventfd.off", e.getMessage()));
        }
    }

    /** What the Guest tab may ask of the window: run an edited image, open a new guest's config, show an error. */
    private final class GuestHost implements org.kvmworkbench.app.guest.GuestPane.Host {
        @Override public void runImage(Path image) throws Exception {
            model.runImage(image);
            afterNewSession();
            hideError();
        }

        @Override public boolean open(Path config) {
            return WorkbenchWindow.this.open(config);
        }

        @Override public void showError(String message) {
            WorkbenchWindow.this.showError(message);
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

    /**
     * A tab whose view joins the scene the first time it is shown: the window's first frame styles and lays out only
     * what is visible (start-up). The view itself exists from the start and receives its data all along.
     */
    private static Tab lazyTab(String title, javafx.scene.Node content) {
        Tab t = new Tab(title);
        t.setOnSelectionChanged(e -> {
            if (t.isSelected() && t.getContent() == null) t.setContent(content);
        });
        return t;
    }

    private static ScrollPane scroll(javafx.scene.Node content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setPadding(new Insets(0));
        return sp;
    }
}
