package org.kvmworkbench.app.gallery;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.config.BackendChoice;

/**
 * The sample gallery: the samples by title on the left; the one picked on the right with its description, what it
 * teaches, the exits to watch for and the backends it runs on; Open, and a way to a file elsewhere.
 */
public final class GalleryView extends BorderPane {
    private static final Texts T = Texts.of(GalleryView.class);

    final ListView<SampleCatalog.Sample> list = new ListView<>();
    final Label title = new Label();
    final Label description = new Label();
    final Label teaches = new Label();
    final Label watchFor = new Label();
    final Label runsOn = new Label();
    final Label problem = new Label();
    final Label file = new Label();
    final Button open = new Button(T.get("open"));
    final Button browse = new Button(T.get("browse"));
    private final Label teachesHeading = heading("teaches");
    private final Label watchHeading = heading("watchFor");
    private Consumer<Path> onOpen = p -> { };

    public GalleryView(List<SampleCatalog.Sample> samples) {
        getStyleClass().add("gallery");
        getStylesheets().add(GalleryView.class.getResource("GalleryView.css").toExternalForm());
        list.getItems().setAll(samples);
        list.setCellFactory(v -> new SampleCell());
        list.setPrefWidth(320);
        list.setMinWidth(200);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> show(b));
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) openSelected();
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) openSelected();
        });

        title.getStyleClass().add("gallery-title");
        for (Label l : List.of(title, description, teaches, watchFor, runsOn, problem, file)) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        problem.getStyleClass().add("gallery-problem");
        file.getStyleClass().add("gallery-file");
        VBox details = new VBox(8, title, description, teachesHeading, teaches, watchHeading, watchFor, runsOn,
                problem, file);
        details.setPadding(new Insets(12));
        details.getStyleClass().add("gallery-details");
        ScrollPane scroll = new ScrollPane(details);
        scroll.setFitToWidth(true);

        open.setDefaultButton(true);
        open.setOnAction(e -> openSelected());
        Label hint = new Label(T.get("hint"));
        hint.getStyleClass().add("gallery-hint");
        hint.setWrapText(true);
        HBox.setHgrow(hint, Priority.ALWAYS);
        HBox buttons = new HBox(8, hint, browse, open);
        buttons.setPadding(new Insets(8, 12, 12, 12));
        buttons.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);

        setLeft(list);
        setCenter(scroll);
        setBottom(buttons);
        if (!samples.isEmpty()) list.getSelectionModel().select(0);
        else show(null);
    }

    private static Label heading(String key) {
        Label l = new Label(T.get(key));
        l.getStyleClass().add("gallery-heading");
        return l;
    }

    /** What Open (the button, a double click, Enter) does with the sample picked. */
    public void setOnOpen(Consumer<Path> action) {
        onOpen = action;
    }

    /** What "Other file…" does. */
    public void setOnBrowse(Runnable action) {
        browse.setOnAction(e -> action.run());
    }

    /** Picks the sample at {@code file} if it is listed. */
    public void select(Path file) {
        for (SampleCatalog.Sample s : list.getItems())
            if (s.file().toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
                list.getSelectionModel().select(s);
                list.scrollTo(s);
            }
    }

    /** Every sample listed, in order. */
    public List<SampleCatalog.Sample> samples() {
        return List.copyOf(list.getItems());
    }

    /** What the details pane says now, one label a line (for tests and screen readers alike). */
    public String detailsText() {
        return java.util.stream.Stream.of(title, description, teachesHeading, teaches, watchHeading, watchFor, runsOn,
                problem, file).filter(l -> l.isVisible() && !l.getText().isEmpty()).map(Label::getText)
                .collect(Collectors.joining("\n"));
    }

    public boolean canOpen() {
        return !open.isDisabled();
    }

    /** Presses Open. */
    public void fireOpen() {
        open.fire();
    }

    public SampleCatalog.Sample selected() {
        return list.getSelectionModel().getSelectedItem();
    }

    private void openSelected() {
        SampleCatalog.Sample s = selected();
        if (s != null && s.problem() == null) onOpen.accept(s.file());
    }

    private void show(SampleCatalog.Sample s) {
        if (s == null) {
            title.setText(T.get("empty"));
            for (Label l : List.of(description, teaches, watchFor, runsOn, problem, file)) l.setText("");
            open.setDisable(true);
            return;
        }
        title.setText(s.title());
        description.setText(s.description() == null ? "" : s.description());
        teaches.setText(s.info().teaches() == null ? T.get("notSaid") : s.info().teaches());
        watchFor.setText(s.info().watchFor().isEmpty() ? T.get("notSaid")
                : s.info().watchFor().stream().map(w -> "•  " + w).collect(Collectors.joining("\n")));
        runsOn.setText(T.format("runsOn", s.info().runsOn().isEmpty() ? T.get("notSaid")
                : s.info().runsOn().stream().map(GalleryView::backendName).collect(Collectors.joining(T.get("listSeparator")))));
        problem.setText(s.problem() == null ? "" : T.format("problem", s.problem()));
        problem.setVisible(s.problem() != null);
        problem.setManaged(s.problem() != null);
        file.setText(s.file().getFileName().toString());
        open.setDisable(s.problem() != null);
    }

    static String backendName(BackendChoice b) {
        return T.get(b == BackendChoice.KVM ? "backend.kvm" : "backend.simulated");
    }

    private static final class SampleCell extends ListCell<SampleCatalog.Sample> {
        @Override protected void updateItem(SampleCatalog.Sample s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label t = new Label(s.title());
            t.getStyleClass().add("gallery-cell-title");
            t.setWrapText(true);
            t.maxWidthProperty().bind(getListView().widthProperty().subtract(28));
            t.prefWidthProperty().bind(t.maxWidthProperty());
            t.setMinHeight(Region.USE_PREF_SIZE);
            Label n = new Label(s.problem() == null ? s.file().getFileName().toString()
                    : T.format("cannotOpen", s.file().getFileName()));
            n.getStyleClass().add("gallery-cell-file");
            setText(null);
            setGraphic(new VBox(2, t, n));
        }
    }
}
