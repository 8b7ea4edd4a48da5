package org.kvmworkbench.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Text to tree and back, in YAML or JSON. Only trees are used, so all validation is ours. */
final class TreeCodec {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private TreeCodec() {}

    /** The parsed tree (null for an empty document), or null after reporting a syntax error. */
    static JsonNode read(String text, ConfigLoader.Format format, Problems problems) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser parser = mapper(format).createParser(s)) {
            try {
                JsonNode tree = mapper(format).readTree(parser);
                if (tree != null && parser.nextToken() != null) {
                    problems.add("", "unexpected content after the config at line "
                            + parser.currentLocation().getLineNr() + " (only one " + format + " document is allowed)");
                    return null;
                }
                return tree;
            } catch (JacksonException e) {
                ConfigError error = SyntaxErrors.from(e, parser.currentLocation());
                problems.add(error.field(), error.message());
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from a String cannot fail
        }
    }

    /** A streaming parser over {@code text}, for callers that need the scalars as written. */
    static JsonParser parser(String text, ConfigLoader.Format format) throws IOException {
        return mapper(format).createParser(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    static String write(JsonNode tree, ConfigLoader.Format format) {
        try {
            String text = mapper(format).writeValueAsString(tree);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a config tree", e);
        }
    }

    private static ObjectMapper mapper(ConfigLoader.Format format) {
        return format == ConfigLoader.Format.YAML ? YAML : JSON;
    }
}
