package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.i18n.Phrase;

/**
 * Reads the fields of one JSON/YAML object. Unknown fields are reported when it is opened; a field that
 * is present but null counts as absent.
 */
final class ObjectReader {
    private final JsonNode node;
    private final String path;
    private final Problems problems;

    private ObjectReader(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * @param what  how the object is named in messages, e.g. "a uart16550 device"
     * @param known the fields it may have, in the order they are listed to the user
     * @return null (after reporting) when {@code node} is not an object
     */
    static ObjectReader open(JsonNode node, String path, Phrase what, List<String> known, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "expected.object", what, String.join(", ", known), Values.describe(node));
            return null;
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String f : names)
            if (!known.contains(f))
                problems.add(child(path, f), "unknownField", f, what, String.join(", ", known));
        return new ObjectReader(node, path, problems);
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    String path(String field) {
        return child(path, field);
    }

    Problems problems() {
        return problems;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** The nested object {@code field}; null if absent, or (after reporting) not an object. */
    ObjectReader object(String field, Phrase what, List<String> known) {
        return has(field) ? open(node.get(field), path(field), what, known, problems) : null;
    }

    /** The converted value; null if absent (reported as missing) or invalid. */
    <T> T required(String field, Converter<T> converter) {
        if (!has(field)) {
            problems.add(path(field), "required");
            return null;
        }
        return converter.convert(node.get(field), path(field), problems);
    }

    /** The converted value, {@code fallback} if absent, null if invalid. */
    <T> T optional(String field, Converter<T> converter, T fallback) {
        return has(field) ? converter.convert(node.get(field), path(field), problems) : fallback;
    }
}
