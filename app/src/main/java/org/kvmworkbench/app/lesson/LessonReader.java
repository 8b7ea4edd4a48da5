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

import org.kvmworkbench.core.kvm.Stage;

/** Reads a lesson file. Every mistake is one line naming the step and field, so a teacher can fix it without Java. */
public final class LessonReader {
    static final List<String> TOP = List.of("title", "steps");
    static final List<String> STEP = List.of("open", "exit", "stage", "field", "note", "question", "answer");
    /** Bounds the work of reading a file someone sent. */
    static final long MAX_BYTES = 1 << 20;
    static final int MAX_STEPS = 500;

    private LessonReader() {
    }

    public static Lesson read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw problem(file, "", "is larger than 1 MiB");
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw problem(file, "", "is not valid YAML (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) throw problem(file, "", "expected a lesson: title and steps");
        known(file, root, "", TOP);
        String title = text(file, root, "title", "", true);
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty())
            throw problem(file, "steps", "expected a list of steps, each with a note");
        if (steps.size() > MAX_STEPS) throw problem(file, "steps", "at most " + MAX_STEPS + " steps");
        Path dir = file.toAbsolutePath().getParent();
        List<Lesson.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) out.add(step(file, dir, steps.get(i), "steps[" + i + "]"));
        if (out.get(0).open() == null) throw problem(file, "steps[0].open", "the first step must open a sample");
        return new Lesson(title, file, out);
    }

    private static Lesson.Step step(Path file, Path dir, JsonNode s, String at) throws IOException {
        if (!s.isObject()) throw problem(file, at, "expected a step with a note");
        known(file, s, at, STEP);
        String open = text(file, s, "open", at, false);
        Path config = null;
        if (open != null) {
            config = dir.resolve(open).normalize();
            if (!Files.isRegularFile(config)) throw problem(file, at + ".open", "no config at " + config);
        }
        long exit = 0;
        JsonNode e = s.get("exit");
        if (e != null && !e.isNull()) {
            if (!e.canConvertToLong() || !e.isIntegralNumber() || e.asLong() < 1)
                throw problem(file, at + ".exit", "expected the exit's number in the run (1 = the first)");
            exit = e.asLong();
        }
        Stage stage = null;
        String st = text(file, s, "stage", at, false);
        if (st != null) {
            try {
                stage = Stage.valueOf(st.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
            } catch (IllegalArgumentException x) {
                throw problem(file, at + ".stage", "unknown stage \"" + st + "\"; one of " + stageNames());
            }
            if (exit == 0) throw problem(file, at + ".stage", "a stage belongs to an exit: give exit too");
        }
        String question = text(file, s, "question", at, false);
        String answer = text(file, s, "answer", at, false);
        if (answer != null && question == null) throw problem(file, at + ".answer", "an answer needs a question");
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
                        "unknown field \"" + f + "\"; known: " + String.join(", ", fields));
        }
    }

    private static String text(Path file, JsonNode node, String field, String at, boolean required) throws IOException {
        JsonNode v = node.get(field);
        String where = at.isEmpty() ? field : at + "." + field;
        if (v == null || v.isNull()) {
            if (required) throw problem(file, where, "required field is missing");
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) throw problem(file, where, "expected text");
        return v.textValue().strip();
    }

    private static IOException problem(Path file, String at, String message) {
        return new IOException(file.getFileName() + (at.isEmpty() ? "" : ": " + at) + ": " + message);
    }
}
