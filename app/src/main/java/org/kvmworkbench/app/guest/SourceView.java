package org.kvmworkbench.app.guest;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;

import org.kvmworkbench.core.asm.Assembly;
import org.kvmworkbench.core.asm.ListingLine;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.exit.GuestRegisters;

/**
 * The running guest's listing: address, bytes, source line. The line at CS:IP is marked while the vCPU rests, and
 * every line whose instruction caused an exit in the ring carries its count; picking an exit elsewhere selects it.
 */
public final class SourceView extends BorderPane {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final PseudoClass EXIT = PseudoClass.getPseudoClass("exit");

    /** Lines shown above a line scrolled to, so the way into it is seen. */
    private static final int CONTEXT_ABOVE = 8;

    private final Label caption = new Label();
    private final ListView<ListingLine> lines = new ListView<>();
    private final Map<Integer, Integer> exitsPerLine = new HashMap<>();
    private Assembly assembly;
    /** Source line of each image byte (0: none), so counting thousands of exits per frame stays cheap. */
    private int[] lineOfByte = new int[0];
    private long loadAddress;
    private int currentLine = -1;

    public SourceView() {
        getStyleClass().add("source-view");
        caption.getStyleClass().add("source-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        lines.getStyleClass().add("source-lines");
        lines.setCellFactory(v -> new LineCell());
        // a view that joins the scene later (its tab is opened) scrolls to CS:IP then: before, it had no layout
        lines.sceneProperty().addListener((o, a, b) -> {
            if (b != null) javafx.application.Platform.runLater(this::scrollToCurrent);
        });
        setTop(caption);
        setCenter(lines);
        showNothing(GuestPane.TEXTS.get("source.none"));
    }

    /** The listing of the image that runs, loaded at {@code loadAddress}. */
    public void show(Assembly a, long loadAddress, String what) {
        this.assembly = a;
        this.loadAddress = loadAddress;
        lineOfByte = new int[a.image().length];
        for (ListingLine l : a.listing()) {
            for (int i = 0; i < l.bytes().length && l.offset() + i < lineOfByte.length; i++) {
                lineOfByte[l.offset() + i] = l.line();
            }
        }
        exitsPerLine.clear();
        currentLine = -1;
        caption.setText(what);
        lines.getItems().setAll(a.listing());
    }

    public void showNothing(String why) {
        assembly = null;
        lineOfByte = new int[0];
        exitsPerLine.clear();
        currentLine = -1;
        caption.setText(why);
        lines.getItems().clear();
    }

    /** Marks CS:IP (registers read while the vCPU rests; null while it runs: no mark). */
    public void setCurrent(GuestRegisters regs) {
        int line = regs == null ? -1 : lineAt(regs.cs(), regs.rip());
        if (line == currentLine) return;
        currentLine = line;
        lines.refresh();
        scrollToCurrent();
    }

    private void scrollToCurrent() {
        if (currentLine > 0) lines.scrollTo(Math.max(0, currentLine - CONTEXT_ABOVE));
    }

    /** Counts the exits in {@code recent} per source line. */
    public void setExits(List<ExitRecord> recent) {
        exitsPerLine.clear();
        for (ExitRecord r : recent) {
            int line = lineOf(r);
            if (line > 0) exitsPerLine.merge(line, 1, Integer::sum);
        }
        lines.refresh();
    }

    /** Selects the line of the instruction that caused {@code r}. */
    public void reveal(ExitRecord r) {
        int line = lineOf(r);
        if (line <= 0) return;
        lines.getSelectionModel().select(line - 1);
        lines.scrollTo(Math.max(0, line - CONTEXT_ABOVE));
    }

    /**
     * The source line of the exiting instruction, or -1 (no listing, or outside the image). The record's RIP is the
     * instruction's on the simulator; on KVM it can be past it (KVM's emulator completed an OUT, kvm_emulate_halt
     * skipped the HLT), so when the line at RIP is not the recorded instruction, the one just before is tried.
     */
    public int lineOf(ExitRecord r) {
        if (r == null || r.regs() == null) return -1;
        int at = lineAt(r.regs().cs(), r.regs().rip());
        if (r.instructionLength() <= 0 || r.instruction() == null || sameMnemonic(at, r.instruction())) return at;
        int before = lineAt(r.regs().cs(), r.regs().rip() - r.instructionLength());
        return sameMnemonic(before, r.instruction()) ? before : at;
    }

    private boolean sameMnemonic(int line, String instruction) {
        if (line <= 0) return false;
        String src = assembly.listing().get(line - 1).source().replaceFirst("^\\s*[^\\s;:]+:", "").trim();
        return firstWord(src).equalsIgnoreCase(firstWord(instruction.trim()));
    }

    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) end++;
        return s.substring(0, end);
    }

    public int currentLine() {
        return currentLine;
    }

    public int exitsAt(int line) {
        return exitsPerLine.getOrDefault(line, 0);
    }

    public int selectedLine() {
        ListingLine l = lines.getSelectionModel().getSelectedItem();
        return l == null ? -1 : l.line();
    }

    public String caption() {
        return caption.getText();
    }

    private int lineAt(int cs, long ip) {
        if (assembly == null) return -1;
        long linear = ((long) (cs & 0xFFFF) << 4) + (ip & 0xFFFF_FFFFL); // real mode: segment × 16 + offset
        long offset = linear - loadAddress;
        if (offset < 0 || offset >= lineOfByte.length || lineOfByte[(int) offset] == 0) return -1;
        return lineOfByte[(int) offset];
    }

    private final class LineCell extends ListCell<ListingLine> {
        @Override
        protected void updateItem(ListingLine l, boolean empty) {
            super.updateItem(l, empty);
            boolean current = !empty && l != null && l.line() == currentLine;
            int exits = empty || l == null ? 0 : exitsPerLine.getOrDefault(l.line(), 0);
            pseudoClassStateChanged(CURRENT, current);
            pseudoClassStateChanged(EXIT, exits > 0);
            if (empty || l == null) {
                setText(null);
                return;
            }
            String mark = current ? "▶" : " ";
            String count = exits > 0 ? String.format("%5s", exits > 9999 ? "9999+" : "×" + exits) : "     ";
            String addr = l.emitsCode() ? String.format("%04X", (loadAddress + l.offset()) & 0xFFFF) : "    ";
            String hex = HexFormat.of().withUpperCase().formatHex(l.bytes(), 0, Math.min(6, l.bytes().length))
                    + (l.bytes().length > 6 ? "…" : "");
            setText(String.format("%s%s %4d  %s  %-13s %s", mark, count, l.line(), addr, hex, l.source()));
        }
    }
}
