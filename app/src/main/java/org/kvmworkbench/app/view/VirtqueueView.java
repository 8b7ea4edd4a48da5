package org.kvmworkbench.app.view;

import java.util.List;

import org.kvmworkbench.app.i18n.Texts;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.kvmworkbench.core.device.VirtQueue;
import org.kvmworkbench.core.device.VirtioConsole;

/**
 * One split virtqueue drawn as three rows of slots: the descriptor table, the available ring (driver → device) and
 * the used ring (device → driver), with markers under the ring slots that {@code avail.idx}, the device's
 * {@code last_avail_idx} and {@code used.idx} point at. Colours: offered but not yet taken (warning), taken by the
 * device (accent), returned in the used ring (success). Cells are made once per queue size and then only restyled.
 */
final class VirtqueueView extends VBox {
    private static final Texts T = Texts.of(VirtqueueView.class);
    private static final PseudoClass FREE = PseudoClass.getPseudoClass("free");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass TAKEN = PseudoClass.getPseudoClass("taken");
    private static final PseudoClass USED = PseudoClass.getPseudoClass("used");
    private static final PseudoClass NEWEST = PseudoClass.getPseudoClass("newest");

    private final Label title = new Label();
    private final Label disabled = new Label();
    private final VBox rings = new VBox();
    private final HBox slotNumbers = row("slot-numbers");
    private final HBox descRow = row("cells");
    private final HBox availRow = row("cells");
    private final HBox availMarks = row("marks");
    private final HBox usedRow = row("cells");
    private final HBox usedMarks = row("marks");
    private final Label availIdx = pointer("avail");
    private final Label lastAvailIdx = pointer("last-avail");
    private final Label usedIdx = pointer("used");
    private final Label pendingNote = new Label();
    private int size = -1;
    private Cell[] desc, avail, used;
    private Mark[] availMark, usedMark;
    private VirtioConsole.QueueRings last;

    VirtqueueView() {
        getStyleClass().add("virtqueue");
        title.getStyleClass().add("vq-title");
        disabled.getStyleClass().add("vq-disabled");
        pendingNote.getStyleClass().add("vq-note");
        pendingNote.setWrapText(true);

        rings.getStyleClass().add("vq-rings");
        rings.getChildren().addAll(
                caption(T.get("desc.name"), T.get("desc.sub")), slotNumbers, descRow,
                caption(T.get("avail.name"), T.get("avail.sub"), availIdx, lastAvailIdx), availRow, availMarks,
                caption(T.get("used.name"), T.get("used.sub"), usedIdx), usedRow, usedMarks,
                legend(), pendingNote);
        getChildren().addAll(title, disabled, rings);
    }

    void update(VirtioConsole.QueueRings q) {
        if (q.equals(last)) return;
        last = q;
        VirtioConsole.QueueState s = q.state();
        setId("vq-" + s.index());
        availIdx.setId("vq-" + s.index() + "-avail-idx");
        lastAvailIdx.setId("vq-" + s.index() + "-last-avail-idx");
        usedIdx.setId("vq-" + s.index() + "-used-idx");
        title.setText(T.format("title", s.index(), s.name()) + (s.ready()
                ? T.format("title.ready", s.size(), s.descAddr(), s.availAddr(), s.usedAddr()) : ""));
        boolean readable = s.ready() && s.availIdx() >= 0 && q.descriptors().size() == s.size();
        show(disabled, !readable);
        show(rings, readable);
        if (!s.ready()) {
            disabled.setText(T.get(s.index() == VirtioConsole.RECEIVEQ ? "disabled.receiveq" : "disabled"));
            return;
        }
        if (!readable) {
            disabled.setText(T.format("outside", s.descAddr()));
            return;
        }
        if (s.size() != size) buildCells(s.size());
        draw(q);
    }

    private void draw(VirtioConsole.QueueRings q) {
        VirtioConsole.QueueState s = q.state();
        int n = s.size();
        int ai = s.availIdx(), la = s.lastAvailIdx(), ui = s.usedIdx();
        int pending = (ai - la) & 0xFFFF;
        if (pending > n) pending = 0; // a broken ring: the device refuses it, so draw nothing as pending
        boolean[] descPending = new boolean[n];

        // Available ring: slots the driver has written, those the device has not taken yet.
        int availWritten = ai >= n ? n : ai;
        for (int slot = 0; slot < n; slot++) {
            Cell c = avail[slot];
            boolean written = slot < availWritten || ai >= n;
            boolean isPending = written && inWindow(slot, la, pending, n);
            int head = q.availRing().get(slot);
            c.set(written ? Integer.toString(head) : "", written ? (isPending ? PENDING : TAKEN) : FREE,
                    written && slot == ((ai - 1) & 0xFFFF) % n,
                    written ? T.format(isPending ? "avail.pending" : "avail.taken", slot, head) : T.get("empty"));
            if (isPending && head < n) markChain(q.descriptors(), head, descPending);
        }

        // Descriptor table.
        for (int i = 0; i < n; i++) {
            VirtQueue.Descriptor d = q.descriptors().get(i);
            boolean filled = d.addr() != 0 || d.len() != 0;
            desc[i].set(Integer.toString(i), descPending[i] ? PENDING : filled ? TAKEN : FREE, false,
                    filled ? T.format("desc", i, d.addr(), d.len(), d.flags()) + T.get(d.writable() ? "desc.writes" : "desc.reads")
                            + ((d.flags() & VirtQueue.DESC_F_NEXT) != 0 ? T.format("desc.next", d.next()) : "")
                            : T.format("desc.empty", i));
        }

        // Used ring.
        int usedWritten = ui >= n ? n : ui;
        for (int slot = 0; slot < n; slot++) {
            boolean written = slot < usedWritten || ui >= n;
            int id = q.usedIds().get(slot);
            used[slot].set(written ? Integer.toString(id) : "", written ? USED : FREE,
                    written && slot == ((ui - 1) & 0xFFFF) % n,
                    written ? T.format("used", slot, id) : T.get("empty"));
        }

        for (int slot = 0; slot < n; slot++) {
            availMark[slot].set(slot == ai % n, slot == la % n);
            usedMark[slot].set(slot == ui % n, false);
        }
        availIdx.setText("avail.idx = " + ai);
        lastAvailIdx.setText("last_avail_idx = " + la);
        usedIdx.setText("used.idx = " + ui);
        pendingNote.setText(pending == 0
                ? T.get(ai == 0 ? "note.none" : ai == ui ? "note.allReturned" : "note.allTaken")
                : T.format(pending == 1 ? "note.pending.1" : "note.pending", pending));
    }

    private static boolean inWindow(int slot, int from, int count, int n) {
        for (int k = 0; k < count; k++) if ((from + k) % n == slot) return true;
        return false;
    }

    private static void markChain(List<VirtQueue.Descriptor> descs, int head, boolean[] mark) {
        int i = head;
        for (int guard = 0; guard < mark.length && i >= 0 && i < mark.length && !mark[i]; guard++) {
            mark[i] = true;
            VirtQueue.Descriptor d = descs.get(i);
            if ((d.flags() & VirtQueue.DESC_F_NEXT) == 0) break;
            i = d.next();
        }
    }

    private void buildCells(int n) {
        size = n;
        desc = new Cell[n];
        avail = new Cell[n];
        used = new Cell[n];
        availMark = new Mark[n];
        usedMark = new Mark[n];
        slotNumbers.getChildren().clear();
        descRow.getChildren().clear();
        availRow.getChildren().clear();
        usedRow.getChildren().clear();
        availMarks.getChildren().clear();
        usedMarks.getChildren().clear();
        for (int i = 0; i < n; i++) {
            Label num = new Label(Integer.toString(i));
            StackPane numBox = new StackPane(num);
            numBox.getStyleClass().add("slot-number");
            slotNumbers.getChildren().add(numBox);
            desc[i] = new Cell("desc");
            avail[i] = new Cell("avail");
            used[i] = new Cell("used");
            descRow.getChildren().add(desc[i]);
            availRow.getChildren().add(avail[i]);
            usedRow.getChildren().add(used[i]);
            availMark[i] = new Mark("avail", "last-avail");
            usedMark[i] = new Mark("used", null);
            availMarks.getChildren().add(availMark[i]);
            usedMarks.getChildren().add(usedMark[i]);
        }
    }

    private static void show(Region r, boolean on) {
        r.setVisible(on);
        r.setManaged(on);
    }

    private static HBox row(String style) {
        HBox h = new HBox();
        h.getStyleClass().add(style);
        return h;
    }

    private static Label pointer(String kind) {
        Label l = new Label();
        l.getStyleClass().addAll("pointer", kind);
        Label glyph = new Label("▲");
        glyph.getStyleClass().addAll("mark-glyph", kind);
        l.setGraphic(glyph);
        return l;
    }

    private static FlowPane caption(String name, String sub, Label... pointers) {
        Label n = new Label(name);
        n.getStyleClass().add("ring-name");
        Label s = new Label(sub);
        s.getStyleClass().add("ring-sub");
        FlowPane f = new FlowPane(n, s);
        f.getChildren().addAll(pointers);
        f.getStyleClass().add("ring-caption");
        f.setAlignment(Pos.BOTTOM_LEFT);
        return f;
    }

    private static FlowPane legend() {
        FlowPane f = new FlowPane(chip("pending", T.get("legend.pending")), chip("taken", T.get("legend.taken")),
                chip("used", T.get("legend.used")), chip("free", T.get("legend.free")));
        f.getStyleClass().add("vq-legend");
        return f;
    }

    private static HBox chip(String kind, String text) {
        Region r = new Region();
        r.getStyleClass().addAll("chip", kind);
        HBox h = new HBox(r, new Label(text));
        h.getStyleClass().add("legend-item");
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    /** One slot: a small box with a number in it. */
    private static final class Cell extends StackPane {
        private final Label text = new Label();
        private final Tooltip tip = new Tooltip();
        private PseudoClass state;

        Cell(String kind) {
            getStyleClass().addAll("vq-cell", kind);
            text.getStyleClass().add("vq-cell-text");
            getChildren().add(text);
            Tooltip.install(this, tip);
        }

        void set(String value, PseudoClass s, boolean newest, String tooltip) {
            text.setText(value);
            if (state != s) {
                if (state != null) pseudoClassStateChanged(state, false);
                pseudoClassStateChanged(s, true);
                state = s;
            }
            pseudoClassStateChanged(NEWEST, newest);
            tip.setText(tooltip);
        }
    }

    /** Markers under a ring slot. */
    private static final class Mark extends HBox {
        private final Label first = new Label("▲");
        private final Label second = new Label("▲");

        Mark(String firstKind, String secondKind) {
            getStyleClass().add("vq-mark");
            setAlignment(Pos.TOP_CENTER);
            first.getStyleClass().addAll("mark-glyph", firstKind);
            second.getStyleClass().addAll("mark-glyph", secondKind == null ? "none" : secondKind);
            getChildren().addAll(first, second);
            set(false, false);
        }

        void set(boolean a, boolean b) {
            show(first, a);
            show(second, b);
        }

        private static void show(Label l, boolean on) {
            l.setVisible(on);
            l.setManaged(on);
        }
    }
}
