package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads, validates and saves VM configs. Everything is checked before a config is returned, and all
 * problems are reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {
    /** File format, chosen by extension: .yaml/.yml or .json. */
    public enum Format {
        YAML, JSON;

        public static Optional<Format> of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) return Optional.of(YAML);
            if (name.endsWith(".json")) return Optional.of(JSON);
            return Optional.empty();
        }
    }

    private ConfigLoader() {}

    /** Reads and validates {@code file}; the image is resolved against the file's folder (but not read). */
    public static VmConfig load(Path file) throws ConfigException {
        String source = file.toString();
        Format format = Format.of(file).orElseThrow(() -> failure(source,
                "unsupported file type; config files end in .yaml, .yml or .json"));
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw failure(source, "file not found: " + file.toAbsolutePath());
        } catch (CharacterCodingException e) {
            throw failure(source, "not UTF-8 text");
        } catch (IOException e) {
            throw failure(source, "cannot read " + file.toAbsolutePath());
        }
        return parse(text, format, file.toAbsolutePath().getParent(), source);
    }

    /** Validates config text as if it were a file in {@code baseDir}. */
    public static VmConfig parse(String text, Format format, Path baseDir) throws ConfigException {
        return parse(text, format, baseDir, "<" + format.name().toLowerCase(Locale.ROOT) + " text>");
    }

    /** Checks a config built in code by the same rules as a loaded one. */
    public static void validate(VmConfig config) throws ConfigException {
        parse(toText(config, Format.JSON), Format.JSON, config.baseDir(), "<" + config.name() + ">");
    }

    /**
     * Writes {@code config} as YAML or JSON, by the file's extension. The image path is written as it is,
     * so it still resolves after loading only if the file is saved in {@code config.baseDir()}.
     */
    public static void save(VmConfig config, Path file) throws IOException {
        Format format = Format.of(file).orElseThrow(() -> new IllegalArgumentException(
                "unsupported config file type: " + file + " (use .yaml, .yml or .json)"));
        Files.writeString(file, toText(config, format));
    }

    /** The text {@link #save} would write. */
    public static String toText(VmConfig config, Format format) {
        return TreeCodec.write(ConfigWriter.toTree(config), format);
    }

    private static VmConfig parse(String text, Format format, Path baseDir, String source) throws ConfigException {
        Problems problems = new Problems();
        JsonNode tree = TreeCodec.read(text, format, problems);
        VmConfig config = problems.isEmpty()
                ? VmConfigReader.read(tree, baseDir.toAbsolutePath().normalize(), problems) : null;
        if (config == null) throw new ConfigException(source, problems.list());
        return config;
    }

    private static ConfigException failure(String source, String message) {
        return new ConfigException(source, List.of(new ConfigError("", message)));
    }
}
