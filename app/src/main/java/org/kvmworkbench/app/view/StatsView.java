package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import atlantafx.base.theme.Styles;
import org.kvmworkbench.app.i18n.Texts;
import javafx.geometry.Pos;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.CostModel;
import org.kvmworkbench.core.session.ExitStats;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Exit statistics, the way {@code kvm_stat} counts them: totals (how many exits came back to userspace, each one a
 * return of {@code ioctl(KVM_RUN)}, and how many KVM finished in the kernel), a horizontal bar per VMX exit reason
 * split by where it was finished, and a histogram of the round-trip time per exit in log-scaled buckets.
 *
 * <p>The histogram never invents a number: on KVM it uses {@link ExitRecord#measuredNanos()}, on the simulator the
 * path's {@linkplain org.kvmworkbench.core.kvm.ExitPath#modeledNanos() modeled cost} (labelled as modeled, with
 * {@link CostModel#SOURCE}); an exit with neither is left out and counted as such.
 */
public final class StatsView extends StackPane {
    private static final Texts T = Texts.of(StatsView.class);
    /** Bucket upper edges in nanoseconds; the last bucket is open. */
    static final long[] BUCKET_EDGES_NS = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000};
    static final List<String> BUCKETS = List.of("< 1 µs", "1–2 µs", "2–4 µs", "4–8 µs", "8–16 µs", "16–32 µs", "≥ 32 µs"); // numbers and units
    /** How many reasons the "left out" line names before "…". */
    private static final int MAX_NAMED = 4;

    private final Label totalValue = new Label("0");
    private final Label userValue = new Label("0");
    private final Label userSub = new Label();
    private final Label kernelValue = new Label("0");
    private final Label summary = new Label();

    private final CountBarChart<Number, String> reasons = CountBarChart.horizontal();
    private final XYChart.Series<Number, String> reasonKernel = new XYChart.Series<>();
    private final XYChart.Series<Number, String> reasonUser = new XYChart.Series<>();
    private final Map<VmxExitReason, XYChart.Data<Number, String>> kernelBars = new EnumMap<>(VmxExitReason.class);
    private final Map<VmxExitReason, XYChart.Data<Number, String>> userBars = new EnumMap<>(VmxExitReason.class);
    private final Label reasonsEmpty = new Label(T.get("reasons.empty"));
    private final Label reasonsNote = new Label();

    private final CountBarChart<String, Number> latency = CountBarChart.vertical();
    private final List<XYChart.Data<String, Number>> kernelBuckets = new ArrayList<>();
    private final List<XYChart.Data<String, Number>> userBuckets = new ArrayList<>();
    private final Label latencyTitle = new Label(T.get("latency.title"));
    private final Label latencySource = new Label();
    private final Label latencyExcluded = new Label();
    private final Label latencyEmpty = new Label(T.get("latency.empty"));

    private final long[] bucketKernel = new long[BUCKETS.size()];
    private final long[] bucketUser = new long[BUCKETS.size()];
    private final long[] unknownByReason = new long[128];
    private long unknown, unknownNoExit;

    public StatsView() {
        getStyleClass().add("stats-view");
        getStylesheets().add(Objects.requireNonNull(StatsView.class.getResource("StatsView.css")).toExternalForm());

        HBox tiles = new HBox(
                tile(T.get("tile.total"), totalValue, new Label(T.get("tile.total.sub")), "total"),
                tile(T.get("tile.userspace"), userValue, userSub, "userspace"),
                tile(T.get("tile.kernel"), kernelValue, new Label(T.get("tile.kernel.sub")), "kernel"));
        tiles.getStyleClass().add("tiles");
        summary.setId("stats-summary");
        summary.getStyleClass().add("summary");
        summary.setWrapText(true);

        reasonKernel.setName(T.get("legend.kernel"));
        reasonUser.setName(T.get("series.userspace"));
        reasons.getData().add(reasonKernel);
        reasons.getData().add(reasonUser);
        reasons.setId("stats-reasons-chart");
        reasons.valueAxis().setLabel(T.get("axis.exits"));
        Label reasonsTitle = new Label(T.get("reasons.title"));
        reasonsTitle.getStyleClass().add(Styles.TITLE_4);
        reasonsNote.getStyleClass().addAll(Styles.TEXT_MUTED, "note");
        reasonsNote.setWrapText(true);
        VBox reasonsBox = new VBox(reasonsTitle, overlay(reasons, reasonsEmpty), reasonsNote);
        reasonsBox.getStyleClass().add("chart-box");

        XYChart.Series<String, Number> latKernel = new XYChart.Series<>();
        XYChart.Series<String, Number> latUser = new XYChart.Series<>();
        latKernel.setName(T.get("legend.kernel"));
        latUser.setName(T.get("series.userspace"));
        for (String b : BUCKETS) {
            XYChart.Data<String, Number> k = new XYChart.Data<>(b, 0L);
            XYChart.Data<String, Number> u = new XYChart.Data<>(b, 0L);
            kernelBuckets.add(k);
            userBuckets.add(u);
            latKernel.getData().add(k);
            latUser.getData().add(u);
        }
        latency.setCategories(BUCKETS);
        latency.getData().add(latKernel);
        latency.getData().add(latUser);
        latency.setId("stats-latency-chart");
        latency.valueAxis().setLabel(T.get("axis.exits"));
        latencyTitle.getStyleClass().add(Styles.TITLE_4);
        latencySource.setId("stats-latency-source");
        latencySource.getStyleClass().addAll(Styles.TEXT_MUTED, "note");
        latencySource.setWrapText(true);
        latencyExcluded.setId("stats-latency-excluded");
        latencyExcluded.getStyleClass().addAll(Styles.TEXT_MUTED, "note");
        latencyExcluded.setWrapText(true);
        VBox latencyBox = new VBox(latencyTitle, latencySource, overlay(latency, latencyEmpty), latencyExcluded);
        latencyBox.getStyleClass().add("chart-box");

        ChartsPane charts = new ChartsPane(reasonsBox, latencyBox, () -> summary.getFont().getSize());
        VBox.setVgrow(charts, Priority.ALWAYS);
        for (Label l : new Label[] {summary, reasonsNote, latencySource, latencyExcluded}) l.setMinHeight(USE_PREF_SIZE);

        VBox content = new VBox(tiles, summary, legend(), charts);
        content.getStyleClass().add("stats-content");
        // Never squash the charts: below their minimum height (presenter mode, a short pane) the view scrolls.
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        getChildren().add(scroll);
        update(new ExitStats(), List.of(), false);
    }

    /**
     * @param stats    counts since the start (the VMM loop's {@link ExitStats}, a snapshot)
     * @param recent   the exits in the log, oldest first: the histogram is drawn from these
     * @param measured true on the KVM backend (use measured times), false on the simulator (modeled costs)
     */
    public void update(ExitStats stats, List<ExitRecord> recent, boolean measured) {
        updateTotals(stats);
        updateReasons(stats);
        updateLatency(recent, measured);
    }

    // --- totals -------------------------------------------------------------------------------------------

    private void updateTotals(ExitStats s) {
        setBig(totalValue, s.total());
        setBig(userValue, s.userspace());
        setBig(kernelValue, s.kernel());
        userSub.setText(T.format(s.userspace() == 1 ? "tile.userspace.sub.1" : "tile.userspace.sub", s.userspace()));
        summary.setText(summaryText(s));
    }

    private static final javafx.css.PseudoClass LONG = javafx.css.PseudoClass.getPseudoClass("long");
    private static final javafx.css.PseudoClass LONGER = javafx.css.PseudoClass.getPseudoClass("longer");

    /** A tile's number, in a smaller size once it has many digits (a long run counts millions of exits). */
    private static void setBig(Label l, long n) {
        String t = String.format("%,d", n);
        if (t.equals(l.getText())) return;
        l.setText(t);
        l.pseudoClassStateChanged(LONG, t.length() > 6 && t.length() <= 9);
        l.pseudoClassStateChanged(LONGER, t.length() > 9);
    }

    /** "N exits: U returned to userspace (U syscalls: one KVM_RUN each), K finished in the kernel" */
    static String summaryText(ExitStats s) {
        return T.format("summary", T.format(s.total() == 1 ? "exits.1" : "exits", s.total()), s.userspace(),
                T.format(s.userspace() == 1 ? "syscalls.1" : "syscalls", s.userspace()), s.kernel());
    }

    // --- bars per reason ----------------------------------------------------------------------------------

    private void updateReasons(ExitStats s) {
        Map<VmxExitReason, Long> byReason = s.byReason();
        if (!byReason.keySet().equals(kernelBars.keySet())) rebuildReasonBars(byReason.keySet(), s);
        long max = 0, counted = 0;
        for (Map.Entry<VmxExitReason, Long> e : byReason.entrySet()) {
            VmxExitReason r = e.getKey();
            set(kernelBars.get(r), s.kernel(r));
            set(userBars.get(r), s.userspace(r));
            max = Math.max(max, e.getValue());
            counted += e.getValue();
        }
        reasons.setScale(max);
        reasonsEmpty.setVisible(byReason.isEmpty());
        long other = s.total() - counted;
        reasonsNote.setText(other > 0 ? T.format(other == 1 ? "reasons.notShown.1" : "reasons.notShown", other) : "");
        reasonsNote.setManaged(other > 0);
        reasonsNote.setVisible(other > 0);
    }

    private void rebuildReasonBars(java.util.Set<VmxExitReason> present, ExitStats s) {
        kernelBars.clear();
        userBars.clear();
        List<String> names = new ArrayList<>();
        List<XYChart.Data<Number, String>> k = new ArrayList<>();
        List<XYChart.Data<Number, String>> u = new ArrayList<>();
        for (VmxExitReason r : present) { // EnumMap/TreeMap order: by reason number
            String host = s.hostReason(r); // an AMD host's own code first, the VMX equivalent after it
            String name = host.isEmpty() ? r.number() + " " + ExitText.reasonName(r) : host + " · VMX " + r.number() + " " + ExitText.reasonName(r);
            names.add(name);
            XYChart.Data<Number, String> kd = new XYChart.Data<>(0L, name);
            XYChart.Data<Number, String> ud = new XYChart.Data<>(0L, name);
            kernelBars.put(r, kd);
            userBars.put(r, ud);
            k.add(kd);
            u.add(ud);
        }
        reasonKernel.getData().clear();
        reasonUser.getData().clear();
        reasons.setCategories(names);
        reasonKernel.getData().setAll(k);
        reasonUser.getData().setAll(u);
    }

    private static <T> void set(XYChart.Data<Number, T> d, long v) {
        if (d.getXValue() == null || d.getXValue().longValue() != v) d.setXValue(v);
    }

    // --- latency histogram --------------------------------------------------------------------------------

    /** Bucket of a round trip: 0 for under 1 µs, then one per doubling, the last open-ended. */
    static int bucketOf(long nanos) {
        int i = 0;
        while (i < BUCKET_EDGES_NS.length && nanos >= BUCKET_EDGES_NS[i]) i++;
        return i;
    }

    /** The round trip the histogram uses for {@code r}, or -1 if none is known. */
    static long latencyOf(ExitRecord r, boolean measured) {
        if (measured) return r.measuredNanos() >= 0 ? r.measuredNanos() : -1;
        return r.path() == null ? -1 : Math.max(-1, r.path().modeledNanos());
    }

    private void updateLatency(List<ExitRecord> recent, boolean measured) {
        java.util.Arrays.fill(bucketKernel, 0);
        java.util.Arrays.fill(bucketUser, 0);
        java.util.Arrays.fill(unknownByReason, 0);
        unknown = unknownNoExit = 0;
        for (ExitRecord r : recent) {
            long ns = latencyOf(r, measured);
            if (ns < 0) {
                unknown++;
                if (r.reason() == null) unknownNoExit++;
                else unknownByReason[r.reason().number()]++;
                continue;
            }
            int b = bucketOf(ns);
            if (r.reachedUserspace()) bucketUser[b]++;
            else bucketKernel[b]++;
        }
        long max = 0, known = 0;
        for (int i = 0; i < BUCKETS.size(); i++) {
            setY(kernelBuckets.get(i), bucketKernel[i]);
            setY(userBuckets.get(i), bucketUser[i]);
            max = Math.max(max, bucketKernel[i] + bucketUser[i]);
            known += bucketKernel[i] + bucketUser[i];
        }
        latency.setScale(max);
        latencyEmpty.setVisible(known == 0);
        latencyTitle.setText(T.get(measured ? "latency.title.measured" : "latency.title.modeled"));
        latencySource.setText(T.get(measured ? "latency.source.measured" : "latency.source.modeled"));
        latencyExcluded.setText(excludedText(recent.size(), known, measured));
    }

    private String excludedText(int window, long known, boolean measured) {
        if (unknown == 0) return window == 0 ? "" : T.format(window == 1 ? "excluded.none.1" : "excluded.none", window);
        StringBuilder b = new StringBuilder(T.format(window == 1 ? "excluded.window.1" : "excluded.window", window))
                .append(T.format((measured ? "excluded.measured" : "excluded.modeled") + (unknown == 1 ? ".1" : ""), unknown));
        List<String> named = new ArrayList<>();
        for (VmxExitReason r : VmxExitReason.values()) {
            if (unknownByReason[r.number()] > 0) named.add(r.number() + " " + ExitText.reasonName(r) + " ×" + unknownByReason[r.number()]);
        }
        if (unknownNoExit > 0) named.add(T.get("noExit") + " ×" + unknownNoExit);
        if (!named.isEmpty()) {
            b.append(" (");
            b.append(String.join(", ", named.subList(0, Math.min(MAX_NAMED, named.size()))));
            if (named.size() > MAX_NAMED) b.append(", …");
            b.append(')');
        }
        return b.append('.').toString();
    }

    private static void setY(XYChart.Data<String, Number> d, long v) {
        if (d.getYValue() == null || d.getYValue().longValue() != v) d.setYValue(v);
    }

    // --- accessors for tests --------------------------------------------------------------------------------

    /** Exits per bucket (kernel + userspace), as drawn. */
    long[] bucketTotals() {
        long[] t = new long[BUCKETS.size()];
        for (int i = 0; i < t.length; i++) t[i] = kernelBuckets.get(i).getYValue().longValue() + userBuckets.get(i).getYValue().longValue();
        return t;
    }

    /** Exits left out of the histogram for want of a known round trip. */
    long excludedCount() {
        return unknown;
    }

    String excludedLine() {
        return latencyExcluded.getText();
    }

    String latencySourceLine() {
        return latencySource.getText();
    }

    String summaryLine() {
        return summary.getText();
    }

    /** The drawn bar of {@code reason}: {kernel, userspace}; null if there is none. */
    long[] bar(VmxExitReason reason) {
        XYChart.Data<Number, String> k = kernelBars.get(reason), u = userBars.get(reason);
        return k == null ? null : new long[] {k.getXValue().longValue(), u.getXValue().longValue()};
    }

    /** Reasons drawn, top to bottom. */
    List<VmxExitReason> barReasons() {
        return List.copyOf(kernelBars.keySet());
    }

    // --- building blocks ----------------------------------------------------------------------------------

    private static VBox tile(String title, Label value, Label sub, String kind) {
        Label t = new Label(title);
        t.getStyleClass().add("tile-title");
        t.setWrapText(true);
        t.setMinHeight(USE_PREF_SIZE);
        sub.setMinHeight(USE_PREF_SIZE);
        value.getStyleClass().addAll(Styles.TITLE_1, "tile-value");
        sub.getStyleClass().addAll(Styles.TEXT_MUTED, "tile-sub");
        sub.setWrapText(true);
        VBox box = new VBox(t, value, sub);
        box.getStyleClass().addAll("tile", kind);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(1);
        HBox.setHgrow(box, Priority.ALWAYS);
        value.setId("stats-" + kind);
        return box;
    }

    private static FlowPane legend() {
        FlowPane f = new FlowPane(swatch("kernel", T.get("legend.kernel")),
                swatch("userspace", T.get("legend.userspace")));
        f.getStyleClass().add("legend");
        f.setAlignment(Pos.CENTER_LEFT);
        f.setMinHeight(USE_PREF_SIZE);
        return f;
    }

    /** The two charts side by side, or one above the other when the view is narrower than {@value #SIDE_BY_SIDE_EM} em. */
    private static final class ChartsPane extends Region {
        static final double SIDE_BY_SIDE_EM = 62;
        private final Region first, second;
        private final java.util.function.DoubleSupplier em;

        ChartsPane(Region first, Region second, java.util.function.DoubleSupplier em) {
            this.first = first;
            this.second = second;
            this.em = em;
            getStyleClass().add("charts");
            getChildren().addAll(first, second);
        }

        @Override protected void layoutChildren() {
            double x = snappedLeftInset(), y = snappedTopInset();
            double w = getWidth() - x - snappedRightInset(), h = getHeight() - y - snappedBottomInset();
            double gap = 0.9 * em.getAsDouble();
            if (sideBySide(w)) {
                double cw = Math.floor((w - gap) / 2);
                first.resizeRelocate(x, y, cw, h);
                second.resizeRelocate(x + cw + gap, y, w - cw - gap, h);
            } else {
                double ch = Math.floor((h - gap) / 2);
                first.resizeRelocate(x, y, w, ch);
                second.resizeRelocate(x, y + ch + gap, w, h - ch - gap);
            }
        }

        private boolean sideBySide(double width) {
            return width >= SIDE_BY_SIDE_EM * em.getAsDouble();
        }

        /** Each chart needs about 17 em to stay legible. */
        @Override protected double computeMinHeight(double width) {
            double w = width > 0 ? width : getWidth();
            return (sideBySide(w) ? 17 : 35) * em.getAsDouble();
        }

        @Override protected double computePrefHeight(double width) {
            return 30 * em.getAsDouble();
        }

        @Override protected double computePrefWidth(double height) {
            return 40 * em.getAsDouble();
        }

        @Override protected double computeMinWidth(double height) {
            return 10 * em.getAsDouble();
        }
    }

    private static HBox swatch(String kind, String text) {
        Region r = new Region();
        r.getStyleClass().addAll("swatch", kind);
        Label l = new Label(text);
        HBox h = new HBox(r, l);
        h.getStyleClass().add("legend-item");
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private static StackPane overlay(Region chart, Label empty) {
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "empty");
        empty.setMouseTransparent(true);
        StackPane p = new StackPane(chart, empty);
        VBox.setVgrow(p, Priority.ALWAYS);
        return p;
    }
}
