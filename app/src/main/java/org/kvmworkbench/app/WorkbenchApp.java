package org.kvmworkbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;

import javafx.application.Application;
import javafx.stage.Stage;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.app.model.WorkbenchModel;

/** The JavaFX application: one workbench window on the config given on the command line, or the default sample. */
public final class WorkbenchApp extends Application {
    static final Path DEFAULT_SAMPLE = Path.of("samples", "hello-serial.yaml");
    private static String[] launchArgs = new String[0];
    /** Launched as the program (not by a test): the window shows first, its sample opens right after. */
    private static boolean launched;

    private final Path initialConfig;
    private final boolean startScreen;
    private WorkbenchModel model;
    private WorkbenchWindow window;
    private java.util.function.Consumer<java.util.Locale> languageSwitch;

    public WorkbenchApp() {
        this(launchArgs.length > 0 ? Path.of(launchArgs[0]) : defaultSample(), launchArgs.length == 0);
    }

    /** A window that opens {@code initialConfig} at start (tests pass their own). */
    public WorkbenchApp(Path initialConfig) {
        this(initialConfig, false);
    }

    /** @param startScreen show the sample gallery over the window (started without a file) */
    WorkbenchApp(Path initialConfig, boolean startScreen) {
        this.initialConfig = initialConfig;
        this.startScreen = startScreen;
    }

    /** The folder of the shipped samples, which the gallery lists. */
    static Path samplesDir() {
        Path parent = defaultSample().toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("samples");
    }

    static void launchWith(String[] args) {
        launchArgs = args.clone();
        launched = true;
        StartupWarmUp.start(args.length > 0 ? Path.of(args[0]) : defaultSample());
        Application.launch(WorkbenchApp.class, args);
    }

    /** samples/hello-serial.yaml in the working directory, else in a parent folder of the jar. */
    static Path defaultSample() {
        if (Files.exists(DEFAULT_SAMPLE)) return DEFAULT_SAMPLE;
        try {
            Path jar = Path.of(WorkbenchApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(DEFAULT_SAMPLE))) return p.resolve(DEFAULT_SAMPLE);
            }
        } catch (Exception e) {
            // not started from a file: fall through
        }
        return DEFAULT_SAMPLE;
    }

    @Override public void start(Stage stage) {
        StartupBench.mark("JavaFX started");
        model = new WorkbenchModel(Preferences.userNodeForPackage(WorkbenchApp.class));
        WorkbenchModel m = model;
        // killed (SIGTERM, Ctrl-C) rather than closed: still release KVM and undo any tracefs settings
        Runtime.getRuntime().addShutdownHook(new Thread(m::close, "kvmwb-shutdown"));
        // the devices' and the KVM probe's words follow the window's language (the CLI's stay English)
        Messages.setLocale(Texts.locale());
        window = new WorkbenchWindow(stage, model);
        // another language: the same VM in a window built anew, every label read from the bundles again
        languageSwitch = l -> {
            Messages.setLocale(l);
            javafx.application.Platform.runLater(() -> rebuild(stage));
        };
        Texts.addListener(languageSwitch);
        StartupBench.mark("window built");
        window.show();
        StartupBench.mark("window shown");
        if (!launched) {
            openInitial();
            return;
        }
        // the window's first frame first (the teacher sees it at once), then the sample
        new javafx.animation.AnimationTimer() {
            private int frames;

            @Override public void handle(long now) {
                if (++frames < 2) return;
                stop();
                StartupBench.mark("first frame");
                openInitial();
            }
        }.start();
    }

    private void openInitial() {
        String name = initialConfig.toString();
        if ((name.endsWith(".jsonl") || name.endsWith(".kwbt")) && Files.exists(initialConfig)) {
            if (Files.exists(defaultSample())) window.open(defaultSample());
            window.openTrace(initialConfig); // a trace from the CLI: its exits on the timeline
        } else if (Files.exists(initialConfig)) window.open(initialConfig);
        else window.showError(Texts.of(WorkbenchApp.class).format("noConfig", initialConfig.toAbsolutePath()));
        StartupBench.mark("config open");
        if (Boolean.getBoolean("kvmwb.startupBench")) StartupBench.reportFirstFrameAndExit();
        else if (startScreen) window.showGallery();
    }

    private void rebuild(Stage stage) {
        WorkbenchWindow old = window;
        old.dispose();
        window = new WorkbenchWindow(stage, model);
        window.takeOver(old);
        window.show();
    }

    /** The window, for tests. */
    WorkbenchWindow window() {
        return window;
    }

    @Override public void stop() {
        if (languageSwitch != null) Texts.removeListener(languageSwitch);
        Messages.setLocale(java.util.Locale.ENGLISH);
        if (model != null) model.close();
    }
}
