package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import atlantafx.base.theme.Styles;
import org.kvmworkbench.app.i18n.Texts;
import javafx.animation.PauseTransition;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.kvmworkbench.core.device.DeviceSnapshot;
import org.kvmworkbench.core.device.VirtioConsole;

/**
 * The machine's devices, one titled section each: the register table (name, value in hex, the bits of 8-bit
 * registers, what the value means) and the device's detail lines. A value that changed since the previous update
 * is highlighted for a moment, so a class can see which register the guest just wrote. The virtio console's
 * section also draws its split virtqueues ({@link #updateVirtqueues(List)}).
 *
 * <p>A pure view: {@link #update(List)} and {@link #updateVirtqueues(List)} take immutable snapshots on the FX
 * thread; unchanged devices cost a few string compares.
 */
public final class DevicePanel extends StackPane {
    private static final Texts T = Texts.of(DevicePanel.class);
    static final String VIRTIO_DEVICE = "virtio-console";
    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    private static final Duration FLASH = Duration.seconds(2.5);

    private final VBox sections = new VBox();
    private final Map<String, Section> byName = new LinkedHashMap<>();
    private final VBox queues = new VBox();
    private final List<VirtqueueView> queueViews = new ArrayList<>();
    private final Label empty = new Label(T.get("empty"));
    private final Label note = new Label();

    public DevicePanel() {
        getStyleClass().add("device-panel");
        getStylesheets().add(Objects.requireNonNull(DevicePanel.class.getResource("DevicePanel.css")).toExternalForm());
        sections.getStyleClass().add("sections");
        queues.getStyleClass().add("virtqueues");
        note.getStyleClass().add("recorded-note");
        note.setWrapText(true);
        note.setMaxWidth(Double.MAX_VALUE);
        setNote("");
        ScrollPane scroll = new ScrollPane(new VBox(note, sections));
        // the note wraps at the visible width, even when a wide register table scrolls sideways
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        scroll.viewportBoundsProperty().addListener((o, a, b) -> note.setMaxWidth(Math.max(0, b.getWidth())));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "empty");
        getChildren().addAll(scroll, empty);
    }

    /** A line over the devices (which exit they show, when not the present), or "" for none. */
    public void setNote(String text) {
        note.setText(text);
        note.setVisible(!text.isEmpty());
        note.setManaged(!text.isEmpty());
    }

    /** The line over the devices, for tests. */
    public String note() {
        return note.getText();
    }

    /** Every device's snapshot, in the machine's order. */
    public void update(List<DeviceSnapshot> devices) {
        boolean same = devices.size() == byName.size();
        if (same) {
            int i = 0;
            for (String name : byName.keySet()) same &= name.equals(devices.get(i++).device());
        }
        if (!same) rebuild(devices);
        for (DeviceSnapshot d : devices) byName.get(d.device()).update(d);
        empty.setVisible(devices.isEmpty());
    }

    /**
     * The virtio console's queues with their rings' contents ({@link VirtioConsole#queueRings(int)} for each
     * index), drawn in the virtio-console section.
     */
    public void updateVirtqueues(List<VirtioConsole.QueueRings> rings) {
        while (queueViews.size() > rings.size()) queues.getChildren().remove(queueViews.remove(queueViews.size() - 1));
        while (queueViews.size() < rings.size()) {
            VirtqueueView v = new VirtqueueView();
            queueViews.add(v);
            queues.getChildren().add(v);
        }
        for (int i = 0; i < rings.size(); i++) queueViews.get(i).update(rings.get(i));
        attachQueues();
    }

    private void rebuild(List<DeviceSnapshot> devices) {
        byName.clear();
        sections.getChildren().clear();
        for (DeviceSnapshot d : devices) {
            Section s = new Section(d.device());
            byName.put(d.device(), s);
            sections.getChildren().add(s.pane);
        }
        attachQueues();
    }

    /** The queues go at the top of the virtio section's body, or at the bottom of the panel if there is none. */
    private void attachQueues() {
        Section virtio = byName.get(VIRTIO_DEVICE);
        VBox target = queueViews.isEmpty() ? null : virtio != null ? virtio.body : sections;
        if (queues.getParent() == target) return;
        if (queues.getParent() instanceof VBox p) p.getChildren().remove(queues);
        if (target == null) return;
        if (target == sections) target.getChildren().add(queues);
        else target.getChildren().add(1, queues);
    }

    /** Device names that say more than a config type (core's PassthroughDevice, kvm-native's in-kernel chips). */
    static final String PASSTHROUGH = org.kvmworkbench.core.device.PassthroughDevice.NAME;
    static final String IN_KERNEL_PIT = org.kvmworkbench.kvm.InKernelChipNames.PIT;
    static final String IN_KERNEL_PIC = org.kvmworkbench.kvm.InKernelChipNames.PIC;

    /** The section's title: the config's type name, or the chip's name for a longer device name. */
    static String title(String device) {
        return switch (device) {
            case PASSTHROUGH -> "passthrough";
            case IN_KERNEL_PIT -> "8254 PIT";
            case IN_KERNEL_PIC -> "8259A PIC";
            default -> device;
        };
    }

    /** Friendly subtitle for the devices this machine can have. */
    static String describe(String device) {
        return switch (device) {
            case "uart", "debugcon", "pic", "pit", VIRTIO_DEVICE -> T.get("describe." + device);
            case PASSTHROUGH -> T.get("describe.passthrough");
            case IN_KERNEL_PIT -> T.get("describe.inKernelPit");
            case IN_KERNEL_PIC -> T.get("describe.inKernelPic");
            default -> "";
        };
    }

    /** Hex digits for a register of {@code width} bits. */
    static String hex(long value, int width) {
        return "0x" + ExitText.hex(value, Math.max(1, (width + 7) / 8));
    }

    /** "0000 0011" for an 8-bit value. */
    static String bits(long value) {
        StringBuilder b = new StringBuilder(9);
        for (int i = 7; i >= 0; i--) {
            b.append((value >> i & 1) == 0 ? '0' : '1');
            if (i == 4) b.append(' ');
        }
        return b.toString();
    }

    private static final class Section {
        final String device;
        final TitledPane pane = new TitledPane();
        final VBox body = new VBox();
        final GridPane grid = new GridPane();
        final VBox details = new VBox();
        final List<RegisterRow> rows = new ArrayList<>();
        DeviceSnapshot last;

        Section(String device) {
            this.device = device;
            Label title = new Label(title(device));
            title.getStyleClass().add("device-name");
            Label sub = new Label(describe(device));
            sub.getStyleClass().add("device-description");
            HBox header = new HBox(title, sub);
            header.getStyleClass().add("device-header");
            header.setAlignment(Pos.BASELINE_LEFT);
            pane.setGraphic(header);
            pane.setText(null);
            pane.setId("device-" + device);
            pane.getStyleClass().add("device-section");
            grid.getStyleClass().add("registers");
            ColumnConstraints name = new ColumnConstraints();
            ColumnConstraints value = new ColumnConstraints();
            ColumnConstraints bits = new ColumnConstraints();
            ColumnConstraints meaning = new ColumnConstraints();
            meaning.setHgrow(Priority.ALWAYS);
            value.setHalignment(HPos.RIGHT);
            grid.getColumnConstraints().addAll(name, value, bits, meaning);
            details.getStyleClass().add("details");
            body.getStyleClass().add("device-body");
            body.getChildren().addAll(grid, details);
            pane.setContent(body);
        }

        void update(DeviceSnapshot s) {
            if (s.equals(last)) return;
            boolean layoutChanged = last == null || last.registers().size() != s.registers().size();
            if (!layoutChanged) {
                for (int i = 0; i < s.registers().size(); i++) {
                    if (!s.registers().get(i).name().equals(last.registers().get(i).name())) layoutChanged = true;
                }
            }
            if (layoutChanged) buildRows(s);
            for (int i = 0; i < s.registers().size(); i++) rows.get(i).update(s.registers().get(i), !layoutChanged);
            List<String> lines = s.details();
            while (details.getChildren().size() > lines.size()) details.getChildren().remove(details.getChildren().size() - 1);
            while (details.getChildren().size() < lines.size()) {
                Label l = new Label();
                l.getStyleClass().add("detail");
                l.setWrapText(true);
                details.getChildren().add(l);
            }
            for (int i = 0; i < lines.size(); i++) ((Label) details.getChildren().get(i)).setText(lines.get(i));
            last = s;
        }

        private void buildRows(DeviceSnapshot s) {
            grid.getChildren().clear();
            rows.clear();
            String[] heads = {T.get("head.register"), T.get("head.value"), T.get("head.bits"), T.get("head.meaning")};
            for (int c = 0; c < heads.length; c++) {
                Label h = new Label(heads[c]);
                h.getStyleClass().add("head");
                grid.add(h, c, 0);
            }
            int r = 1;
            for (DeviceSnapshot.Register reg : s.registers()) {
                RegisterRow row = new RegisterRow(device, reg.name());
                rows.add(row);
                grid.addRow(r++, row.name, row.value, row.bits, row.meaning);
            }
        }
    }

    private static final class RegisterRow {
        final Label name = new Label();
        final Label value = new Label();
        final Label bits = new Label();
        final Label meaning = new Label();
        final PauseTransition flash = new PauseTransition(FLASH);
        DeviceSnapshot.Register last;

        RegisterRow(String device, String register) {
            name.setText(register);
            name.getStyleClass().add("reg-name");
            value.getStyleClass().add("reg-value");
            value.setId("reg-" + device + "-" + register);
            bits.getStyleClass().add("reg-bits");
            meaning.getStyleClass().add("reg-meaning");
            meaning.setWrapText(true);
            flash.setOnFinished(e -> value.pseudoClassStateChanged(CHANGED, false));
        }

        void update(DeviceSnapshot.Register r, boolean highlight) {
            if (r.equals(last)) return;
            if (highlight && last != null && last.value() != r.value()) {
                value.pseudoClassStateChanged(CHANGED, true);
                flash.playFromStart();
            }
            value.setText(hex(r.value(), r.width()));
            bits.setText(r.width() <= 8 ? bits(r.value()) : "");
            meaning.setText(r.meaning());
            last = r;
        }
    }
}
