package org.kvmworkbench.core.i18n;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The files that put another file's words into a language: {@code NAME.xx-YY.EXT} beside {@code NAME.EXT} (a sample's
 * {@code hello-serial.zh-CN.yaml}, a lesson's {@code where-does-a-kick-go.zh-CN.yaml}, the config schema's
 * {@code kvm-workbench-config.schema.zh-CN.json}). English is the language every original is written in, so it has
 * none.
 */
public final class TranslationFiles {
    /** A file name with a language tag (xx-YY) before its extension. */
    private static final Pattern TRANSLATION = Pattern.compile(".*\\.[a-z]{2}-[A-Z]{2}\\.[^.]+");

    private TranslationFiles() {
    }

    /** The name of {@code name}'s translation into {@code language}; null for English (or no language), or no extension. */
    public static String nameIn(String name, Locale language) {
        if (language == null || language.getLanguage().isEmpty() || language.getLanguage().equals("en")) return null;
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return null;
        return name.substring(0, dot) + "." + language.toLanguageTag() + name.substring(dot);
    }

    /** The translation of {@code file} into {@code language}, beside it; null as for {@link #nameIn}. */
    public static Path beside(Path file, Locale language) {
        String name = nameIn(file.getFileName().toString(), language);
        return name == null ? null : file.resolveSibling(name);
    }

    /** Is {@code file} a translation of another file ({@code NAME.xx-YY.EXT}) rather than an original? */
    public static boolean isTranslation(Path file) {
        Path name = file.getFileName();
        return name != null && TRANSLATION.matcher(name.toString()).matches();
    }
}
