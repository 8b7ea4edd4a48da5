package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kvmworkbench.app.i18n.Texts;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Callback;

import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.vmx.Provenance;
import org.kvmworkbench.core.vmx.Vmcs;
import org.kvmworkbench.core.vmx.VmcsField;

/**
 * The VMCS as a tree table, grouped as the SDM groups it (guest state, host state, the three kinds of
 * controls, exit information), with each field's encoding, name, meaning, value and where the value comes
 * from. Fields the latest exit wrote are highlighted: that is how students see what a VM exit records.
 * <p>Rows are built once; {@link #update} only changes the cells whose text changed, so it can run every
 * frame. A pure view: it shows immutable snapshots and never touches a session or vCPU.
 */
public final class VmcsPanel extends VBox {
    private static final Texts T = Texts.of(VmcsPanel.class);
    /** Group order on screen (the SDM's order in §25.3, guest state first). */
    static final List<VmcsField.Group> GROUP_ORDER = List.of(VmcsField.Group.GUEST, VmcsField.Group.HOST,
            VmcsField.Group.EXECUTION, VmcsField.Group.EXIT_CONTROL, VmcsField.Group.ENTRY_CONTROL,
            VmcsField.Group.EXIT_INFO);

    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    private static final PseudoClass GROUP = PseudoClass.getPseudoClass("group");
    private static final PseudoClass NOT_VISIBLE = PseudoClass.getPseudoClass("not-visible");

    private final Label title = new Label("VMCS");
    private final Label controlBlock = new Label();
    private final Label exitCount = new Label();
    private final Label legend = new Label(T.get("legend.written"));
    private final Label hiddenLegend = new Label(T.get("legend.hidden"));
    private final TextField filter = new TextField();
    private final CheckBox onlyWritten = new CheckBox(T.get("onlyWritten"));
    private final TreeTableView<Row> table = new TreeTableView<>();
    private final Label probe = new Label();

    private final Map<VmcsField, Row> rows = new EnumMap<>(VmcsField.class);
    private final Map<VmcsField.Group, TreeItem<Row>> groupItems = new EnumMap<>(VmcsField.Group.class);
    private final Map<VmcsField.Group, List<TreeItem<Row>>> fieldItems = new EnumMap<>(VmcsField.Group.class);
    private final TreeItem<Row> root = new TreeItem<>();
    private BackendInfo info;

    public VmcsPanel() {
        getStyleClass().add("vmcs-panel");
        getStylesheets().add(VmcsPanel.class.getResource("VmcsPanel.css").toExternalForm());

        title.getStyleClass().addAll("title-3", "vmcs-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        controlBlock.getStyleClass().add("control-block");
        OneLine.install(controlBlock); // the table keeps its rows on a projector: the whole sentence in the tooltip, a click away
        exitCount.getStyleClass().add("exit-count");
        exitCount.setMinWidth(Region.USE_PREF_SIZE);
        controlBlock.setMinWidth(0); // what gives way when the row is narrow (all of it is in its tooltip)
        controlBlock.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(controlBlock, Priority.ALWAYS);

        Label swatch = new Label();
        swatch.getStyleClass().add("legend-swatch");
        legend.getStyleClass().add("legend");
        legend.setGraphic(swatch);
        legend.setMinWidth(Region.USE_PREF_SIZE);
        hiddenLegend.getStyleClass().add("legend");
        hiddenLegend.setMinWidth(Region.USE_PREF_SIZE);
        HBox legends = new HBox(legend, hiddenLegend);
        legends.getStyleClass().add("legends");
        legends.setAlignment(Pos.CENTER_LEFT);
        filter.setPromptText(T.get("filter"));
        filter.getStyleClass().add("filter");
        onlyWritten.getStyleClass().add("only-written");
        onlyWritten.setMinWidth(Region.USE_PREF_SIZE);
        HBox tools = new HBox(filter, onlyWritten);
        tools.getStyleClass().add("tools");
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.setMinWidth(Region.USE_PREF_SIZE);
        // one row for the heading and the filter: the panel's height goes to the table's rows (a projector has little)
        HBox head = new HBox(title, controlBlock, tools, exitCount);
        head.getStyleClass().add("head");
        head.setAlignment(Pos.CENTER_LEFT);

        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);

        probe.setManaged(false);
        probe.setVisible(false);
        probe.fontProperty().addListener((o, a, b) -> sizeColumns());
        table.widthProperty().addListener((o, a, b) -> sizeColumns());

        getChildren().addAll(head, table, legends, probe);
        filter.textProperty().addListener((o, a, b) -> applyFilter());
        onlyWritten.selectedProperty().addListener((o, a, b) -> applyFilter());
        showInfo(null);
    }

    // ---------------------------------------------------------------- table

    private final TreeTableColumn<Row, String> nameCol = new TreeTableColumn<>(T.get("col.field"));
    private final TreeTableColumn<Row, String> encodingCol = new TreeTableColumn<>(T.get("col.encoding"));
    private final TreeTableColumn<Row, String> meaningCol = new TreeTableColumn<>(T.get("col.meaning"));
    private final TreeTableColumn<Row, String> valueCol = new TreeTableColumn<>(T.get("col.value"));
    private final TreeTableColumn<Row, String> provenanceCol = new TreeTableColumn<>(T.get("col.provenance"));

    private void buildTable() {
        table.getStyleClass().add("vmcs-table");
        table.setShowRoot(false);
        table.setRoot(root);
        table.setTableMenuButtonVisible(false);
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);

        nameCol.setCellValueFactory(c -> c.getValue().getValue().name);
        encodingCol.setCellValueFactory(c -> c.getValue().getValue().encoding);
        meaningCol.setCellValueFactory(c -> c.getValue().getValue().meaning);
        valueCol.setCellValueFactory(c -> c.getValue().getValue().value);
        provenanceCol.setCellValueFactory(c -> c.getValue().getValue().provenance);
        nameCol.setCellFactory(cells("name-cell", Tip.NONE));
        encodingCol.setCellFactory(cells("encoding-cell", Tip.NONE));
        meaningCol.setCellFactory(cells("meaning-cell", Tip.TEXT));
        valueCol.setCellFactory(cells("value-cell", Tip.WHY));
        provenanceCol.setCellFactory(cells("provenance-cell", Tip.WHY));
        for (TreeTableColumn<Row, String> c : List.of(nameCol, encodingCol, meaningCol, valueCol, provenanceCol)) {
            c.setSortable(false);
            c.setReorderable(false);
        }
        // value before meaning: in a narrow pane the value stays visible and the meaning is what gets cut
        table.getColumns().setAll(List.of(nameCol, encodingCol, valueCol, provenanceCol, meaningCol));
        table.setTreeColumn(nameCol);
        table.setRowFactory(t -> new VmcsRow());

        for (VmcsField.Group g : GROUP_ORDER) {
            Row gr = new Row(g);
            TreeItem<Row> gi = new TreeItem<>(gr);
            gi.setExpanded(true);
            groupItems.put(g, gi);
            fieldItems.put(g, new ArrayList<>());
        }
        for (VmcsField f : VmcsField.values()) {
            Row r = new Row(f);
            rows.put(f, r);
            fieldItems.get(f.group()).add(new TreeItem<>(r));
        }
        applyFilter();
    }

    /** Column widths in em of the current font, so presenter mode widens them; Meaning (last) takes what is left. */
    private void sizeColumns() {
        double em = probe.getFont().getSize();
        nameCol.setPrefWidth(em * 19.5);
        encodingCol.setPrefWidth(em * 6.5);
        valueCol.setPrefWidth(em * 12.5);
        provenanceCol.setPrefWidth(em * 9);
        double rest = table.getWidth() - nameCol.getPrefWidth() - encodingCol.getPrefWidth()
                - valueCol.getPrefWidth() - provenanceCol.getPrefWidth() - em * 1.5; // vertical scroll bar
        meaningCol.setPrefWidth(Math.max(em * 10, rest));
    }

    /** Show the fields that match the filter text (and, if asked, only those the last exit wrote). */
    private void applyFilter() {
        String text = filter.getText();
        String q = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        boolean written = onlyWritten.isSelected();
        List<TreeItem<Row>> groups = new ArrayList<>();
        for (VmcsField.Group g : GROUP_ORDER) {
            List<TreeItem<Row>> match = new ArrayList<>();
            for (TreeItem<Row> it : fieldItems.get(g)) {
                Row r = it.getValue();
                if ((q.isEmpty() || r.matches(q)) && (!written || r.changed.get())) match.add(it);
            }
            TreeItem<Row> gi = groupItems.get(g);
            if (!gi.getChildren().equals(match)) gi.getChildren().setAll(match);
            if (!match.isEmpty()) groups.add(gi);
        }
        if (!root.getChildren().equals(groups)) root.getChildren().setAll(groups);
    }

    // ---------------------------------------------------------------- update

    /** Show a snapshot (null = no VMCS yet). {@code info} says what the control block is on this host. */
    public void update(Vmcs.Snapshot s, BackendInfo info) {
        update(s, info, s == null ? 0 : s.exitCount());
    }

    /**
     * As {@link #update(Vmcs.Snapshot, BackendInfo)}, the header counting {@code exits} VM exits as the status line does
     * (a VMCS derived from KVM's state is also read anew after a single step, which is no VM exit).
     */
    public void update(Vmcs.Snapshot s, BackendInfo info, long exits) {
        if (info != this.info) {
            boolean simulatedBefore = this.info == null || this.info.simulated();
            showInfo(info);
            if (simulatedBefore != (info == null || info.simulated())) for (Row r : rows.values()) r.forget();
        }
        if (s == null) {
            exitCount.setText(T.get("noExit"));
            for (Row r : rows.values()) r.clear();
            updateGroupCounts();
            if (onlyWritten.isSelected()) applyFilter();
            return;
        }
        exitCount.setText(exits == 0 ? T.get("noExit") : T.format(exits == 1 ? "after.1" : "after", exits));
        boolean simulated = info == null || info.simulated();
        for (Vmcs.Snapshot.Entry e : s.entries().values()) {
            Row r = rows.get(e.field());
            if (r != null) r.show(e, simulated);
        }
        updateGroupCounts();
        if (onlyWritten.isSelected()) applyFilter(); // the set of written fields may have changed
    }

    private void updateGroupCounts() {
        for (VmcsField.Group g : GROUP_ORDER) {
            int n = 0;
            for (TreeItem<Row> it : fieldItems.get(g)) if (it.getValue().changed.get()) n++;
            groupItems.get(g).getValue().value.set(n == 0 ? "" : T.format(n == 1 ? "written.1" : "written", n));
        }
    }

    private void showInfo(BackendInfo info) {
        this.info = info;
        controlBlock.setText(controlBlockText(info));
    }

    /** The header's description of the control block on this host. */
    static String controlBlockText(BackendInfo info) {
        if (info == null) return T.get("cb.unknown");
        String cb = ExitText.controlBlock(info);
        if (cb.startsWith("none")) return T.get("cb.none");
        if (cb.startsWith("VMCB")) return T.format("cb.vmcb", cb);
        return T.format("cb", cb);
    }

    /** What a field holds, in the current language (core's {@link VmcsField#meaning()} is the English). */
    static String meaning(VmcsField f) {
        return T.get("meaning." + f.name());
    }

    /** Why a NOT_VISIBLE value is hidden, for its tooltip. */
    static String whyNotVisible(VmcsField f, boolean simulated) {
        if (!simulated)
            return T.get("why.kvm");
        if (f.group() == VmcsField.Group.HOST)
            return T.get("why.host");
        return T.get("why.control");
    }

    static String provenanceTip(Provenance p) {
        switch (p) {
            case MODELED: return T.get("tip.MODELED");
            case READ_FROM_KVM: return T.get("tip.READ_FROM_KVM");
            case DERIVED: return T.get("tip.DERIVED");
            default: return "";
        }
    }

    /** "0x681E" */
    static String encodingText(VmcsField f) {
        return QualificationLayout.hex(f.encoding(), 4);
    }

    /** Hex padded to the field width: 4 digits for 16-bit, 8 for 32-bit, 16 for 64-bit and natural width. */
    static String valueText(VmcsField f, long v) {
        int digits = f.widthBits() / 4;
        long masked = f.widthBits() == 64 ? v : v & ((1L << f.widthBits()) - 1);
        return QualificationLayout.hex(masked, digits);
    }

    // ---------------------------------------------------------------- test and integration hooks

    /** The filter field (e.g. to focus it with a shortcut). */
    public TextField filterField() {
        return filter;
    }

    /** The "only fields the last exit wrote" switch. */
    public CheckBox onlyWrittenBox() {
        return onlyWritten;
    }

    TreeTableView<Row> table() {
        return table;
    }

    /** The value text shown for {@code f} ("—" when not visible). */
    public String shownValue(VmcsField f) {
        return rows.get(f).value.get();
    }

    /** Whether {@code f}'s row is highlighted as written by the last exit. */
    public boolean isHighlighted(VmcsField f) {
        return rows.get(f).changed.get();
    }

    /** Whether {@code f}'s row passes the current filter. */
    public boolean isListed(VmcsField f) {
        TreeItem<Row> it = fieldItems.get(f.group()).stream().filter(i -> i.getValue().field == f).findFirst().orElseThrow();
        return it.getParent() != null && root.getChildren().contains(it.getParent());
    }

    // ---------------------------------------------------------------- rows and cells

    /** One line of the table: a group heading or a field. Properties change in place. */
    static final class Row {
        final VmcsField field;
        final VmcsField.Group group;
        final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper();
        final ReadOnlyStringWrapper encoding = new ReadOnlyStringWrapper("");
        final ReadOnlyStringWrapper meaning = new ReadOnlyStringWrapper("");
        final StringProperty value = new SimpleStringProperty("");
        final StringProperty provenance = new SimpleStringProperty("");
        final SimpleBooleanProperty changed = new SimpleBooleanProperty();
        final SimpleBooleanProperty hidden = new SimpleBooleanProperty();
        /** Tooltip text for the value and provenance cells. */
        final StringProperty why = new SimpleStringProperty("");
        private final String haystack;
        private long lastValue = Long.MIN_VALUE;
        private Provenance lastProvenance;

        Row(VmcsField.Group g) {
            field = null;
            group = g;
            name.set(T.get("group." + g.name()));
            haystack = "";
        }

        Row(VmcsField f) {
            field = f;
            group = f.group();
            name.set(f.name());
            encoding.set(encodingText(f));
            meaning.set(meaning(f));
            haystack = (f.name() + " " + f.meaning() + " " + meaning(f) + " " + encodingText(f) + " " + Integer.toHexString(f.encoding()))
                    .toLowerCase(Locale.ROOT);
        }

        boolean isGroup() {
            return field == null;
        }

        boolean matches(String q) {
            return haystack.contains(q) || haystack.replace('_', ' ').contains(q);
        }

        void show(Vmcs.Snapshot.Entry e, boolean simulated) {
            Provenance p = e.provenance();
            if (p != lastProvenance || e.value() != lastValue) {
                lastProvenance = p;
                lastValue = e.value();
                boolean hide = p == Provenance.NOT_VISIBLE;
                hidden.set(hide);
                value.set(hide ? "—" : valueText(field, e.value()));
                provenance.set(T.get("provenance." + p.name()));
                why.set(hide ? whyNotVisible(field, simulated) : provenanceTip(p));
            }
            changed.set(e.changedByLastExit());
        }

        /** Recompute the texts on the next {@link #show} (the backend, and so the tooltips, changed). */
        void forget() {
            lastProvenance = null;
            lastValue = Long.MIN_VALUE;
        }

        void clear() {
            lastProvenance = null;
            lastValue = Long.MIN_VALUE;
            value.set("");
            provenance.set("");
            why.set("");
            hidden.set(false);
            changed.set(false);
        }
    }

    /** What a cell's tooltip shows: nothing, its own text (long meanings), or the row's provenance note. */
    private enum Tip { NONE, TEXT, WHY }

    private static Callback<TreeTableColumn<Row, String>, TreeTableCell<Row, String>> cells(String styleClass, Tip tip) {
        return col -> new TextCell(styleClass, tip);
    }

    /** A text cell with an optional tooltip. */
    private static final class TextCell extends TreeTableCell<Row, String> {
        private final Tip mode;
        private final Tooltip tip = new Tooltip();
        private final ChangeListener<String> whyListener = (o, a, b) -> showTip(b);
        private Row watched;

        TextCell(String styleClass, Tip mode) {
            this.mode = mode;
            getStyleClass().add(styleClass);
            tip.setWrapText(true);
            tip.setMaxWidth(480);
        }

        @Override protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item);
            if (mode == Tip.TEXT) {
                showTip(empty || item == null ? "" : item);
            } else if (mode == Tip.WHY) {
                Row r = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (r != watched) {
                    if (watched != null) watched.why.removeListener(whyListener);
                    watched = r;
                    if (r != null) r.why.addListener(whyListener);
                }
                showTip(r == null ? "" : r.why.get());
            }
        }

        private void showTip(String text) {
            boolean show = text != null && !text.isEmpty();
            if (show) tip.setText(text);
            if ((getTooltip() != null) != show) setTooltip(show ? tip : null);
        }
    }

    /** A row that highlights itself while its field was written by the last exit. */
    private static final class VmcsRow extends TreeTableRow<Row> {
        private final ChangeListener<Boolean> changedListener = (o, a, b) -> pseudoClassStateChanged(CHANGED, b);
        private final ChangeListener<Boolean> hiddenListener = (o, a, b) -> pseudoClassStateChanged(NOT_VISIBLE, b);
        private Row watched;

        VmcsRow() {
            getStyleClass().add("vmcs-row");
        }

        @Override protected void updateItem(Row item, boolean empty) {
            super.updateItem(item, empty);
            Row r = empty ? null : item;
            if (r != watched) {
                if (watched != null) {
                    watched.changed.removeListener(changedListener);
                    watched.hidden.removeListener(hiddenListener);
                }
                watched = r;
                if (r != null) {
                    r.changed.addListener(changedListener);
                    r.hidden.addListener(hiddenListener);
                }
            }
            pseudoClassStateChanged(GROUP, r != null && r.isGroup());
            pseudoClassStateChanged(CHANGED, r != null && r.changed.get());
            pseudoClassStateChanged(NOT_VISIBLE, r != null && r.hidden.get());
        }
    }
}
