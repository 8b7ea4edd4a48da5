package org.kvmworkbench.app.gallery;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.config.SampleInfo;
import org.kvmworkbench.core.config.SampleText;
import org.kvmworkbench.core.config.VmConfig;

/** A line under the toolbar that keeps the open sample's title and description in view while it runs. */
public final class SampleLine extends HBox {
    private static final Texts T = Texts.of(GalleryView.class);

    final Label title = new Label();
    final Label description = new Label();
    private final Tooltip tooltip = new Tooltip();

    public SampleLine() {
        getStyleClass().add("sample-line");
        getStylesheets().add(GalleryView.class.getResource("GalleryView.css").toExternalForm());
        title.getStyleClass().add("sample-line-title");
        title.setMinWidth(Label.USE_PREF_SIZE);
        // one line under the toolbar (a projector needs the height below): all of it in the tooltip, or a click away
        org.kvmworkbench.app.view.OneLine.install(description);
        description.setTooltip(null); // the line's own tooltip says it, with what the sample teaches
        description.setMinWidth(0);
        description.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(description, Priority.ALWAYS);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(800);
        getChildren().addAll(title, description);
        setSpacing(10);
        setMinWidth(0);
        show(null, new SampleText(null, SampleInfo.NONE, java.util.List.of()));
    }

    /** The config now open (null: none) in its words; hidden when it has neither title nor description. */
    public void show(VmConfig config, SampleText words) {
        SampleInfo info = words.info();
        String t = info.title() != null ? info.title() : config == null ? null : config.name();
        String d = config == null ? null : words.description();
        title.setText(t == null ? "" : t);
        description.setText(d == null ? "" : d);
        StringBuilder tip = new StringBuilder(d == null ? "" : d);
        if (info.teaches() != null) {
            if (tip.length() > 0) tip.append("\n\n");
            tip.append(T.get("teaches")).append('\n').append(info.teaches());
        }
        if (!info.watchFor().isEmpty()) {
            if (tip.length() > 0) tip.append("\n\n");
            tip.append(T.get("watchFor"));
            info.watchFor().forEach(w -> tip.append("\n•  ").append(w));
        }
        tooltip.setText(tip.toString());
        if (tip.length() == 0) Tooltip.uninstall(this, tooltip);
        else Tooltip.install(this, tooltip);
        boolean any = t != null || d != null;
        setVisible(any);
        setManaged(any);
    }

    public String text() {
        return title.getText() + " — " + description.getText();
    }
}
