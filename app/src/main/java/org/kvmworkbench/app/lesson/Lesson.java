package org.kvmworkbench.app.lesson;

import java.nio.file.Path;
import java.util.List;

import org.kvmworkbench.core.kvm.Stage;

/**
 * A lesson: steps a teacher wrote in YAML (samples/lessons), played with Next and Back. Each step may open a
 * sample, show one exit of its run, put the round trip's token on a stage, show a VMCS field, and always has a note;
 * a question's answer is shown on request.
 */
public record Lesson(String title, Path file, List<Step> steps) {
    public Lesson {
        steps = List.copyOf(steps);
    }

    /**
     * @param open     a config to open (resolved against the lesson's folder), or null: keep the one open
     * @param exit     show the exit with this number in the run (1 = the first), or 0
     * @param stage    the stage of that exit's round trip to stop at, or null
     * @param field    a VMCS field to show (by name, as the VMCS panel lists it), or null
     * @param question a question for the class, or null
     * @param answer   its answer, or null
     */
    public record Step(Path open, long exit, Stage stage, String field, String note, String question, String answer) {
    }

    /** The config in effect at step {@code index}: the last one a step up to it opens. */
    public Path sampleAt(int index) {
        for (int i = index; i >= 0; i--) if (steps.get(i).open() != null) return steps.get(i).open();
        return null;
    }
}
