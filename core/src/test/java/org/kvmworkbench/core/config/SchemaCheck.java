package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Holds the published JSON Schema against the config reader. Every config text the config tests parse goes
 * through {@link #agrees}: one the reader accepts must pass the schema; one the reader rejects must fail the
 * schema, unless every reader error is of a kind no schema can see (named in {@link #BEYOND_SCHEMA}).
 */
final class SchemaCheck {
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(ConfigSchema.text());
    private static final Schema TRANSLATION = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(ConfigSchema.translationText());

    /**
     * Reader messages about what a schema cannot check: files, one field against another, and the ranges of
     * numbers written as strings ("0x10000"). (Syntax errors leave no tree to check.)
     */
    static final List<String> BEYOND_SCHEMA = List.of(
            "file not found", "not a readable file", "image is empty", "is not a valid file path", "image is ",
            "is outside guest memory", "does not fit 16 bits", "overlaps", "duplicate ", "is inside RAM",
            "is out of range for", "is not a multiple of 4K", "is too small", "is too large", "is far too large",
            "is not page-aligned", "runs past", "is backwards", "is outside RAM",
            "labels, but the config has"); // a translation's labels against its config's key exits

    private SchemaCheck() {}

    /** The schema's errors for a parsed tree (null for an empty document). */
    static List<Error> validate(JsonNode tree) {
        return validate(SCHEMA, tree);
    }

    /** The translation schema's errors for a parsed translation file. */
    static List<Error> validateTranslation(JsonNode tree) {
        return validate(TRANSLATION, tree);
    }

    private static List<Error> validate(Schema schema, JsonNode tree) {
        return schema.validate(tree == null || tree.isMissingNode() ? NullNode.getInstance() : tree);
    }

    /** Asserts the schema agrees with the reader's verdict on {@code text}. */
    static void agrees(String text, ConfigLoader.Format format, List<ConfigError> readerErrors) {
        agrees(SCHEMA, text, format, readerErrors);
    }

    /** Asserts the translation schema agrees with the translation reader's verdict on {@code text}. */
    static void translationAgrees(String text, ConfigLoader.Format format, List<ConfigError> readerErrors) {
        agrees(TRANSLATION, text, format, readerErrors);
    }

    private static void agrees(Schema schema, String text, ConfigLoader.Format format, List<ConfigError> readerErrors) {
        Problems syntax = new Problems();
        JsonNode tree = TreeCodec.read(text, format, syntax);
        if (!syntax.isEmpty()) return; // no tree: the parser's error, nothing for a schema to see
        List<Error> schemaErrors = validate(schema, tree);
        if (readerErrors.isEmpty()) {
            assertEquals(List.of(), messages(schemaErrors), "the reader accepts, the schema rejects:\n" + text);
        } else if (schemaErrors.isEmpty()) {
            for (ConfigError e : readerErrors)
                assertTrue(BEYOND_SCHEMA.stream().anyMatch(e.message()::contains),
                        "the reader rejects, the schema accepts, and the reader's error is one a schema could see: "
                                + e + "\n" + text);
        }
    }

    static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).collect(Collectors.toList());
    }
}
