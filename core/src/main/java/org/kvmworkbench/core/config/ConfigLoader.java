package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kvmworkbench.core.io.AtomicFile;

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
        return loadWithText(file).config();
    }

    /** Validates config text as if it were a file in {@code baseDir}. */
    public static VmConfig parse(String text, Format format, Path baseDir) throws ConfigException {
        return parse(text, format, baseDir, "<" + format.name().toLowerCase(Locale.ROOT) + " text>");
    }

    /** Checks a config built in code by the same rules as a loaded one. */
    public static void validate(VmConfig config) throws ConfigException {
        parse(toText(config, Format.JSON), Format.JSON, config.baseDir(), "<" + config.name() + ">");
    }

    /** A loaded config with the text it was read from, so that saving it keeps how values were written. */
    public record Loaded(VmConfig config, String text, Format format) {}

    /** {@link #load}, keeping the file's text. */
    public static Loaded loadWithText(Path file) throws ConfigException {
        String source = file.toString();
        Format format = Format.of(file).orElseThrow(() -> failure(source, Problems.say("file.type")));
        String text = ConfigFileReader.read(file, source);
        return new Loaded(parse(text, format, file.toAbsolutePath().getParent(), source), text, format);
    }

    /** {@link #save(VmConfig, Path, Loaded)} without an original to take the number style from. */
    public static VmConfig save(VmConfig config, Path file) throws IOException {
        return save(config, file, null);
    }

    /**
     * Writes {@code config} as YAML or JSON, by the file's extension, so that it opens from where it is saved:
     * a relative image path is rewritten relative to the file's folder (absolute when no relative path
     * exists). Values that are unchanged from {@code original} keep their original text (hex stays hex).
     * The text goes to a temporary file in the same folder, renamed over the target in one step; a symlink
     * target stays a symlink (the file it points to is replaced). Never writes over the guest image.
     *
     * @param original what the config was loaded from, or null
     * @return the config as saved: same files, image and base folder as seen from the new location
     */
    public static VmConfig save(VmConfig config, Path file, Loaded original) throws IOException {
        Format format = Format.of(file).orElseThrow(() -> new IllegalArgumentException(
                "unsupported config file type: " + file + " (use .yaml, .yml or .json)"));
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (Files.exists(target) && Files.exists(config.imagePath()) && Files.isSameFile(target, config.imagePath()))
            throw new IOException(file + " is the guest image; refusing to overwrite it");
        VmConfig saved = rebase(config, dir);
        com.fasterxml.jackson.databind.node.ObjectNode tree = ConfigWriter.toTree(saved);
        if (original != null) ValueStyle.keepOriginalText(tree, original.text(), original.format());
        if (original != null) tree = SampleInfoReader.withFieldsOf(TreeCodec.read(original.text(),
                original.format(), new Problems()), tree);
        AtomicFile.write(target, TreeCodec.write(tree, format));
        return saved;
    }

    /** The config as seen from {@code dir}: its image path relative to there when the image path was relative. */
    static VmConfig rebase(VmConfig c, Path dir) {
        if (dir.equals(c.baseDir()) || Path.of(c.image()).isAbsolute()) {
            return new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), c.image(), c.loadAddress(),
                    c.entry(), c.devices(), c.controls(), c.kvm(), dir.equals(c.baseDir()) ? c.baseDir() : dir, c.keyExits());
        }
        String image;
        try {
            image = dir.relativize(c.imagePath()).toString();
        } catch (IllegalArgumentException e) {
            image = c.imagePath().toString(); // another root (a Windows drive): no relative path exists
        }
        if (image.isEmpty()) image = c.imagePath().toString();
        return new VmConfig(c.name(), c.description(), c.memoryBytes(), c.backend(), image, c.loadAddress(),
                c.entry(), c.devices(), c.controls(), c.kvm(), dir, c.keyExits());
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

    static ConfigException failure(String source, org.kvmworkbench.core.i18n.Phrase message) {
        return new ConfigException(source, List.of(new ConfigError("", message)));
    }
}
