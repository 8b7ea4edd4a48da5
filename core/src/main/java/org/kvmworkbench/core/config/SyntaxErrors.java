package org.kvmworkbench.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.util.regex.Pattern;
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
            String context = y.getContext() == null ? ""
                    : " (" + y.getContext() + (y.getContextMark() == null ? "" : " started at " + at(y.getContextMark())) + ")";
            return new ConfigError("", "syntax error at " + at(y.getProblemMark()) + ": " + y.getProblem() + context);
        }
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : parserLocation;
        String where = loc == null || loc.getLineNr() < 0 ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new ConfigError("", "syntax error" + where + ": " + clean(e.getOriginalMessage()));
    }

    private static String at(Mark m) {
        return "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }

    private static String clean(String message) {
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        String s = SETTING_NAME.matcher(SOURCE_LOCATION.matcher(firstLine).replaceAll("$1")).replaceAll("");
        boolean leaksInternals = s.contains("`") || s.contains("com.fasterxml") || s.contains("Constraints");
        return s.isEmpty() || leaksInternals ? "the input is malformed here" : s;
    }
}
