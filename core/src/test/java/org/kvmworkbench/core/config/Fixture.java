package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A temp folder holding a 16-byte guest.bin, plus helpers to parse config text and inspect errors. */
final class Fixture {
    /** The smallest valid config; tests append fields to it. */
    static final String MINIMAL = "name: t\nmemory: 64K\nimage: guest.bin\n";

    final Path dir;

    Fixture(Path dir) {
        this.dir = dir;
        image("guest.bin", 16);
    }

    Path image(String relative, int size) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[size]);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses with the config reader; the published schema must agree with its verdict ({@link SchemaCheck}). */
    VmConfig yaml(String text) throws ConfigException {
        return parse(text, ConfigLoader.Format.YAML);
    }

    VmConfig json(String text) throws ConfigException {
        return parse(text, ConfigLoader.Format.JSON);
    }

    private VmConfig parse(String text, ConfigLoader.Format format) throws ConfigException {
        try {
            VmConfig config = ConfigLoader.parse(text, format, dir);
            SchemaCheck.agrees(text, format, List.of());
            return config;
        } catch (ConfigException e) {
            SchemaCheck.agrees(text, format, e.errors());
            throw e;
        }
    }

    List<ConfigError> yamlErrors(String text) {
        return assertThrows(ConfigException.class, () -> yaml(text)).errors();
    }

    List<ConfigError> jsonErrors(String text) {
        return assertThrows(ConfigException.class, () -> json(text)).errors();
    }

    /** The error at {@code field} whose message contains {@code phrase}; fails listing all errors if none. */
    static ConfigError assertError(List<ConfigError> errors, String field, String phrase) {
        for (ConfigError e : errors)
            if (e.field().equals(field) && e.message().contains(phrase)) return e;
        return fail("no error at '" + field + "' containing '" + phrase + "' in:\n"
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    }
}
