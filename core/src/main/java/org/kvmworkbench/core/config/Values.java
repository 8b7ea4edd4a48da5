package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Converters for scalar values and lists. Numbers may be YAML/JSON integers or strings like "0x3F8". */
final class Values {
    private Values() {}

    static Converter<String> text() {
        return (node, path, problems) -> {
            if (node.isTextual()) return node.textValue();
            problems.add(path, "expected a string, got " + describe(node)
                    + (node.isValueNode() ? "; put it in quotes" : ""));
            return null;
        };
    }

    static Converter<String> nonBlankText() {
        return (node, path, problems) -> {
            String s = text().convert(node, path, problems);
            if (s != null && s.isBlank()) {
                problems.add(path, "must not be blank");
                return null;
            }
            return s;
        };
    }

    static Converter<Boolean> bool() {
        return (node, path, problems) -> {
            if (node.isBoolean()) return node.booleanValue();
            problems.add(path, "expected true or false, got " + describe(node));
            return null;
        };
    }

    static Converter<Long> integer(IntRange range) {
        return (node, path, problems) -> {
            BigInteger v = integerValue(node);
            if (v == null) {
                problems.add(path, "expected " + range.what() + " as an integer (decimal, or hex like 0x3F8), got "
                        + describe(node));
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
                problems.add(path, (node.isTextual() ? "\"" + node.textValue() + "\" is not a size"
                        : "expected a size, got " + describe(node))
                        + "; write a byte count or a number with K or M, e.g. 64K or 1M");
                return null;
            }
            if (v.bitLength() >= 63) {
                problems.add(path, describe(node) + " is far too large");
                return null;
            }
            return v.longValue();
        };
    }

    /** A lowercase enum name (case-insensitive on input). */
    static <E extends Enum<E>> Converter<E> choice(Class<E> type, String what) {
        return (node, path, problems) -> {
            if (node.isTextual()) {
                for (E e : type.getEnumConstants())
                    if (EnumNames.of(e).equalsIgnoreCase(node.textValue().strip())) return e;
                problems.add(path, "unknown " + what + " \"" + node.textValue() + "\"; valid: "
                        + EnumNames.all(type));
            } else {
                problems.add(path, "expected " + what + " (" + EnumNames.all(type) + "), got " + describe(node));
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
                problems.add(path, "\"" + node.textValue() + "\" is not a port or port range;"
                        + " write a port like 0xE9 or a range like \"0x3F8-0x3FF\"");
                return null;
            }
            Long first = IntRange.PORT.check(lo, path, problems);
            Long last = IntRange.PORT.check(hi, path, problems);
            if (first == null || last == null) return null;
            if (first > last) {
                problems.add(path, "range \"" + s + "\" is backwards: its start is above its end");
                return null;
            }
            return new PortRange(first.intValue(), last.intValue());
        };
    }

    /** A list; every element is checked (so all bad elements are reported), null if any was bad. */
    static <T> Converter<List<T>> list(Converter<T> element, String what) {
        return (node, path, problems) -> {
            if (!node.isArray()) {
                problems.add(path, "expected a list of " + what + ", got " + describe(node));
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
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string (\"" + abbreviate(node.textValue()) + "\")";
            case NUMBER -> "a number (" + node.asText() + ")";
            case BOOLEAN -> "a boolean (" + node.asText() + ")";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "an unsupported value";
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
