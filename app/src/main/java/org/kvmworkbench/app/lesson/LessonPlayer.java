package org.kvmworkbench.app.lesson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.kvmworkbench.app.i18n.Texts;

/**
 * Plays a lesson beside the workbench: the step's note, its question (answer on request), Back and Next. Each step is
 * applied whole, so Back shows exactly what that step showed the first time. The text follows the window's language
 * (the lesson's translation, if it has one); a switch keeps the step and shows it again in the new language.
 */
public final class LessonPlayer {
    private static final Texts T = Texts.of(LessonPlayer.class);

    /** The lesson as its file has it; {@link #lesson} is it in the window's language. */
    private final Lesson original;
    private Lesson lesson;
    private final LessonHost host;
    private final Stage stage = new Stage();
    final Label title = new Label();
    final Label counter = new Label();
    final Label note = new Label();
    final Label question = new Label();
    final Label answer = new Label();
    final Button reveal = new Button();
    final Button back = new Button();
    final Button next = new Button();
    private final VBox questionBox;
    private int index = -1;
    /**
     * After the window's rebuild in the new language: WorkbenchApp's listener, added before any player's, has queued
     * it first.
     */
    private final Consumer<Locale> languageSwitch = l -> Platform.runLater(this::switchLanguage);

    public LessonPlayer(Lesson lesson, LessonHost host) {
        this.original = lesson;
        this.lesson = lesson;
        this.host = host;
        title.getStyleClass().add("lesson-title");
        counter.getStyleClass().add("lesson-counter");
        for (Label l : new Label[] {title, note, question, answer}) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        question.getStyleClass().add("lesson-question");
        answer.getStyleClass().add("lesson-answer");
        reveal.setOnAction(e -> showAnswer());
        questionBox = new VBox(8, question, reveal, answer);
        questionBox.getStyleClass().add("lesson-question-box");
        VBox body = new VBox(14, note, questionBox);
        body.setPadding(new Insets(4, 16, 16, 16));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        back.setOnAction(e -> go(index - 1));
        next.setOnAction(e -> go(index + 1));
        next.setDefaultButton(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, counter, gap, back, next);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPadding(new Insets(8, 16, 12, 16));
        VBox top = new VBox(title);
        top.setPadding(new Insets(12, 16, 8, 16));
        BorderPane root = new BorderPane(scroll, top, null, buttons, null);
        root.getStyleClass().add("lesson-player");
        Scene scene = new Scene(root, 460, 400);
        scene.getStylesheets().add(LessonPlayer.class.getResource("LessonPlayer.css").toExternalForm());
        if (host.window() != null && host.window().getScene() != null)
            root.setStyle(host.window().getScene().getRoot().getStyle());
        stage.setScene(scene);
        if (host.window() != null) stage.initOwner(host.window());
        stage.setOnHidden(e -> Texts.removeListener(languageSwitch));
    }

    /** Shows the player at the first step. */
    public void start() {
        String problem = translate();
        relabel();
        Texts.addListener(languageSwitch);
        stage.show();
        if (host.window() != null) { // beside the workbench, not over its round trip
            stage.setX(host.window().getX() + host.window().getWidth() - stage.getWidth() - 16);
            stage.setY(host.window().getY() + 80);
        }
        go(0);
        if (problem != null) host.showError(problem); // after the step: opening its sample clears the window's error
    }

    /**
     * The lesson in the window's language now; in the language it was written in if its translation does not fit.
     *
     * @return what is wrong with the translation, or null
     */
    private String translate() {
        try {
            lesson = LessonReader.translated(original, Texts.locale());
            return null;
        } catch (IOException e) {
            lesson = original;
            return T.format("translationUnusable", e.getMessage());
        }
    }

    private void relabel() {
        title.setText(lesson.title());
        stage.setTitle(T.format("windowTitle", lesson.title()));
        reveal.setText(T.get("showAnswer"));
        back.setText(T.get("back"));
        next.setText(T.get("next"));
    }

    /**
     * The same step, its note, question and (if it was shown) answer in the new language; the workbench, built anew in
     * that language, shows what the step shows once it is on screen.
     */
    private void switchLanguage() {
        if (!stage.isShowing()) return;
        boolean answerShown = answer.isVisible();
        String problem = translate();
        relabel();
        showText(index);
        if (answerShown) showAnswer();
        int step = index;
        host.afterLanguageSwitch(() -> {
            if (index != step || !stage.isShowing()) return; // Next or Back was quicker, or the lesson closed
            applyToWorkbench(step, false);
            if (problem != null) host.showError(problem);
        });
    }

    public int index() {
        return index;
    }

    public Stage stage() {
        return stage;
    }

    /** Applies step {@code i} whole: its sample, exit, stage, field, note and question. */
    public void go(int i) {
        if (i < 0 || i >= lesson.steps().size()) return;
        boolean first = index < 0;
        index = i;
        applyToWorkbench(i, first);
        showText(i);
    }

    /** Step {@code i}'s sample (opened afresh on the {@code first} step), exit, stage and field. */
    private void applyToWorkbench(int i, boolean first) {
        Lesson.Step s = lesson.steps().get(i);
        Path sample = lesson.sampleAt(i);
        if (sample != null && (first || !sample.equals(normalized(host.openConfig())))) host.open(sample);
        if (s.exit() > 0) host.showExit(s.exit(), () -> {
            if (s.stage() != null) host.selectStage(s.stage());
            if (s.field() != null) host.showField(s.field());
        });
        else if (s.field() != null) host.showField(s.field());
    }

    /** Step {@code i}'s note and question in the player, the answer waiting to be asked for. */
    private void showText(int i) {
        Lesson.Step s = lesson.steps().get(i);
        counter.setText(T.format("counter", i + 1, lesson.steps().size()));
        note.setText(s.note());
        question.setText(s.question() == null ? "" : s.question());
        answer.setText(s.answer() == null ? "" : s.answer());
        answer.setVisible(false);
        answer.setManaged(false);
        reveal.setVisible(s.answer() != null);
        reveal.setManaged(s.answer() != null);
        questionBox.setVisible(s.question() != null);
        questionBox.setManaged(s.question() != null);
        back.setDisable(i == 0);
        next.setDisable(i == lesson.steps().size() - 1);
    }

    public void showAnswer() {
        answer.setVisible(true);
        answer.setManaged(true);
    }

    /** What the player shows now, for tests. */
    public String text() {
        StringBuilder b = new StringBuilder(title.getText()).append('\n').append(counter.getText()).append('\n')
                .append(note.getText());
        if (questionBox.isVisible()) b.append('\n').append(question.getText());
        if (answer.isVisible()) b.append('\n').append(answer.getText());
        return b.toString();
    }

    /** The Next button's words, for tests. */
    public String nextText() {
        return next.getText();
    }

    private static Path normalized(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }
}
