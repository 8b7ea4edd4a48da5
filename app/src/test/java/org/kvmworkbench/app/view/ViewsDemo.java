package org.kvmworkbench.app.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.kvmworkbench.core.backend.SimulatedVcpu;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.device.Device;
import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.session.VmmLoop;

/**
 * Shows the views for a look (not a test). Arguments, all optional:
 * {@code --theme light|dark}, {@code --view all|log|stats|devices|console}, {@code --font PX} (root font size,
 * as presenter mode would set it), {@code --live SAMPLE} (run a sample on a session and feed every view once per
 * frame; typed keys go to its UART), {@code --flood} (with --live: also pour text into the console).
 *
 * <p>Run: {@code java -cp <test classpath> org.kvmworkbench.app.view.ViewsDemo --theme dark --view stats}
 */
public final class ViewsDemo {
    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    public static final class App extends Application {
        private final ExitLogView log = new ExitLogView();
        private final StatsView stats = new StatsView();
        private final DevicePanel devices = new DevicePanel();
        private final ConsoleView console = new ConsoleView();
        private final Label selected = new Label("Select an exit in the log");

        @Override public void start(Stage stage) throws Exception {
            Map<String, String> a = parse(getParameters().getRaw());
            boolean dark = "dark".equals(a.getOrDefault("theme", "light"));
            Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
            String view = a.getOrDefault("view", "all");

            log.setOnSelect(r -> selected.setText("Selected: #" + r.seq() + " " + r.reasonLabel() + " at " + r.regs().csIp()));
            Node root = switch (view) {
                case "log" -> pad(new VBox(8, log, selected));
                case "stats" -> pad(stats);
                case "devices" -> pad(devices);
                case "console" -> pad(console);
                default -> all();
            };
            VBox.setVgrow(log, Priority.ALWAYS);
            BorderPane frame = new BorderPane(root);
            frame.setStyle("-fx-font-size: " + a.getOrDefault("font", "14") + "px;");
            Scene scene = new Scene(frame, Double.parseDouble(a.getOrDefault("width", "1400")),
                    Double.parseDouble(a.getOrDefault("height", "900")));
            stage.setTitle("KVM Workbench views — " + view + (dark ? " (dark)" : " (light)"));
            stage.setScene(scene);
            stage.setX(0);
            stage.setY(0);
            stage.show();

            if (a.containsKey("live")) live(a.get("live"), a.containsKey("flood"));
            else fill(a);
        }

        private Node all() {
            TabPane right = new TabPane(new Tab("Statistics", pad(stats)), new Tab("Devices", pad(devices)));
            right.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            SplitPane left = new SplitPane(pad(new VBox(8, log, selected)), pad(console));
            left.setOrientation(Orientation.VERTICAL);
            left.setDividerPositions(0.6);
            SplitPane split = new SplitPane(left, right);
            split.setDividerPositions(0.55);
            return split;
        }

        private static Node pad(Node n) {
            VBox v = new VBox(n);
            VBox.setVgrow(n, Priority.ALWAYS);
            v.setPadding(new Insets(12));
            return v;
        }

        /** Static data from finished sample runs. */
        private void fill(Map<String, String> a) {
            SampleExits cpuid = SampleExits.of("cpuid-msr");
            SampleExits virtio = SampleExits.of("virtio-kick");
            SampleExits hello = SampleExits.of("hello-serial");
            log.update(cpuid.exits);
            stats.update(cpuid.stats, cpuid.exits, false);
            List<DeviceSnapshot> devs = new ArrayList<>(hello.devices.subList(0, 2));
            devs.add(virtio.devices.get(2));
            if (a.containsKey("virtio-only")) devs = List.of(virtio.devices.get(2));
            if (a.containsKey("flash")) { // untouched UART first, then the programmed one: changed values light up
                List<DeviceSnapshot> before = new ArrayList<>(cpuid.devices);
                before.add(virtio.devices.get(2));
                devices.update(before);
                List<DeviceSnapshot> later = devs;
                javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(4));
                p.setOnFinished(e -> {
                    devices.update(later);
                    javafx.animation.PauseTransition q = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(0.3));
                    q.setOnFinished(x -> snapshot(devices.getScene(), a.get("snapshot")));
                    q.play();
                });
                p.play();
            } else {
                devices.update(devs);
            }
            devices.updateVirtqueues(virtio.rings);
            console.append(hello.console.toString());
            console.append(cpuid.console.toString());
            console.append(virtio.console.toString());
            console.append("$ ");
        }

        /** A running session, drawn once per frame like the app will. */
        private void live(String sample, boolean flood) throws Exception {
            Path file = sample.endsWith(".yaml") ? Path.of(sample)
                    : Path.of("samples", sample + ".yaml").toFile().exists() ? Path.of("samples", sample + ".yaml")
                    : Path.of("..", "samples", sample + ".yaml");
            VmConfig config = ConfigLoader.load(file);
            StringBuffer out = new StringBuffer();
            SimulatedVcpu vcpu = new SimulatedVcpu(config, (src, b) -> out.append((char) b), "demo");
            Session session = new Session(new VmmLoop(vcpu), 2000);
            console.setOnInput(bytes -> {
                if (vcpu.machine().uart() != null) vcpu.machine().uart().typeInput(bytes);
            });
            session.run();
            VirtioConsole virtio = null;
            for (Device d : vcpu.machine().devices()) if (d instanceof VirtioConsole v) virtio = v;
            VirtioConsole v = virtio;
            new AnimationTimer() {
                long frames;

                long windowStart, busy, windowFrames, tLog, tStats;

                @Override public void handle(long now) {
                    long t0 = System.nanoTime();
                    frames++;
                    windowFrames++;
                    if (windowStart == 0) windowStart = now;
                    List<org.kvmworkbench.core.exit.ExitRecord> ring = session.ring().snapshot();
                    long a0 = System.nanoTime();
                    log.update(ring);
                    long a1 = System.nanoTime();
                    stats.update(session.loop().stats().snapshot(), ring, false);
                    long a2 = System.nanoTime();
                    tLog += a1 - a0;
                    tStats += a2 - a1;
                    List<DeviceSnapshot> snaps = new ArrayList<>();
                    for (Device d : vcpu.machine().devices()) snaps.add(d.snapshot());
                    devices.update(snaps);
                    if (v != null) {
                        List<VirtioConsole.QueueRings> q = new ArrayList<>();
                        for (int i = 0; i < v.queueCount(); i++) q.add(v.queueRings(i));
                        devices.updateVirtqueues(q);
                    }
                    String text;
                    synchronized (out) {
                        text = out.toString();
                        out.setLength(0);
                    }
                    if (flood) text += "frame " + frames + ": the quick brown fox jumps over the lazy dog 0123456789\n";
                    console.append(text);
                    busy += System.nanoTime() - t0;
                    if (now - windowStart > 2_000_000_000L) {
                        System.err.printf("%.1f fps, updates %.2f ms/frame (log %.2f, stats %.2f), exits %d, "
                                + "console %d chars%n", windowFrames * 1e9 / (now - windowStart),
                                busy / 1e6 / windowFrames, tLog / 1e6 / windowFrames, tStats / 1e6 / windowFrames,
                                session.loop().exits(), console.retainedChars());
                        tLog = tStats = 0;
                        windowStart = now;
                        busy = 0;
                        windowFrames = 0;
                    }
                }
            }.start();
        }

        /** Writes the scene to a PNG (the demo's own screenshot, taken at an exact moment). */
        static void snapshot(Scene scene, String file) {
            if (file == null) return;
            javafx.scene.image.WritableImage img = scene.snapshot(null);
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            javafx.scene.image.PixelReader r = img.getPixelReader();
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setRGB(x, y, r.getArgb(x, y));
            try {
                javax.imageio.ImageIO.write(out, "png", new java.io.File(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static Map<String, String> parse(List<String> raw) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < raw.size(); i++) {
                String k = raw.get(i);
                if (!k.startsWith("--")) continue;
                String v = i + 1 < raw.size() && !raw.get(i + 1).startsWith("--") ? raw.get(++i) : "";
                m.put(k.substring(2), v);
            }
            return m;
        }
    }
}
