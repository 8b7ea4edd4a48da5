package org.kvmworkbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import atlantafx.base.theme.PrimerLight;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import org.kvmworkbench.core.backend.Vcpu;
import org.kvmworkbench.core.config.ConfigException;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.session.VmmLoop;
import org.kvmworkbench.core.vmx.IoExitQualification;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * A first workbench window: controls, the exit log, the latest exit decoded with its path, and the guest
 * console. The vCPU runs on the session's thread; this window redraws at most once per frame from the
 * session's bounded ring buffer and a console buffer. (The animated round-trip view comes next.)
 */
public final class WorkbenchApp extends Application {
    static final Path DEFAULT_SAMPLE = Path.of("samples", "hello-serial.yaml");
    private static String[] launchArgs = new String[0];

    private final StringBuffer consoleBuffer = new StringBuffer();
    private final TextArea console = new TextArea();
    private final ListView<String> exitLog = new ListView<>();
    private final TextArea exitDetail = new TextArea();
    private final Label status = new Label();
    private final org.kvmworkbench.app.view.RoundTripView roundTrip = new org.kvmworkbench.app.view.RoundTripView();
    private long animatedExits;
    private Session session;
    private Stage stage;
    private volatile boolean dirty = true;
    private long shownExits = -1;
    private final Path initialConfig;

    public WorkbenchApp() {
        this(launchArgs.length > 0 ? Path.of(launchArgs[0]) : defaultSample());
    }

    /** A window that opens {@code initialConfig} at start (tests pass their own). */
    public WorkbenchApp(Path initialConfig) {
        this.initialConfig = initialConfig;
    }

    /** samples/hello-serial.yaml in the working directory, else next to the jar's project folder. */
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

    static void launchWith(String[] args) {
        launchArgs = args.clone();
        Application.launch(WorkbenchApp.class, args);
    }

    @Override public void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        console.setEditable(false);
        console.setStyle("-fx-font-family: monospace; -fx-font-size: 15px;");
        exitDetail.setEditable(false);
        exitDetail.setStyle("-fx-font-family: monospace; -fx-font-size: 14px;");

        Button open = new Button("Open…");
        open.setOnAction(e -> chooseConfig());
        Button run = new Button("Run (F5)");
        run.setOnAction(e -> { if (session != null) session.run(); });
        Button pause = new Button("Pause");
        pause.setOnAction(e -> { if (session != null) session.pause(); });
        Button stepExit = new Button("Step exit (F10)");
        stepExit.setOnAction(e -> { if (session != null) session.stepExit(); });
        Button stepInsn = new Button("Step instruction (F11)");
        stepInsn.setOnAction(e -> { if (session != null) session.stepInstruction(); });
        Button reset = new Button("Reset");
        reset.setOnAction(e -> {
            if (session == null) return;
            consoleBuffer.setLength(0);
            session.reset();
        });
        ToolBar bar = new ToolBar(open, run, pause, stepExit, stepInsn, reset);
        exitLog.setStyle("-fx-font-family: monospace; -fx-font-size: 14px;");
        status.setPadding(new Insets(4, 10, 6, 10));

        SplitPane bottom = new SplitPane(titled("Exits (most recent last)", exitLog), titled("Latest exit", exitDetail),
                titled("Guest console", console));
        bottom.setDividerPositions(0.33, 0.66);
        SplitPane center = new SplitPane(roundTrip, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.55);

        BorderPane root = new BorderPane(center, bar, null, status, null);
        Scene scene = new Scene(root, 1280, 800);
        scene.setOnKeyPressed(e -> {
            if (session == null) return;
            if (e.getCode() == KeyCode.F5) session.run();
            else if (e.getCode() == KeyCode.F10) session.stepExit();
            else if (e.getCode() == KeyCode.F11) session.stepInstruction();
        });
        stage.setTitle("KVM Workbench");
        stage.setScene(scene);
        stage.show();

        Path config = initialConfig;
        if (Files.exists(config)) openConfig(config);
        else status.setText("Open a VM config to start (no " + config + " here)");

        new AnimationTimer() {
            @Override public void handle(long now) {
                if (session != null) {
                    long total = session.ring().totalWritten();
                    if (total < animatedExits) {
                        animatedExits = 0;
                        roundTrip.reset();
                    }
                    roundTrip.offer(session.ring().since(animatedExits, 64));
                    animatedExits = total;
                }
                roundTrip.tick(now);
                if (dirty) {
                    dirty = false;
                    refresh();
                }
            }
        }.start();
    }

    private static VBox titled(String title, javafx.scene.Node content) {
        Label l = new Label(title);
        l.getStyleClass().add("title-4");
        VBox box = new VBox(6, l, content);
        box.setPadding(new Insets(8));
        VBox.setVgrow(content, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    private void chooseConfig() {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("VM configs", "*.yaml", "*.yml", "*.json"));
        if (Files.isDirectory(Path.of("samples"))) fc.setInitialDirectory(Path.of("samples").toFile());
        java.io.File f = fc.showOpenDialog(stage);
        if (f != null) openConfig(f.toPath());
    }

    private void openConfig(Path file) {
        try {
            VmConfig config = ConfigLoader.load(file);
            Vcpu vcpu = Backends.open(config, config.backend(), (source, b) -> {
                consoleBuffer.append((char) b);
                dirty = true;
            });
            if (session != null) session.close();
            consoleBuffer.setLength(0);
            session = new Session(new VmmLoop(vcpu), 2000);
            session.addExitListener(r -> dirty = true);
            session.addStateListener(s -> dirty = true);
            roundTrip.reset();
            roundTrip.setBackend(vcpu.info());
            animatedExits = 0;
            stage.setTitle("KVM Workbench — " + config.name());
            dirty = true;
        } catch (ConfigException e) {
            error("This config cannot be used", e.getMessage());
        } catch (Exception e) {
            error("The VM could not be started", e.getMessage());
        }
    }

    private void error(String header, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text);
        a.setHeaderText(header);
        a.show();
    }

    private void refresh() {
        if (session == null) return;
        if (!console.getText().contentEquals(consoleBuffer)) console.setText(consoleBuffer.toString());
        console.positionCaret(console.getLength());
        Vcpu vcpu = session.loop().vcpu();
        String outcome = session.loop().outcome() == null ? "" : " — " + session.loop().outcome().description();
        status.setText(String.format("%s | backend: %s (%s) | exits: %d (userspace %d, in-kernel %d)%s",
                session.state(), vcpu.info().name(), vcpu.info().why(), session.loop().exits(),
                session.loop().stats().userspace(), session.loop().stats().kernel(), outcome));
        long total = session.ring().totalWritten();
        if (total == shownExits) return;
        shownExits = total;
        List<ExitRecord> recent = session.ring().snapshot();
        List<ExitRecord> tail = recent.subList(Math.max(0, recent.size() - 500), recent.size());
        exitLog.getItems().setAll(tail.stream().map(WorkbenchApp::line).toList());
        exitLog.scrollTo(exitLog.getItems().size() - 1);
        exitDetail.setText(tail.isEmpty() ? "" : detail(tail.get(tail.size() - 1)));
        if (total == 0) Platform.runLater(() -> exitDetail.setText(""));
    }

    static String line(ExitRecord r) {
        String where = r.access() == null ? "" : String.format(" %s 0x%X", r.access().write() ? "→" : "←", r.access().address());
        return String.format("#%d %-22s %-14s %s%s", r.seq(), r.reasonLabel(),
                r.kvmExit() == null ? "in kernel" : r.kvmExit().constantName(), r.instruction(), where);
    }

    static String detail(ExitRecord r) {
        StringBuilder b = new StringBuilder();
        b.append("Exit #").append(r.seq()).append(" at ").append(r.regs().csIp()).append(": ").append(r.instruction()).append('\n');
        b.append("VMX basic exit reason: ").append(r.reasonLabel()).append('\n');
        b.append("AMD SVM would say:     ").append(r.svm()).append('\n');
        b.append("KVM_RUN returns:       ").append(r.kvmExit() == null ? "no — KVM finished it in the kernel" : r.kvmExit().constantName()).append('\n');
        b.append(String.format("Exit qualification:    0x%X%n", r.qualification()));
        if (r.reason() == VmxExitReason.IO_INSTRUCTION) {
            IoExitQualification q = IoExitQualification.decode(r.qualification());
            b.append(String.format("  size %d, %s, string %b, rep %b, %s, port 0x%X%n", q.size(), q.in() ? "IN" : "OUT",
                    q.string(), q.rep(), q.immediate() ? "immediate port" : "port in DX", q.port()));
        }
        if (r.access() != null) b.append("Access:                ").append(r.access()).append(String.format(", value 0x%X%n", r.access().value()));
        if (!r.note().isEmpty()) b.append("Note:                  ").append(r.note()).append('\n');
        b.append("\nPath:\n");
        for (PathStep s : r.path().steps()) {
            b.append(String.format("  [%-9s] %-18s %s%s%n", s.stage().lane().name().toLowerCase(), s.stage().name(), s.handler(),
                    s.modeledNanos() >= 0 ? String.format("  (~%.1f µs, modeled)", s.modeledNanos() / 1000.0) : ""));
        }
        return b.toString();
    }

    @Override public void stop() {
        if (session != null) session.close();
    }
}
