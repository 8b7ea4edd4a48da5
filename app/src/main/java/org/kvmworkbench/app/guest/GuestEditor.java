package org.kvmworkbench.app.guest;

import java.util.List;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kvmworkbench.core.asm.AsmError;

/**
 * The guest's source in a plain text area, the three commands (Assemble, Assemble &amp; Run, Save), which assembler
 * is used, and the errors of the last attempt: picking one selects its line in the text.
 */
public final class GuestEditor extends BorderPane {
    final TextArea text = new TextArea();
    final Button assemble = new Button(GuestPane.TEXTS.get("editor.assemble"));
    final Button assembleAndRun = new Button(GuestPane.TEXTS.get("editor.assembleRun"));
    final Button save = new Button(GuestPane.TEXTS.get("editor.save"));
    final Label file = new Label();
    final Label assembler = new Label();
    final Label result = new Label();
    final ListView<AsmError> errors = new ListView<>();
    private String savedText = "";

    public GuestEditor() {
        getStyleClass().add("guest-editor");
        text.getStyleClass().add("guest-source");
        text.setWrapText(false);
        assemble.setTooltip(new Tooltip(GuestPane.TEXTS.get("editor.assemble.tip")));
        assembleAndRun.setTooltip(new Tooltip(GuestPane.TEXTS.get("editor.assembleRun.tip")));
        save.setTooltip(new Tooltip(GuestPane.TEXTS.get("editor.save.tip")));
        for (Button b : List.of(assemble, assembleAndRun, save)) b.setMinWidth(Region.USE_PREF_SIZE);
        file.getStyleClass().add("guest-file");
        assembler.getStyleClass().add("guest-assembler");
        assembler.setWrapText(true);
        result.getStyleClass().add("guest-result");
        result.setWrapText(true);
        HBox commands = new HBox(8, assemble, assembleAndRun, save, file);
        commands.setAlignment(Pos.CENTER_LEFT);
        commands.getStyleClass().add("guest-commands");
        errors.getStyleClass().add("guest-errors");
        errors.setPrefHeight(90);
        errors.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(AsmError e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : GuestPane.TEXTS.format("editor.errorLine", e.inCurrentLanguage()));
            }
        });
        errors.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> {
            if (e != null) selectLine(e.line());
        });
        VBox bottom = new VBox(4, result, errors);
        setTop(new VBox(4, commands, assembler));
        setCenter(text);
        setBottom(bottom);
        VBox.setVgrow(errors, Priority.NEVER);
        showErrors(List.of());
    }

    public void load(String fileName, String source) {
        file.setText(fileName);
        text.setText(source);
        savedText = source;
        showErrors(List.of());
        result.setText("");
    }

    public void markSaved() {
        savedText = text.getText();
    }

    public boolean dirty() {
        return !text.getText().equals(savedText);
    }

    public String source() {
        return text.getText();
    }

    public void setAssemblerName(String description) {
        assembler.setText(description);
    }

    public void setResult(String message) {
        result.setText(message);
    }

    public String resultText() {
        return result.getText();
    }

    public void showErrors(List<AsmError> list) {
        errors.getItems().setAll(list);
        errors.setVisible(!list.isEmpty());
        errors.setManaged(!list.isEmpty());
        if (!list.isEmpty()) selectLine(list.get(0).line());
    }

    public List<AsmError> shownErrors() {
        return List.copyOf(errors.getItems());
    }

    public void setEditable(boolean on) {
        text.setEditable(on);
        for (Button b : List.of(assemble, assembleAndRun, save)) b.setDisable(!on);
    }

    /** Selects line {@code line} (1-based) of the text, so an error's line is seen and the caret is there. */
    void selectLine(int line) {
        String t = text.getText();
        int start = 0;
        for (int i = 1; i < line && start >= 0; i++) {
            int nl = t.indexOf('\n', start);
            start = nl < 0 ? -1 : nl + 1;
        }
        if (start < 0) return;
        int end = t.indexOf('\n', start);
        text.selectRange(start, end < 0 ? t.length() : end);
    }
}
