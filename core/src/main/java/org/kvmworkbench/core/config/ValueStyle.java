package org.kvmworkbench.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps how the user wrote numbers: when a value in the tree to save equals the value at the same place in
 * the file it was loaded from, the original text is written ("0x3F8" stays hex, "0x10000" stays "0x10000"
 * rather than becoming "64K", "1016-1023" stays decimal).
 */
final class ValueStyle {
    private ValueStyle() {}

    /** Rewrites {@code tree}'s scalars in place with the original text where the value is unchanged. */
    static void keepOriginalText(ObjectNode tree, String original, ConfigLoader.Format format) {
        Map<String, Raw> raw = scalars(original, format);
        if (!raw.isEmpty()) apply(tree, JsonPointer.empty(), raw);
    }

    /** A scalar as written; {@code number}: it was a YAML plain number (0x3F8 unquoted), not a string. */
    private record Raw(String text, boolean number) {}

    /**
     * A number written exactly as the user wrote it. Only for YAML, whose plain scalars may be hex; JSON
     * numbers are decimal, so a hex value in a JSON file was a string and stays one.
     */
    private record PlainNumber(String text) implements JsonSerializable {
        @Override public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(text);
        }

        @Override public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer type)
                throws IOException {
            serialize(gen, provider);
        }
    }

    /** Every scalar of the original text by its JSON pointer, as written; empty if it does not parse. */
    private static Map<String, Raw> scalars(String text, ConfigLoader.Format format) {
        Map<String, Raw> out = new HashMap<>();
        try (JsonParser p = TreeCodec.parser(text, format)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isScalarValue()) out.put(p.getParsingContext().pathAsPointer().toString(),
                        new Raw(p.getText(), t.isNumeric() && format == ConfigLoader.Format.YAML));
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    private static void apply(JsonNode node, JsonPointer at, Map<String, Raw> raw) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonPointer child = at.appendProperty(e.getKey());
                JsonNode kept = kept(e.getValue(), child, raw);
                if (kept != null) e.setValue(kept);
                else apply(e.getValue(), child, raw);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                JsonNode kept = kept(a.get(i), child, raw);
                if (kept != null) a.set(i, kept);
                else apply(a.get(i), child, raw);
            }
        }
    }

    /** The original text as a node, if it says the same number (or range) in another style; else null. */
    private static JsonNode kept(JsonNode now, JsonPointer at, Map<String, Raw> raw) {
        if (!now.isIntegralNumber() && !now.isTextual()) return null;
        Raw original = raw.get(at.toString());
        if (original == null) return null;
        String was = original.text();
        String is = now.asText();
        if (was.equals(is)) return null;
        // a plain decimal number stays a YAML/JSON number rather than becoming a quoted string
        if (now.isIntegralNumber() && was.strip().matches("[0-9]+")) return null;
        List<BigInteger> a = numbers(was);
        if (a == null || !a.equals(numbers(is))) return null;
        return original.number() ? new POJONode(new PlainNumber(was)) : TextNode.valueOf(was);
    }

    /** A size, integer or "lo-hi" range as its numbers; null if it is not one. */
    private static List<BigInteger> numbers(String s) {
        String t = s.strip();
        int dash = t.indexOf('-', 1);
        List<BigInteger> out = new ArrayList<>();
        for (String part : dash < 0 ? new String[] {t} : new String[] {t.substring(0, dash), t.substring(dash + 1)}) {
            BigInteger v = Numbers.parseSize(part);
            if (v == null) return null;
            out.add(v);
        }
        return out;
    }
}
