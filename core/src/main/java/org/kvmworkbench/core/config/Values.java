package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.core.i18n.Phrase;

/** Converters for scalar values and lists. Numbers may be YAML/JSON integers or strings like "0x3F8". */
final class Values {
    private Values() {}

    static Converter<String> text() {
        return (node, path, problems) -> {
            if (node.isTextual()) return node.textValue();
            problems.add(path, node.isValueNode() ? "expected.string.quote" : "expected.string", describe(node));
            return null;
        };
    }

    static Converter<String> nonBlankText() {
        return (node, path, problems) -> {
            String s = text().convert(node, path, problems);
            if (s != null && s.isBlank()) {
                problems.add(path, "blank");
                return null;
            }
            return s;
        };
    }

    static Converter<Boolean> bool() {
        return (node, path, problems) -> {
            if (node.isBoolean()) return node.booleanValue();
            problems.add(path, "expected.boolean", describe(node));
            return null;
        };
    }

    static Converter<Long> integer(IntRange range) {
        return (node, path, problems) -> {
            BigInteger v = integerValue(node);
            if (v == null) {
                problems.add(path, "expected.integer", range.words(), describe(node));
                return null;
            }
            return range.check(v, path, problems);
        };
    }

    /** A byte count, or a number with a K/M/G suffix. Bounds are checked by the caller. */
    static Converter<Long> size() {
        return (node, path, problems) -> {
            BigInteger v = node.isIntegralNumber() ? node.bigIntegerValue()
                    : node.isTextual() ? Numbers.parseSize(node.textValue()) : null;
            if (v == null) {
                if (node.isTextual()) problems.add(path, "size.notASize", node.textValue());
                else problems.add(path, "size.expected", describe(node));
                return null;
            }
            if (v.bitLength() >= 63) {
                problems.add(path, "size.farTooLarge", describe(node));
                return null;
            }
            return v.longValue();
        };
    }

    /** A lowercase enum name (case-insensitive on input). */
    static <E extends Enum<E>> Converter<E> choice(Class<E> type, Phrase what) {
        return (node, path, problems) -> {
            if (node.isTextual()) {
                for (E e : type.getEnumConstants())
                    if (EnumNames.of(e).equalsIgnoreCase(node.textValue().strip())) return e;
                problems.add(path, "choice.unknown", what, node.textValue(), EnumNames.all(type));
            } else {
                problems.add(path, "choice.expected", what, EnumNames.all(type), describe(node));
            }
            return null;
        };
    }

    /** A single port (integer or string) or a "lo-hi" range string. */
    static Converter<PortRange> portRange() {
        return (node, path, problems) -> {
            if (!node.isTextual()) return integer(IntRange.PORT).map(p -> PortRange.of(p.intValue()))
                    .convert(node, path, problems);
            String s = node.textValue().strip();
            int dash = s.indexOf('-', 1);
            BigInteger lo = Numbers.parseInteger(dash < 0 ? s : s.substring(0, dash));
            BigInteger hi = dash < 0 ? lo : Numbers.parseInteger(s.substring(dash + 1));
            if (lo == null || hi == null) {
                problems.add(path, "portRange.invalid", node.textValue());
                return null;
            }
            Long first = IntRange.PORT.check(lo, path, problems);
            Long last = IntRange.PORT.check(hi, path, problems);
            if (first == null || last == null) return null;
            if (first > last) {
                problems.add(path, "portRange.backwards", s);
                return null;
            }
            return new PortRange(first.intValue(), last.intValue());
        };
    }

    /** A list; every element is checked (so all bad elements are reported), null if any was bad. */
    static <T> Converter<List<T>> list(Converter<T> element, Phrase what) {
        return (node, path, problems) -> {
            if (!node.isArray()) {
                problems.add(path, "expected.list", what, describe(node));
                return null;
            }
            List<T> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < node.size(); i++) {
                T v = element.convert(node.get(i), path + "[" + i + "]", problems);
                if (v == null) ok = false;
                else out.add(v);
            }
            return ok ? out : null;
        };
    }

    /** For messages: "a boolean (true)", "a list", ... Never a Java class name. */
    static Phrase describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> Problems.say("value.string", abbreviate(node.textValue()));
            case NUMBER -> Problems.say("value.number", node.asText());
            case BOOLEAN -> Problems.say("value.boolean", node.asText());
            case ARRAY -> Problems.say("value.list");
            case OBJECT -> Problems.say("value.object");
            case NULL -> Phrase.literal("null");
            default -> Problems.say("value.unsupported");
        };
    }

    private static BigInteger integerValue(JsonNode node) {
        if (node.isIntegralNumber()) return node.bigIntegerValue();
        if (node.isTextual()) return Numbers.parseInteger(node.textValue());
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
