package org.kvmworkbench.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.kvmworkbench.core.i18n.TranslationFiles;

/**
 * The JSON Schema of the config format, for editors (samples/schema in the repository, copied into the jar at
 * build time). It checks the shape of a config; {@link ConfigLoader} checks that and everything that spans
 * fields or needs the file system, with the messages the app shows.
 */
public final class ConfigSchema {
    /** The schema's file name, in the repository and in the jar. */
    public static final String FILE_NAME = "kvm-workbench-config.schema.json";
    /** The schema of a sample's translation file ({@link SampleText}), in the repository and in the jar. */
    public static final String TRANSLATION_FILE_NAME = "kvm-workbench-sample-text.schema.json";

    private ConfigSchema() {}

    /** The schema's text (UTF-8 JSON). */
    public static String text() {
        return read(FILE_NAME);
    }

    /**
     * The schema with its descriptions (what editors show on hover) in {@code language}: the same schema, the
     * translation of its words in {@code kvm-workbench-config.schema.zh-CN.json}; English for any other language.
     */
    public static String text(Locale language) {
        String name = TranslationFiles.nameIn(FILE_NAME, language);
        return name == null || ConfigSchema.class.getResource(name) == null ? text() : read(name);
    }

    /** The translation schema's text (UTF-8 JSON). */
    public static String translationText() {
        return read(TRANSLATION_FILE_NAME);
    }

    private static String read(String name) {
        try (InputStream in = ConfigSchema.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
