package org.kvmworkbench.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Text to tree and back, in YAML or JSON. Only trees are used, so all validation is ours. Reading builds the tree
 * straight from the streaming parser: an ObjectMapper (hundreds of classes, ~0.1 s at start-up) is made only to
 * write a config back.
 */
final class TreeCodec {
    private static final JsonFactory YAML_IN = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL) // "key:" with nothing after it is null, as YAMLMapper reads it
            .build();
    private static final JsonFactory JSON_IN = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The writers, made on first use. */
    private static final class Out {
        static final ObjectMapper YAML = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build();
        static final ObjectMapper JSON = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private TreeCodec() {}

    /** The parsed tree (null for an empty document), or null after reporting a syntax error. */
    static JsonNode read(String text, ConfigLoader.Format format, Problems problems) {
        try (JsonParser parser = parser(text, format)) {
            try {
                if (parser.nextToken() == null) return null;
                JsonNode tree = node(parser);
                if (parser.nextToken() != null) {
                    problems.add("", "syntax.trailing", parser.currentLocation().getLineNr(), format);
                    return null;
                }
                return tree;
            } catch (JacksonException e) {
                problems.add(SyntaxErrors.from(e, parser.currentLocation()));
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from a String cannot fail
        }
    }

    /** The value the parser is at, with everything inside it; leaves the parser on the value's last token. */
    private static JsonNode node(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, node(p));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(node(p));
                return a;
            }
            case VALUE_STRING: return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT: return NODES.numberNode(p.getIntValue());
                    case LONG: return NODES.numberNode(p.getLongValue());
                    default: return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT: return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE: return NODES.booleanNode(true);
            case VALUE_FALSE: return NODES.booleanNode(false);
            case VALUE_NULL: return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT: {
                Object v = p.getEmbeddedObject();
                return v instanceof byte[] b ? NODES.binaryNode(b) : NODES.pojoNode(v);
            }
            default: throw new IllegalStateException("unexpected token " + p.currentToken());
        }
    }

    /** A streaming parser over {@code text}, for callers that need the scalars as written. */
    static JsonParser parser(String text, ConfigLoader.Format format) throws IOException {
        return (format == ConfigLoader.Format.YAML ? YAML_IN : JSON_IN)
                .createParser(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    static String write(JsonNode tree, ConfigLoader.Format format) {
        try {
            String text = (format == ConfigLoader.Format.YAML ? Out.YAML : Out.JSON).writeValueAsString(tree);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a config tree", e);
        }
    }
}
