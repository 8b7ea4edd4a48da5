package org.kvmworkbench.app.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.TranslationFiles;
import org.kvmworkbench.core.kvm.Stage;

/**
 * Reads a lesson file, and its translation beside it. Every mistake is one line naming the file, step and field, in
 * the window's language, so a teacher can fix it without Java.
 */
public final class LessonReader {
    private static final Texts T = Texts.of(LessonReader.class);
    static final List<String> TOP = List.of("title", "steps");
    static final List<String> STEP = List.of("open", "exit", "stage", "field", "note", "question", "answer");
    /** What a translation holds for each step: only the text, so its steps cannot drift from the lesson's. */
    static final List<String> TEXT = List.of("note", "question", "answer");
    /** Bounds the work of reading a file someone sent. */
    static final long MAX_BYTES = 1 << 20;
    static final int MAX_STEPS = 500;

    private LessonReader() {
    }

    public static Lesson read(Path file) throws IOException {
        JsonNode root = tree(file);
        known(file, root, "", TOP);
        String title = text(file, root, "title", "", true);
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) throw problem(file, "steps", T.get("noSteps"));
        if (steps.size() > MAX_STEPS) throw problem(file, "steps", T.format("tooManySteps", MAX_STEPS));
        Path dir = file.toAbsolutePath().getParent();
        List<Lesson.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) out.add(step(file, dir, steps.get(i), "steps[" + i + "]"));
        if (out.get(0).open() == null) throw problem(file, "steps[0].open", T.get("firstOpens"));
        return new Lesson(title, file, out);
    }

    /**
     * The translation of {@code lesson}'s file into {@code language}: {@code name.zh-CN.yaml} beside {@code name.yaml}
     * for Simplified Chinese. Null for English, the language every lesson is taken to be written in.
     */
    public static Path translationFile(Path lesson, Locale language) {
        return TranslationFiles.beside(lesson, Texts.supported(language));
    }

    /**
     * {@code lesson} in {@code language}: its title and each step's note, question and answer from the translation
     * file, everything else (samples, exits, stages, fields) from the lesson itself. The lesson as it is when there is
     * no translation (a teacher's own lesson plays in the language it was written in).
     *
     * @throws IOException one line naming the translation file, step and field, when the translation does not fit
     */
    public static Lesson translated(Lesson lesson, Locale language) throws IOException {
        Path file = translationFile(lesson.file(), language);
        if (file == null || !Files.isRegularFile(file)) return lesson;
        String english = lesson.file().getFileName().toString();
        JsonNode root = tree(file);
        known(file, root, "", TOP);
        String title = text(file, root, "title", "", true);
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray()) throw problem(file, "steps", T.get("translation.noSteps"));
        if (steps.size() != lesson.steps().size())
            throw problem(file, "steps", T.format("translation.count", steps.size(), english, lesson.steps().size()));
        List<Lesson.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String at = "steps[" + i + "]";
            JsonNode s = steps.get(i);
            Lesson.Step original = lesson.steps().get(i);
            if (!s.isObject()) throw problem(file, at, T.get("notStep"));
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (STEP.contains(f) && !TEXT.contains(f))
                    throw problem(file, at + "." + f, T.format("translation.notText", f, english, String.join(", ", TEXT)));
            }
            known(file, s, at, TEXT);
            String note = text(file, s, "note", at, true);
            String question = matching(file, s, "question", at, original.question() != null, english);
            String answer = matching(file, s, "answer", at, original.answer() != null, english);
            out.add(new Lesson.Step(original.open(), original.exit(), original.stage(), original.field(), note, question,
                    answer));
        }
        return new Lesson(title, lesson.file(), out);
    }

    /** A question or answer of a translation: there exactly when the lesson's step has one. */
    private static String matching(Path file, JsonNode s, String field, String at, boolean lessonHasIt, String english)
            throws IOException {
        String v = text(file, s, field, at, false);
        if (lessonHasIt && v == null) throw problem(file, at + "." + field, T.format("translation.missing", english));
        if (!lessonHasIt && v != null) throw problem(file, at + "." + field, T.format("translation.extra", english));
        return v;
    }

    /** The file's YAML, an object at the top. */
    private static JsonNode tree(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw problem(file, "", T.get("tooLarge"));
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw problem(file, "", T.format("notYaml", e.getLocation().getLineNr()));
        }
        if (root == null || !root.isObject()) throw problem(file, "", T.get("notLesson"));
        return root;
    }

    private static Lesson.Step step(Path file, Path dir, JsonNode s, String at) throws IOException {
        if (!s.isObject()) throw problem(file, at, T.get("notStep"));
        known(file, s, at, STEP);
        String open = text(file, s, "open", at, false);
        Path config = null;
        if (open != null) {
            config = dir.resolve(open).normalize();
            if (!Files.isRegularFile(config)) throw problem(file, at + ".open", T.format("noConfig", config));
        }
        long exit = 0;
        JsonNode e = s.get("exit");
        if (e != null && !e.isNull()) {
            if (!e.canConvertToLong() || !e.isIntegralNumber() || e.asLong() < 1)
                throw problem(file, at + ".exit", T.get("badExit"));
            exit = e.asLong();
        }
        Stage stage = null;
        String st = text(file, s, "stage", at, false);
        if (st != null) {
            try {
                stage = Stage.valueOf(st.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
            } catch (IllegalArgumentException x) {
                throw problem(file, at + ".stage", T.format("badStage", st, stageNames()));
            }
            if (exit == 0) throw problem(file, at + ".stage", T.get("stageNeedsExit"));
        }
        String question = text(file, s, "question", at, false);
        String answer = text(file, s, "answer", at, false);
        if (answer != null && question == null) throw problem(file, at + ".answer", T.get("answerNeedsQuestion"));
        return new Lesson.Step(config, exit, stage, text(file, s, "field", at, false), text(file, s, "note", at, true),
                question, answer);
    }

    private static String stageNames() {
        StringBuilder b = new StringBuilder();
        for (Stage s : Stage.values()) b.append(b.length() == 0 ? "" : ", ").append(s.name());
        return b.toString();
    }

    private static void known(Path file, JsonNode node, String at, List<String> fields) throws IOException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f))
                throw problem(file, at.isEmpty() ? f : at + "." + f,
                        T.format("unknownField", f, String.join(", ", fields)));
        }
    }

    private static String text(Path file, JsonNode node, String field, String at, boolean required) throws IOException {
        JsonNode v = node.get(field);
        String where = at.isEmpty() ? field : at + "." + field;
        if (v == null || v.isNull()) {
            if (required) throw problem(file, where, T.get("missing"));
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) throw problem(file, where, T.get("notText"));
        return v.textValue().strip();
    }

    private static IOException problem(Path file, String at, String message) {
        String name = file.getFileName().toString();
        return new IOException(at.isEmpty() ? T.format("problem.file", name, message) : T.format("problem", name, at, message));
    }
}
