package org.kvmworkbench.app.view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javafx.collections.FXCollections;
import javafx.scene.chart.Axis;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.util.StringConverter;

/**
 * A stacked bar chart of counts, horizontal or vertical, that writes each bar's total at its end, keeps its bars
 * no thicker than a few em (so two categories do not turn into two slabs), and uses whole-number ticks.
 * Animation is off: the views feed it once per frame.
 */
final class CountBarChart<X, Y> extends StackedBarChart<X, Y> {
    /** Thickest bar, in em of the axis font. */
    private static final double MAX_BAR_EM = 2.6;

    private final boolean horizontal;
    private final Map<String, Label> totals = new HashMap<>();

    private CountBarChart(Axis<X> x, Axis<Y> y, boolean horizontal) {
        super(x, y);
        this.horizontal = horizontal;
        setAnimated(false);
        setLegendVisible(false);
        getStyleClass().add("count-bar-chart");
        NumberAxis values = (NumberAxis) (horizontal ? x : y);
        values.setAutoRanging(false);
        values.setLowerBound(0);
        values.setMinorTickVisible(false);
        values.setTickLabelFormatter(new StringConverter<>() {
            @Override public String toString(Number n) {
                return String.format("%,d", n.longValue());
            }

            @Override public Number fromString(String s) {
                return Long.parseLong(s.replace(",", ""));
            }
        });
        setScale(0);
        CategoryAxis categories = (CategoryAxis) (horizontal ? y : x);
        categories.setAutoRanging(false);
        categories.setTickMarkVisible(false);
    }

    /** Bars along x, categories down the y axis. */
    static CountBarChart<Number, String> horizontal() {
        return new CountBarChart<>(new NumberAxis(), new CategoryAxis(), true);
    }

    /** Categories along x, bars going up. */
    static CountBarChart<String, Number> vertical() {
        return new CountBarChart<>(new CategoryAxis(), new NumberAxis(), false);
    }

    CategoryAxis categoryAxis() {
        return (CategoryAxis) (horizontal ? getYAxis() : getXAxis());
    }

    NumberAxis valueAxis() {
        return (NumberAxis) (horizontal ? getXAxis() : getYAxis());
    }

    /** Sets the categories, first one at the top (horizontal) or left (vertical). */
    void setCategories(List<String> names) {
        List<String> ordered = new java.util.ArrayList<>(names);
        if (horizontal) java.util.Collections.reverse(ordered); // a vertical category axis runs bottom-up
        categoryAxis().setCategories(FXCollections.observableArrayList(ordered));
        // Without auto-ranging a category axis makes no tick labels for new categories until its range is invalid.
        categoryAxis().invalidateRange(categoryAxis().getCategories());
        totals.keySet().retainAll(names);
        getPlotChildren().removeIf(n -> n instanceof Label l && l.getStyleClass().contains("bar-total")
                && !names.contains((String) l.getUserData()));
        for (String c : names) {
            totals.computeIfAbsent(c, k -> {
                Label l = new Label();
                l.getStyleClass().add("bar-total");
                l.setUserData(k);
                l.setManaged(false);
                getPlotChildren().add(l);
                return l;
            });
        }
    }

    /** Value axis from 0 to a round number above {@code max}, with about five whole-number ticks. */
    void setScale(long max) {
        double[] s = niceScale(max);
        NumberAxis a = valueAxis();
        if (a.getUpperBound() != s[0]) a.setUpperBound(s[0]);
        if (a.getTickUnit() != s[1]) a.setTickUnit(s[1]);
    }

    /** {upper bound, tick unit}: a 1-2-5 step, upper at least 15 % above max, 5 if there is nothing. */
    static double[] niceScale(long max) {
        if (max <= 0) return new double[] {5, 1};
        double target = max * 1.15;
        double raw = target / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
        step = Math.max(1, Math.round(step));
        return new double[] {Math.ceil(target / step) * step, step};
    }

    @Override protected void layoutPlotChildren() {
        CategoryAxis cat = categoryAxis();
        int n = cat.getCategories().size();
        double em = cat.getTickLabelFont().getSize();
        if (n > 0) {
            double span = horizontal ? cat.getHeight() : cat.getWidth();
            double per = span / n;
            double gap = Math.max(per * 0.3, per - MAX_BAR_EM * em * (horizontal ? 1 : 1.6));
            if (Math.abs(gap - getCategoryGap()) > 0.5) setCategoryGap(gap);
        }
        super.layoutPlotChildren();
        NumberAxis val = valueAxis();
        double plotLength = horizontal ? val.getWidth() : val.getHeight();
        for (Map.Entry<String, Label> e : totals.entrySet()) {
            long total = total(e.getKey());
            Label l = e.getValue();
            l.setVisible(total > 0);
            if (total <= 0) continue;
            l.setText(String.format("%,d", total));
            double w = l.prefWidth(-1), h = l.prefHeight(-1);
            double c = cat.getDisplayPosition(e.getKey());
            double end = val.getDisplayPosition(total);
            if (horizontal) {
                boolean outside = end + 0.4 * em + w <= plotLength;
                l.pseudoClassStateChanged(INSIDE, !outside);
                l.resizeRelocate(outside ? end + 0.4 * em : end - 0.4 * em - w, c - h / 2, w, h);
            } else {
                boolean outside = end - 0.2 * em - h >= 0;
                l.pseudoClassStateChanged(INSIDE, !outside);
                l.resizeRelocate(c - w / 2, outside ? end - 0.2 * em - h : end + 0.2 * em, w, h);
            }
            l.toFront();
        }
    }

    private static final javafx.css.PseudoClass INSIDE = javafx.css.PseudoClass.getPseudoClass("inside");

    /** Sum over all series of the category's values. */
    long total(String category) {
        long sum = 0;
        for (XYChart.Series<X, Y> s : getData()) {
            for (XYChart.Data<X, Y> d : s.getData()) {
                Object c = horizontal ? d.getYValue() : d.getXValue();
                Object v = horizontal ? d.getXValue() : d.getYValue();
                if (category.equals(c) && v instanceof Number num) sum += num.longValue();
            }
        }
        return sum;
    }
}
