package org.kvmworkbench.app.gallery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.i18n.TranslationFiles;
import org.kvmworkbench.app.i18n.Bundles;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.KeyExit;
import org.kvmworkbench.core.config.SampleText;

/**
 * The samples' Chinese words (their NAME.zh-CN.yaml) keep no English word but names, by the same rule as the bundles
 * ({@link Bundles#englishWords}). That every field is translated is core's SampleTextTest.
 */
class SampleTranslationsTest {
    static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void everySampleSaysItsWordsInChineseWithOnlyNamesLeftInEnglish() throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            samples = files.filter(p -> p.toString().endsWith(".yaml") && !TranslationFiles.isTranslation(p)).sorted().toList();
        }
        assertTrue(samples.size() >= 18, samples.toString());
        List<String> problems = new ArrayList<>();
        for (Path sample : samples) {
            SampleText zh = SampleText.of(sample, ConfigLoader.loadWithText(sample), java.util.Locale.SIMPLIFIED_CHINESE);
            List<String> texts = new ArrayList<>(List.of(zh.info().title(), zh.description(), zh.info().teaches()));
            texts.addAll(zh.info().watchFor());
            zh.keyExits().stream().map(KeyExit::label).forEach(texts::add);
            for (String t : texts) {
                if (t == null) continue;
                // a value quoted from the guest's input ("hello KVM") is not ours, as in the window's walk
                List<String> words = Bundles.englishWords(t.replaceAll("\"[^\"]*\"", " "));
                if (!words.isEmpty()) problems.add(sample.getFileName() + ": \"" + t + "\" " + words);
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " texts with English words:\n" + String.join("\n", problems));
    }
}
