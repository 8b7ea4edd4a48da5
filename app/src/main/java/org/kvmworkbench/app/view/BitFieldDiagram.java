package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.app.i18n.Texts;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;

import org.kvmworkbench.app.view.QualificationLayout.BitField;
import org.kvmworkbench.app.view.QualificationLayout.Kind;

/**
 * A row of boxes, one per bit field, most significant on the left. Each box shows its bit range, field name,
 * decoded value and raw bits. Widths are proportional to the bit spans; a box too narrow for its text gets
 * the width it needs and the others share the rest, still in proportion. Bits left out of the drawing
 * ({@link Kind#ELIDED}) count as a few bits wide. When even the narrowest boxes do not fit (a narrow pane in
 * presenter mode), the whole row is scaled down to the width available rather than cut off.
 */
public final class BitFieldDiagram extends Region {
    private static final Texts T = Texts.of(BitFieldDiagram.class);
    private static final PseudoClass SET = PseudoClass.getPseudoClass("set");
    /** Width, in bits, an elided run of bits is drawn as. */
    private static final double ELIDED_WEIGHT = 3;
    /** Smallest box width, in em. */
    private static final double MIN_BOX_EM = 4.2;

    private final List<Box> boxes = new ArrayList<>();
    /** Holds the boxes; positioned by this diagram's layout, and scaled when the row does not fit. */
    private final Pane row = new Pane() {
        @Override protected void layoutChildren() {
            // the diagram places the boxes
        }
    };
    private List<BitField> shown = List.of();

    public BitFieldDiagram() {
        getStyleClass().add("bit-field-diagram");
        getStylesheets().add(BitFieldDiagram.class.getResource("BitFieldDiagram.css").toExternalForm());
        getChildren().add(row);
    }

    /** Show these fields; boxes are reused when the ranges are the same as before (repeated updates are cheap). */
    public void setFields(List<BitField> fields) {
        if (!sameShape(fields)) {
            boxes.clear();
            for (BitField f : fields) boxes.add(new Box(f.kind()));
            row.getChildren().setAll(boxes.stream().map(b -> (Node) b).toList());
        }
        for (int i = 0; i < fields.size(); i++) boxes.get(i).show(fields.get(i));
        shown = List.copyOf(fields);
        requestLayout();
    }

    public List<BitField> fields() {
        return shown;
    }

    private boolean sameShape(List<BitField> fields) {
        if (fields.size() != shown.size()) return false;
        for (int i = 0; i < fields.size(); i++) {
            BitField a = fields.get(i), b = shown.get(i);
            if (a.hi() != b.hi() || a.lo() != b.lo() || a.kind() != b.kind()) return false;
        }
        return true;
    }

    private double em() {
        return boxes.isEmpty() ? 14 : boxes.get(0).range.getFont().getSize();
    }

    private double gap() {
        return Math.round(em() * 0.3);
    }

    private static double weight(BitField f) {
        return f.kind() == Kind.ELIDED ? ELIDED_WEIGHT : f.bits();
    }

    /** Box widths for a total width: proportional to weight, but never below a box's own minimum. */
    private double[] widths(double total) {
        int n = boxes.size();
        double[] w = new double[n];
        double[] min = new double[n];
        boolean[] fixed = new boolean[n];
        for (int i = 0; i < n; i++) min[i] = boxes.get(i).minimum(em() * MIN_BOX_EM);
        double avail = total - gap() * Math.max(0, n - 1);
        boolean changed = true;
        while (changed) {
            changed = false;
            double fixedSum = 0, weightSum = 0;
            for (int i = 0; i < n; i++) {
                if (fixed[i]) fixedSum += min[i];
                else weightSum += weight(shown.get(i));
            }
            double rest = Math.max(0, avail - fixedSum);
            for (int i = 0; i < n; i++) {
                if (fixed[i]) continue;
                double share = weightSum == 0 ? 0 : rest * weight(shown.get(i)) / weightSum;
                if (share < min[i]) {
                    fixed[i] = true;
                    changed = true;
                }
                w[i] = share;
            }
        }
        for (int i = 0; i < n; i++) if (fixed[i]) w[i] = min[i];
        return w;
    }

    /** The narrowest the row can be drawn at full size. */
    private double naturalWidth() {
        double sum = 0;
        for (Box b : boxes) sum += b.minimum(em() * MIN_BOX_EM);
        return sum + gap() * Math.max(0, boxes.size() - 1);
    }

    /** Height of the row laid out {@code rowWidth} wide, before any scaling. */
    private double rowHeight(double rowWidth) {
        double[] w = widths(rowWidth);
        double h = 0;
        for (int i = 0; i < boxes.size(); i++) h = Math.max(h, boxes.get(i).prefHeight(w[i]));
        return h;
    }

    /** Height depends on width (boxes scale down in a narrow pane), so parents ask for height at a width. */
    @Override public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override protected double computeMinWidth(double height) {
        return Math.min(naturalWidth(), em() * 12) + snappedLeftInset() + snappedRightInset();
    }

    @Override protected double computePrefWidth(double height) {
        return Math.max(naturalWidth(), em() * 48) + snappedLeftInset() + snappedRightInset();
    }

    @Override protected double computePrefHeight(double width) {
        double inner = (width < 0 ? computePrefWidth(-1) : width) - snappedLeftInset() - snappedRightInset();
        double rowWidth = Math.max(inner, naturalWidth());
        double scale = Math.min(1, inner / rowWidth);
        return Math.ceil(rowHeight(rowWidth) * scale) + snappedTopInset() + snappedBottomInset();
    }

    @Override protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override protected void layoutChildren() {
        double inner = getWidth() - snappedLeftInset() - snappedRightInset();
        double rowWidth = Math.max(inner, naturalWidth());
        double scale = Math.min(1, inner / rowWidth);
        double h = rowHeight(rowWidth);
        double[] w = widths(rowWidth);
        double x = 0, gap = gap();
        for (int i = 0; i < boxes.size(); i++) {
            double bw = snapSizeX(w[i]);
            boxes.get(i).resizeRelocate(snapPositionX(x), 0, bw, h);
            x += bw + gap;
        }
        row.resizeRelocate(snappedLeftInset(), snappedTopInset(), rowWidth, h);
        // scale about the top-left corner (scaling pivots on the centre)
        row.setScaleX(scale);
        row.setScaleY(scale);
        row.setTranslateX(-rowWidth * (1 - scale) / 2);
        row.setTranslateY(-h * (1 - scale) / 2);
    }

    /** How much the row is scaled down to fit (1 = full size). */
    double scale() {
        return row.getScaleX();
    }

    /** One field's box. */
    static final class Box extends VBox {
        final Label range = new Label(), name = new Label(), value = new Label(), raw = new Label();
        private final Tooltip tip = new Tooltip();

        Box(Kind kind) {
            getStyleClass().addAll("bit-box", "bit-" + kind.name().toLowerCase());
            range.getStyleClass().add("bit-range");
            name.getStyleClass().add("bit-name");
            value.getStyleClass().add("bit-value");
            raw.getStyleClass().add("bit-raw");
            name.setWrapText(true);
            name.setTextAlignment(TextAlignment.CENTER);
            for (Label l : List.of(range, value, raw)) l.setMinWidth(Region.USE_PREF_SIZE);
            setAlignment(Pos.TOP_CENTER);
            getChildren().addAll(range, name, value, raw);
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            Tooltip.install(this, tip);
        }

        void show(BitField f) {
            range.setText(f.range());
            name.setText(f.name());
            value.setText(f.value());
            String rawText = f.rawText();
            boolean plain = f.kind() == Kind.RESERVED || f.kind() == Kind.ELIDED || rawText.equals(f.value());
            raw.setText(plain ? " " : rawText);
            pseudoClassStateChanged(SET, f.isSetFlag());
            tip.setText(T.format("tip", f.range(), f.name(), f.value()) + "\n" + f.description());
        }

        /** The narrowest this box may be: its widest unwrappable line, or {@code floor}. */
        double minimum(double floor) {
            double text = Math.max(range.prefWidth(-1), Math.max(value.prefWidth(-1), raw.prefWidth(-1)));
            text = Math.max(text, longestWord());
            return Math.ceil(Math.max(floor, text + snappedLeftInset() + snappedRightInset()));
        }

        private String measuredName;
        private javafx.scene.text.Font measuredFont;
        private double measuredWidth;

        /** Width of the name's longest word (the name may wrap between words, not inside one). */
        private double longestWord() {
            if (!name.getText().equals(measuredName) || name.getFont() != measuredFont) {
                measuredName = name.getText();
                measuredFont = name.getFont();
                javafx.scene.text.Text t = new javafx.scene.text.Text();
                t.setFont(measuredFont);
                double w = 0;
                for (String word : measuredName.split(" ")) {
                    t.setText(word);
                    w = Math.max(w, t.getLayoutBounds().getWidth());
                }
                measuredWidth = w + name.snappedLeftInset() + name.snappedRightInset() + 2;
            }
            return measuredWidth;
        }
    }
}
