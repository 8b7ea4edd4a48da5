package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import org.kvmworkbench.app.i18n.Texts;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * The exit log: one row per VM exit, newest at the bottom, in a virtualized table. A pure view: the app hands it
 * the ring buffer's latest contents with {@link #update(List)} (on the FX thread, at most once per frame) and hears
 * about the user's row selection through {@link #setOnSelect(Consumer)}.
 *
 * <p>Each record's text is formatted the first time a cell shows it and kept while the record stays in the log, so
 * a ring buffer that turns over completely every frame (a guest polling a port makes a million exits a second)
 * costs one small object per exit and formatting for the visible rows only. The view follows the newest exit
 * unless the user has scrolled away from it (wheel, scroll bar, keys); then the rows they are reading stay put
 * while they are still in the ring, and a "Newest ↓" button brings them back. A selected row stays selected
 * across updates while its exit is in the ring ({@link #setOnSelect} is not called again for it).
 */
public final class ExitLogView extends VBox {
    private static final Texts T = Texts.of(ExitLogView.class);
    /** Row height in em. */
    private static final double ROW_EM = 2.3;
    private static final PseudoClass KERNEL = PseudoClass.getPseudoClass("kernel");
    private static final PseudoClass USERSPACE = PseudoClass.getPseudoClass("userspace");

    /** One entry of the reason filter. */
    public record ReasonChoice(VmxExitReason reason, boolean all) {
        /** "All reasons". */
        public static final ReasonChoice ALL = new ReasonChoice(null, true);
        /** Stops that are not VM exits (e.g. an emulation failure). */
        public static final ReasonChoice NO_VM_EXIT = new ReasonChoice(null, false);

        public static ReasonChoice of(VmxExitReason reason) {
            return reason == null ? NO_VM_EXIT : new ReasonChoice(reason, false);
        }

        /** "All reasons", "30 I/O instruction", "(no VM exit)", in the current language. */
        public String label() {
            if (all) return T.get("filter.all");
            return reason == null ? T.get("filter.noExit") : reason.number() + " " + ExitText.reasonName(reason);
        }

        boolean matches(ExitRecord r) {
            return all || r.reason() == reason;
        }

        int order() {
            return all ? -1 : reason == null ? 1000 : reason.number();
        }

        @Override public String toString() {
            return label();
        }
    }

    /** The table's columns and how each prints an exit. */
    enum Col {
        SEQ, REASON, FINISHED, INSTRUCTION, ADDRESS, SIZE, DIRECTION, DATA, RIP;

        String format(ExitRecord r) {
            return switch (this) {
                case SEQ -> Long.toString(r.seq());
                case REASON -> ExitText.primaryLabel(r); // on an AMD host its SVM exit code
                case FINISHED -> ExitText.finishedIn(r);
                case INSTRUCTION -> r.instruction();
                case ADDRESS -> ExitText.address(r.access());
                case SIZE -> ExitText.size(r.access());
                case DIRECTION -> ExitText.direction(r.access());
                case DATA -> ExitText.data(r.access());
                case RIP -> ExitText.csIp(r.regs());
            };
        }
    }

    /**
     * A record in the table. Its text is formatted when a cell first shows it and then kept, so a ring buffer that
     * turns over completely every frame costs one small object per exit, and formatting only for the visible rows.
     */
    static final class Row {
        final ExitRecord record;
        private ReadOnlyObjectWrapper<Row> self;
        private String[] text;

        Row(ExitRecord r) {
            record = r;
        }

        ReadOnlyObjectWrapper<Row> self() {
            if (self == null) self = new ReadOnlyObjectWrapper<>(this);
            return self;
        }

        String text(Col c) {
            if (text == null) text = new String[Col.values().length];
            String t = text[c.ordinal()];
            if (t == null) text[c.ordinal()] = t = c.format(record);
            return t;
        }
    }

    private final TableView<Row> table = new TableView<>();
    private final ComboBox<ReasonChoice> reasonFilter = new ComboBox<>();
    private final ToggleSwitch userspaceOnly = new ToggleSwitch(T.get("userspaceOnly"));
    private final Label count = new Label();
    /** Never shown: its font is the view's 1 em, for the sizes that must be set in pixels. */
    private final Label emProbe = new Label("M");
    private final Button newest = new Button(T.get("newest"));
    private final List<TableColumn<Row, Row>> fixedColumns = new ArrayList<>();
    private final List<Double> fixedWidthsEm = new ArrayList<>();
    private TableColumn<Row, Row> dataColumn;
    private TableColumn<Row, Row> seqColumn;
    /** Digits of the largest sequence number shown: the # column widens as a long run counts up. */
    private int seqDigits = 1;

    /** Rows for the last update's records, oldest first. */
    private ArrayList<Row> rows = new ArrayList<>();
    private ArrayList<Row> spare = new ArrayList<>();
    private final ArrayList<Row> shown = new ArrayList<>();
    private final long[] present = new long[2];
    private boolean noExitPresent;
    private final long[] scratch = new long[2];
    private Consumer<ExitRecord> onSelect = r -> { };
    private boolean programmatic;
    private boolean settleAtEnd;
    /** Keep the newest row in view; off once the user scrolls away from it, on again when they return. */
    private boolean following = true;
    /** A check of {@link #following} after a user action is pending. */
    private boolean userTouched;

    public ExitLogView() {
        getStyleClass().add("exit-log");
        getStylesheets().add(Objects.requireNonNull(ExitLogView.class.getResource("ExitLogView.css")).toExternalForm());

        reasonFilter.setId("exit-log-reason-filter");
        reasonFilter.getItems().setAll(ReasonChoice.ALL);
        reasonFilter.setValue(ReasonChoice.ALL);
        reasonFilter.valueProperty().addListener((o, a, b) -> {
            if (!programmatic) refilter(true);
        });
        userspaceOnly.setId("exit-log-userspace-only");
        userspaceOnly.selectedProperty().addListener((o, a, b) -> refilter(true));
        // The switch's own skin toggles on its track only; let a click on its label toggle it too.
        userspaceOnly.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()
                    && !within(e.getPickResult().getIntersectedNode(), "thumb-area")
                    && !within(e.getPickResult().getIntersectedNode(), "thumb")) {
                userspaceOnly.setSelected(!userspaceOnly.isSelected());
            }
        });
        count.getStyleClass().addAll(Styles.TEXT_MUTED, "count");
        count.setMinWidth(USE_PREF_SIZE);
        newest.setId("exit-log-newest");
        newest.getStyleClass().addAll(Styles.ACCENT, Styles.SMALL);
        newest.setVisible(false);
        newest.setOnAction(e -> scrollToNewest());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(reasonFilter, userspaceOnly, spacer, count, newest);
        bar.getStyleClass().add("filter-bar");
        bar.setAlignment(Pos.CENTER_LEFT);

        table.setId("exit-log-table");
        table.getStyleClass().addAll(Styles.STRIPED, "exit-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label placeholder = new Label(T.get("empty"));
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(placeholder);
        seqColumn = column("#", 5, Col.SEQ, "numeric", "mono");
        table.getColumns().add(seqColumn);
        table.getColumns().add(column(T.get("col.reason"), 13.5, Col.REASON));
        table.getColumns().add(finishedColumn(11.5));
        table.getColumns().add(column(T.get("col.instruction"), 13, Col.INSTRUCTION, "mono"));
        table.getColumns().add(column(T.get("col.address"), 8.5, Col.ADDRESS, "mono"));
        table.getColumns().add(column(T.get("col.size"), 4.5, Col.SIZE, "numeric", "mono"));
        table.getColumns().add(column(T.get("col.direction"), 4, Col.DIRECTION));
        dataColumn = column(T.get("col.data"), -1, Col.DATA, "mono");
        table.getColumns().add(dataColumn);
        table.getColumns().add(column("CS:IP", 7, Col.RIP, "mono"));
        table.addEventFilter(ScrollEvent.SCROLL, e -> userTouched());
        table.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> userTouched());
        table.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> userTouched());
        table.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> userTouched());
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> userTouched());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!programmatic && row != null) onSelect.accept(row.record);
        });
        // Widths are in em: follow the font the theme (or presenter mode) gives this view.
        emProbe.setManaged(false);
        emProbe.setVisible(false);
        emProbe.fontProperty().addListener((o, a, b) -> layoutColumns());
        table.widthProperty().addListener((o, a, b) -> layoutColumns());

        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(bar, table, emProbe);
        updateCount();
    }

    private static boolean within(Node n, String styleClass) {
        for (; n != null; n = n.getParent()) if (n.getStyleClass().contains(styleClass)) return true;
        return false;
    }

    /** Called when the user selects a row (not when the view restores a selection after an update). */
    public void setOnSelect(Consumer<ExitRecord> onSelect) {
        this.onSelect = onSelect == null ? r -> { } : onSelect;
    }

    /** The latest exits, oldest first (the ring buffer's snapshot). FX thread only. */
    public void update(List<ExitRecord> recent) {
        syncRows(recent);
        int digits = rows.isEmpty() ? 1 : Long.toString(rows.get(rows.size() - 1).record.seq()).length();
        if (digits != seqDigits) {
            seqDigits = digits;
            layoutColumns();
        }
        syncReasonChoices();
        refilter(false);
    }

    /** Show only exits of {@code reason} ({@code null}: all reasons). */
    public void setReasonFilter(VmxExitReason reason) {
        setReasonChoice(reason == null ? ReasonChoice.ALL : ReasonChoice.of(reason));
    }

    /** Show only exits of this choice (e.g. {@link ReasonChoice#NO_VM_EXIT}). */
    public void setReasonChoice(ReasonChoice choice) {
        if (!reasonFilter.getItems().contains(choice)) insertChoice(reasonFilter.getItems(), choice);
        reasonFilter.setValue(choice);
    }

    /** Show only exits that returned to userspace (KVM_EXIT_*). */
    public void setUserspaceOnly(boolean on) {
        userspaceOnly.setSelected(on);
    }

    /** The records in the table now, in display order. */
    public List<ExitRecord> shownRecords() {
        List<ExitRecord> out = new ArrayList<>(table.getItems().size());
        for (Row r : table.getItems()) out.add(r.record);
        return out;
    }

    /** The choices the reason filter offers now ("All reasons" first). */
    public List<ReasonChoice> reasonChoices() {
        return List.copyOf(reasonFilter.getItems());
    }

    /** Scroll to the newest exit and follow new ones again. */
    public void scrollToNewest() {
        following = true;
        scrollToEnd();
    }

    /**
     * The user may have scrolled: once this event has been handled (the flow's position is updated at once by
     * the wheel, the scroll bar and the keys), decide whether they left the newest row, before the next update.
     */
    private void userTouched() {
        if (userTouched) return;
        userTouched = true;
        Platform.runLater(() -> {
            userTouched = false;
            following = atEnd(flow());
            newest.setVisible(!following && !table.getItems().isEmpty());
        });
    }

    /**
     * At the very end of the list (or nothing to scroll): position 1 (a scroll-bar drag moves only the position
     * until the next layout) and the last cell wholly in view (the wheel and the keys move the cells at once).
     */
    static boolean atEnd(VirtualFlow<?> f) {
        if (f == null || f.getCellCount() == 0) return true;
        double viewport = f.getHeight();
        for (Node n : f.getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar b && b.isVisible()) {
                if (b.getOrientation() == Orientation.HORIZONTAL) viewport -= b.getHeight();
            }
        }
        if (f.getPosition() < 1 - 1e-9 && !fitsInView(f)) return false;
        IndexedCell<?> last = f.getLastVisibleCell();
        return last == null || last.getIndex() >= f.getCellCount() - 1 && last.getLayoutY() + last.getHeight() <= viewport + 1;
    }

    /** No vertical scroll bar: everything is in view. */
    private static boolean fitsInView(VirtualFlow<?> f) {
        for (Node n : f.getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.VERTICAL)
                return !b.isVisible();
        }
        return true;
    }

    /**
     * Newest row in view: position 1 is the end whatever the row count becomes at the next layout, and
     * {@link #layoutChildren()} settles it once the rows (and a horizontal bar that may appear) are laid out.
     * Nothing is laid out here: update() runs before the pulse's CSS pass.
     */
    private int settleRetries;

    private void scrollToEnd() {
        int n = table.getItems().size();
        if (n == 0) return;
        VirtualFlow<?> f = flow();
        if (f == null) {
            table.scrollTo(n - 1);
            return;
        }
        f.setPosition(1.0);
        settleAtEnd = true;
        requestLayout();
    }

    /**
     * Settles a pending scroll to the newest row once the rows are laid out (the flow only estimates positions
     * before that, and a horizontal bar may have appeared), then shows "Newest ↓" whenever the newest row is out
     * of view (after any scroll, by the user or by us).
     */
    @Override protected void layoutChildren() {
        super.layoutChildren();
        table.layout();
        VirtualFlow<?> f = flow();
        int n = table.getItems().size();
        if (settleAtEnd && !userTouched && f != null && n > 0) {
            settleAtEnd = false;
            IndexedCell<?> last = f.getLastVisibleCell();
            if (last == null || last.getIndex() < n - 1) {
                f.scrollTo(n - 1);
                last = f.getLastVisibleCell();
            }
            if (last != null) {
                double overflow = last.getLayoutY() + last.getHeight() - (f.getHeight() - hbarHeight(f));
                if (overflow > 0.5) f.scrollPixels(overflow);
            }
            // the flow's estimate may still be a row short (cell sizes settle a pulse later): try again, a few times
            IndexedCell<?> now = f.getLastVisibleCell();
            if ((now == null || now.getIndex() < n - 1) && settleRetries++ < 3) {
                settleAtEnd = true;
                Platform.runLater(this::requestLayout);
            } else {
                settleRetries = 0;
            }
        }
        newest.setVisible(!following && n > 0);
    }

    private static double hbarHeight(VirtualFlow<?> f) {
        for (Node n : f.getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.HORIZONTAL
                    && b.isVisible()) return b.getHeight();
        }
        return 0;
    }

    // --- rows ---------------------------------------------------------------------------------------------

    /** Makes {@code rows} match {@code recent}, reusing the Row of every record that was already there. */
    private void syncRows(List<ExitRecord> recent) {
        ArrayList<Row> next = spare;
        next.clear();
        int p = recent.isEmpty() ? -1 : indexOf(rows, recent.get(0));
        for (ExitRecord r : recent) {
            if (p >= 0 && p < rows.size() && rows.get(p).record == r) {
                next.add(rows.get(p++));
            } else {
                p = -1;
                next.add(new Row(r));
            }
        }
        spare = rows;
        rows = next;
    }

    /** Position of the row holding exactly {@code r}, by binary search on seq; -1 if none. */
    private static int indexOf(List<Row> list, ExitRecord r) {
        int lo = 0, hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = list.get(mid).record.seq();
            if (s < r.seq()) lo = mid + 1;
            else if (s > r.seq()) hi = mid - 1;
            else return list.get(mid).record == r ? mid : -1;
        }
        return -1;
    }

    private void syncReasonChoices() {
        scratch[0] = scratch[1] = 0;
        boolean noExit = false;
        for (Row row : rows) {
            VmxExitReason reason = row.record.reason();
            if (reason == null) noExit = true;
            else scratch[reason.number() >> 6] |= 1L << (reason.number() & 63);
        }
        if (scratch[0] == present[0] && scratch[1] == present[1] && noExit == noExitPresent) return;
        present[0] = scratch[0];
        present[1] = scratch[1];
        noExitPresent = noExit;
        List<ReasonChoice> choices = new ArrayList<>();
        choices.add(ReasonChoice.ALL);
        for (VmxExitReason r : VmxExitReason.values()) {
            if ((present[r.number() >> 6] & 1L << (r.number() & 63)) != 0) choices.add(ReasonChoice.of(r));
        }
        if (noExit) choices.add(ReasonChoice.NO_VM_EXIT);
        ReasonChoice selected = reasonFilter.getValue();
        if (selected != null && !choices.contains(selected)) insertChoice(choices, selected);
        programmatic = true;
        try {
            reasonFilter.getItems().setAll(choices);
            reasonFilter.setValue(selected);
        } finally {
            programmatic = false;
        }
    }

    private static void insertChoice(List<ReasonChoice> choices, ReasonChoice c) {
        int i = 0;
        while (i < choices.size() && choices.get(i).order() < c.order()) i++;
        choices.add(i, c);
    }

    /** Applies the filters; touches the table only when what it shows changes (or {@code force}). */
    private void refilter(boolean force) {
        ReasonChoice choice = reasonFilter.getValue() == null ? ReasonChoice.ALL : reasonFilter.getValue();
        boolean userspace = userspaceOnly.isSelected();
        shown.clear();
        for (Row row : rows) {
            if (choice.matches(row.record) && (!userspace || row.record.reachedUserspace())) shown.add(row);
        }
        ObservableList<Row> items = table.getItems();
        if (!force && sameRows(items, shown)) return;

        if (force) following = true;
        // While a user action is being judged (see userTouched) leave the scroll position alone.
        boolean follow = following && !userTouched;
        Row anchor = follow || userTouched ? null : firstVisible();
        Row selected = table.getSelectionModel().getSelectedItem();
        programmatic = true;
        try {
            items.setAll(shown);
            int sel = selected == null ? -1 : indexOfRow(shown, selected);
            if (sel >= 0) table.getSelectionModel().clearAndSelect(sel);
            else table.getSelectionModel().clearSelection();
        } finally {
            programmatic = false;
        }
        if (follow) {
            scrollToEnd();
        } else if (anchor != null) {
            int at = indexOfRow(shown, anchor);
            table.scrollTo(Math.max(at, 0));
        }
        updateCount();
    }

    private static boolean sameRows(List<Row> a, List<Row> b) {
        if (a.size() != b.size()) return false;
        for (int i = a.size() - 1; i >= 0; i--) if (a.get(i) != b.get(i)) return false;
        return true;
    }

    private static int indexOfRow(List<Row> list, Row row) {
        int i = indexOf(list, row.record);
        if (i >= 0) return i;
        // Not there: the first row after it, so the view stays near where it was.
        for (int j = 0; j < list.size(); j++) if (list.get(j).record.seq() > row.record.seq()) return j;
        return -1;
    }

    private void updateCount() {
        int n = table.getItems().size();
        count.setText(n == rows.size() ? T.format(n == 1 ? "count.1" : "count", n) : T.format("count.filtered", n, rows.size()));
    }

    // --- scrolling ----------------------------------------------------------------------------------------

    private VirtualFlow<?> flow() {
        Node n = table.lookup(".virtual-flow");
        return n instanceof VirtualFlow<?> f ? f : null;
    }

    private Row firstVisible() {
        VirtualFlow<?> f = flow();
        IndexedCell<?> first = f == null ? null : f.getFirstVisibleCell();
        if (first == null || first.getIndex() < 0 || first.getIndex() >= table.getItems().size()) return null;
        return table.getItems().get(first.getIndex());
    }

    // --- columns ------------------------------------------------------------------------------------------

    private TableColumn<Row, Row> column(String title, double widthEm, Col col, String... styles) {
        TableColumn<Row, Row> c = new TableColumn<>(title);
        c.setSortable(false);
        c.setCellValueFactory(f -> f.getValue().self());
        c.setCellFactory(x -> new TextCell(col, styles));
        if (widthEm > 0) {
            fixedColumns.add(c);
            fixedWidthsEm.add(widthEm);
        }
        return c;
    }

    private TableColumn<Row, Row> finishedColumn(double widthEm) {
        TableColumn<Row, Row> c = new TableColumn<>(T.get("col.finishedIn"));
        c.setSortable(false);
        c.setCellValueFactory(f -> f.getValue().self());
        c.setCellFactory(col -> new FinishedCell());
        fixedColumns.add(c);
        fixedWidthsEm.add(widthEm);
        return c;
    }

    /** Fixed columns get their width in em; the data column takes what is left (at least 14 em). */
    private void layoutColumns() {
        double em = emProbe.getFont().getSize();
        // Whole pixels: with a fractional row height the flow's end-of-list arithmetic is off by a fraction of a
        // pixel, which it logs ("index exceeds maxCellCount") on every scroll to the end.
        table.setFixedCellSize(Math.round(ROW_EM * em));
        fixedWidthsEm.set(fixedColumns.indexOf(seqColumn), Math.max(5, 1.6 + 0.68 * seqDigits));
        double used = 0;
        for (int i = 0; i < fixedColumns.size(); i++) {
            double w = fixedWidthsEm.get(i) * em;
            fixedColumns.get(i).setPrefWidth(w);
            used += w;
        }
        double available = table.getWidth() - used - 2.2 * em; // room for the vertical scroll bar
        dataColumn.setPrefWidth(Math.max(14 * em, available));
    }

    private static final class TextCell extends TableCell<Row, Row> {
        private final Col col;

        TextCell(Col col, String... styles) {
            this.col = col;
            getStyleClass().addAll(styles);
        }

        @Override protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(empty || row == null ? null : row.text(col));
        }
    }

    /** "kernel" or KVM_EXIT_… as a coloured pill. The pill stays the cell's graphic (hidden when empty). */
    private static final class FinishedCell extends TableCell<Row, Row> {
        private final Label pill = new Label();

        FinishedCell() {
            pill.getStyleClass().add("pill");
            getStyleClass().add("finished");
            setText(null);
            setGraphic(pill);
            pill.setVisible(false);
        }

        @Override protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (getGraphic() != pill) setGraphic(pill);
            if (empty || row == null) {
                pill.setVisible(false);
                return;
            }
            pill.setText(row.text(Col.FINISHED));
            boolean user = row.record.reachedUserspace();
            pill.pseudoClassStateChanged(USERSPACE, user);
            pill.pseudoClassStateChanged(KERNEL, !user);
            pill.setVisible(true);
        }
    }
}
