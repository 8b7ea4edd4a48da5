package org.kvmworkbench.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;

/**
 * One key fills the window with one panel (the last one clicked) and the same key puts it back where it was:
 * in front of a class the VMCS table or the notes can take the whole projector, then step back.
 */
final class PanelMaximizer {
    private final BorderPane root;
    private final Node normalCenter;
    private final Map<Node, SplitPane> homes = new LinkedHashMap<>();
    private final ReadOnlyBooleanWrapper maximised = new ReadOnlyBooleanWrapper();
    private Node last;
    private Node shown;
    private int shownIndex;
    private double[] upperDividers;
    private final List<SplitPane> splits;

    /** {@code panels}: each panel and the split pane it lives in. */
    PanelMaximizer(BorderPane root, SplitPane center, Map<Node, SplitPane> panels) {
        this.root = root;
        this.normalCenter = center;
        this.homes.putAll(panels);
        this.splits = List.copyOf(new java.util.LinkedHashSet<>(panels.values()));
        for (Node p : panels.keySet()) p.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> last = p);
        last = panels.keySet().iterator().next();
    }

    void toggle() {
        if (shown != null) restore();
        else maximise(last);
    }

    void maximise(Node panel) {
        SplitPane home = homes.get(panel);
        if (home == null || shown != null) return;
        upperDividers = dividers();
        shownIndex = home.getItems().indexOf(panel);
        Region placeholder = new Region();
        placeholder.setMinSize(0, 0);
        home.getItems().set(shownIndex, placeholder);
        shown = panel;
        root.setCenter(panel);
        maximised.set(true);
    }

    void restore() {
        if (shown == null) return;
        Node panel = shown;
        shown = null;
        root.setCenter(null);
        homes.get(panel).getItems().set(shownIndex, panel);
        root.setCenter(normalCenter);
        double[] d = upperDividers;
        int k = 0;
        for (SplitPane s : allSplits()) {
            for (int i = 0; i < s.getDividers().size() && k < d.length; i++) s.getDividers().get(i).setPosition(d[k++]);
        }
        maximised.set(false);
    }

    /** The panel filling the window, or null. */
    Node shown() {
        return shown;
    }

    ReadOnlyBooleanProperty maximisedProperty() {
        return maximised.getReadOnlyProperty();
    }

    private List<SplitPane> allSplits() {
        java.util.List<SplitPane> all = new java.util.ArrayList<>(splits);
        if (normalCenter instanceof SplitPane c) all.add(c);
        return all;
    }

    private double[] dividers() {
        List<SplitPane> all = allSplits();
        int n = 0;
        for (SplitPane s : all) n += s.getDividers().size();
        double[] d = new double[n];
        int k = 0;
        for (SplitPane s : all) for (var div : s.getDividers()) d[k++] = div.getPosition();
        return d;
    }
}
