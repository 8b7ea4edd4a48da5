package org.kvmworkbench.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.util.regex.Pattern;
import org.kvmworkbench.core.i18n.Phrase;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Parser exceptions as one-line messages with line and column, free of Java class names. */
final class SyntaxErrors {
    // Jackson embeds locations like "[Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 1]"
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: .*?; (line: \\d+, column: \\d+)]");
    // Limit violations name the setting: "exceeds the maximum allowed (1000, from `StreamReadConstraints...`)"
    private static final Pattern SETTING_NAME = Pattern.compile(",\\s*from `[^`]*`");

    private SyntaxErrors() {}

    /** @param parserLocation where the parser stopped; used when the exception carries no location */
    static ConfigError from(JacksonException e, JsonLocation parserLocation) {
        // SnakeYAML's own exception (the cause) has separate problem and context parts; Jackson's text joins them.
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            Mark p = y.getProblemMark(), c = y.getContextMark();
            Phrase problem = ParserWords.yamlProblem(y.getProblem());
            if (y.getContext() == null)
                return error("syntax.at", p.getLine() + 1, p.getColumn() + 1, problem);
            Phrase context = ParserWords.yamlContext(y.getContext());
            if (c == null) return error("syntax.at.context", p.getLine() + 1, p.getColumn() + 1, problem, context);
            return error("syntax.at.contextAt", p.getLine() + 1, p.getColumn() + 1, problem, context,
                    c.getLine() + 1, c.getColumn() + 1);
        }
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : parserLocation;
        Object why = words(e.getOriginalMessage());
        return loc == null || loc.getLineNr() < 0 ? error("syntax", why)
                : error("syntax.at", loc.getLineNr(), loc.getColumnNr(), why);
    }

    private static ConfigError error(String key, Object... args) {
        return new ConfigError("", Problems.say(key, args));
    }

    /** Our words for what the parser says; else its own (English, from the library) if they leak no internals. */
    private static Object words(String message) {
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        Phrase ours = ParserWords.json(firstLine);
        return ours.isLiteral() ? clean(message) : ours;
    }

    /** The parser's own words (English, from the library), or ours when they would leak its internals. */
    private static Object clean(String message) {
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        String s = SETTING_NAME.matcher(SOURCE_LOCATION.matcher(firstLine).replaceAll("$1")).replaceAll("");
        boolean leaksInternals = s.contains("`") || s.contains("com.fasterxml") || s.contains("Constraints");
        return s.isEmpty() || leaksInternals ? Problems.say("syntax.malformed") : s;
    }
}
