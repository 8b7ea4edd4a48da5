package org.kvmworkbench.core.config;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kvmworkbench.core.i18n.TranslationFiles;

/**
 * A sample's own words in one language: its description, its gallery fields ({@link SampleInfo}) and its key exits
 * with their labels. In English they are the config's; another language takes what the translation beside the config
 * says ({@code hello-serial.zh-CN.yaml} for {@code hello-serial.yaml}, read by {@link SampleTextReader}), field by
 * field, and the config's English for whatever the translation leaves out. Only people read these words: the VM
 * and a saved config keep the English ones.
 *
 * @param description the description, or null
 * @param info        title, teaches, watchFor (and runsOn, which is never translated)
 * @param keyExits    the config's key exits, with their labels in this language
 */
public record SampleText(String description, SampleInfo info, List<KeyExit> keyExits) {
    public SampleText {
        keyExits = List.copyOf(keyExits);
    }

    /** The config's own (English) words. */
    public static SampleText english(ConfigLoader.Loaded loaded) {
        return new SampleText(loaded.config().description(), SampleInfo.of(loaded), loaded.config().keyExits());
    }

    /**
     * The words of the config loaded from {@code file} in {@code language}: English for English, {@link Locale#ROOT}
     * or a language with no translation file beside the config.
     *
     * @throws ConfigException if the translation file exists but is not a valid translation (named as its source)
     */
    public static SampleText of(Path file, ConfigLoader.Loaded loaded, Locale language) throws ConfigException {
        SampleText english = english(loaded);
        Path translation = TranslationFiles.beside(file, language);
        if (translation == null || !Files.exists(translation, LinkOption.NOFOLLOW_LINKS)) return english;
        return SampleTextReader.read(translation, loaded.config().keyExits().size()).over(english);
    }

    /** The fields a translation file gives (each null when it leaves it out), laid over the English words. */
    record Translation(String title, String description, String teaches, List<String> watchFor,
                       List<String> keyExitLabels) {
        SampleText over(SampleText english) {
            SampleInfo en = english.info();
            SampleInfo info = new SampleInfo(title != null ? title : en.title(), teaches != null ? teaches : en.teaches(),
                    watchFor != null ? watchFor : en.watchFor(), en.runsOn());
            List<KeyExit> keys = new ArrayList<>();
            for (int i = 0; i < english.keyExits().size(); i++) {
                KeyExit k = english.keyExits().get(i);
                String label = keyExitLabels != null && i < keyExitLabels.size() ? keyExitLabels.get(i) : null;
                keys.add(label == null ? k : new KeyExit(k.reason(), k.port(), k.address(), k.write(), label));
            }
            return new SampleText(description != null ? description : english.description(), info, keys);
        }
    }
}
