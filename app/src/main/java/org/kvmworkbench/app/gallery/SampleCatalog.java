package org.kvmworkbench.app.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.kvmworkbench.core.config.ConfigException;
import org.kvmworkbench.core.config.ConfigLoader;
import org.kvmworkbench.core.config.SampleInfo;
import org.kvmworkbench.core.config.SampleText;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.TranslationFiles;

/** The configs in one folder, each with what it says about itself: what the gallery lists. */
public final class SampleCatalog {
    /**
     * One config file.
     *
     * @param name        the config's name, or the file name when it cannot be read
     * @param description its description, or null
     * @param problem     why it cannot be opened (the config reader's message), or null
     */
    public record Sample(Path file, String name, String description, SampleInfo info, String problem) {
        /** The title to list it by: its own, else its name. */
        public String title() {
            return info.title() != null ? info.title() : name;
        }
    }

    private SampleCatalog() {
    }

    /**
     * Every .yaml/.yml/.json config in {@code dir} (not its subfolders, not the configs' translation files), by title,
     * in the window's language; empty if the folder is unreadable.
     */
    public static List<Sample> list(Path dir) {
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(SampleCatalog::isConfig).toList()) out.add(read(f));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(Comparator.comparing(s -> s.title().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    private static boolean isConfig(Path f) {
        return Files.isRegularFile(f) && ConfigLoader.Format.of(f).isPresent() && !TranslationFiles.isTranslation(f);
    }

    static Sample read(Path file) {
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(file);
            SampleText words = SampleText.of(file, loaded, Texts.locale());
            return new Sample(file, loaded.config().name(), words.description(), words.info(), null);
        } catch (ConfigException e) {
            return new Sample(file, file.getFileName().toString(), null, SampleInfo.NONE, e.inCurrentLanguage());
        }
    }
}
