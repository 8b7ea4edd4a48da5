package org.kvmworkbench.core.config;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmworkbench.core.i18n.Phrase;

/**
 * What the JSON parser (Jackson) and the YAML parser (SnakeYAML, under Jackson's YAML format) say about a syntax
 * error, as our own words (ConfigError's {@code parser.*} keys) in every language: each kind of message the parsers
 * make for a hand-written config is recognised by its English text, and what varies in it (the character, the token,
 * where a bracket was opened) is kept. A message no kind recognises is kept as the parser says it (its own English):
 * a detail, where nothing better exists.
 * <p>The texts are those of jackson-core 2.21 (ParserMinimalBase, ReaderBasedJsonParser, JsonReadContext) and
 * SnakeYAML 2.x (ScannerImpl, ParserImpl, Composer); ParserWordsTest makes each one from a bad config.
 */
final class ParserWords {
    /** One kind of message: the parser's English, and our key with the values taken from it. */
    private record Kind(Pattern said, Function<Matcher, Phrase> words) {
        static Kind of(String regex, Function<Matcher, Phrase> words) {
            return new Kind(Pattern.compile(regex, Pattern.DOTALL), words);
        }
    }

    /** Jackson's "(',' (code 44))" or "((CTRL-CHAR, code 10))": the character as a name. */
    private static final String CHAR = "\\((?:'(.+?)' \\(code \\d+\\)|\\(CTRL-CHAR, code (\\d+)\\))\\)";
    /** Where Jackson says an object or array began: "[Source: ...; line: 2, column: 10]". */
    private static final String START = ".*?line: (\\d+), column: (\\d+)\\]";

    private static final List<Kind> JSON = List.of(
            Kind.of("Unexpected character " + CHAR + ": was expecting double-quote to start field name",
                    m -> Problems.say("parser.json.fieldName", character(m))),
            Kind.of("Unexpected character " + CHAR + ": was expecting comma to separate (Object|Array) entries",
                    m -> Problems.say("parser.json.comma", character(m), container(m.group(3)))),
            Kind.of("Unexpected character " + CHAR + ": was expecting a colon to separate field name and value",
                    m -> Problems.say("parser.json.colon", character(m))),
            Kind.of("Unexpected character " + CHAR + ": expected a valid value.*",
                    m -> Problems.say("parser.json.value", character(m))),
            Kind.of("Unexpected character " + CHAR + ": maybe a \\(non-standard\\) comment\\?.*",
                    m -> Problems.say("parser.json.comment", character(m))),
            Kind.of("Unexpected character " + CHAR + " in numeric value: .*",
                    m -> Problems.say("parser.json.number", character(m))),
            Kind.of("Unexpected end-of-input: expected close marker for (Object|Array) \\(start marker at" + START + "\\)",
                    m -> Problems.say("parser.json.unclosed", container(m.group(1)), line(m, 2), line(m, 3))),
            Kind.of("Unexpected end-of-input: was expecting closing quote for a string value",
                    m -> Problems.say("parser.json.unclosedString")),
            Kind.of("Unexpected end-of-input.*", m -> Problems.say("parser.end")),
            Kind.of("Unexpected close marker '(.)': expected '(.)' \\(for (Object|Array) starting at" + START + "\\)",
                    m -> Problems.say("parser.json.wrongClose", m.group(1), container(m.group(3)), line(m, 4), line(m, 5),
                            m.group(2))),
            Kind.of("Unexpected close marker '(.)': no open (Object|Array) to close",
                    m -> Problems.say("parser.json.nothingToClose", m.group(1), container(m.group(2)))),
            Kind.of("Unrecognized token '(.*?)': was expecting .*", m -> Problems.say("parser.json.token", m.group(1))),
            Kind.of("Non-standard token '(.*?)'.*", m -> Problems.say("parser.json.token", m.group(1))),
            Kind.of("Invalid numeric value: Leading zeroes not allowed", m -> Problems.say("parser.json.leadingZero")),
            Kind.of("Illegal unquoted character " + CHAR + ": has to be escaped.*",
                    m -> Problems.say("parser.json.controlInString", character(m))),
            Kind.of("Illegal character " + CHAR + ": only regular white space.*",
                    m -> Problems.say("parser.json.control", character(m))),
            Kind.of("Unrecognized character escape '(.+?)' \\(code \\d+\\)", m -> Problems.say("parser.escape", m.group(1))),
            Kind.of("Duplicate field '(.*)'", m -> Problems.say("parser.duplicate", m.group(1))),
            Kind.of("Expected a field name \\(Scalar value in YAML\\), got this instead: .*",
                    m -> Problems.say("parser.yaml.complexKey")));

    private static final List<Kind> YAML_PROBLEMS = List.of(
            Kind.of("expected ',' or '(.)', but got (.+)", m -> Problems.say("parser.yaml.flowEntry", m.group(1), token(m.group(2)))),
            Kind.of("expected <block end>, but found '?(.+?)'?", m -> Problems.say("parser.yaml.blockEnd", token(m.group(1)))),
            Kind.of("expected the node content, but found '?(.+?)'?", m -> Problems.say("parser.yaml.content", token(m.group(1)))),
            Kind.of("mapping values are not allowed here", m -> Problems.say("parser.yaml.mappingValue")),
            Kind.of("could not find expected ':'", m -> Problems.say("parser.yaml.colon")),
            Kind.of("found unexpected end of stream", m -> Problems.say("parser.end")),
            Kind.of("found character '(.+?)' that cannot start any token.*",
                    m -> Problems.say("parser.yaml.character", m.group(1))),
            Kind.of("found unknown escape character (.+?)\\(\\d+\\)", m -> Problems.say("parser.escape", m.group(1))),
            Kind.of("found undefined alias (.+)", m -> Problems.say("parser.yaml.alias", m.group(1))));

    private static final List<Kind> YAML_CONTEXTS = List.of(
            Kind.of("while parsing a flow sequence", m -> Problems.say("parser.yaml.in.flowSequence")),
            Kind.of("while parsing a flow mapping", m -> Problems.say("parser.yaml.in.flowMapping")),
            Kind.of("while parsing a block mapping", m -> Problems.say("parser.yaml.in.blockMapping")),
            Kind.of("while parsing a block collection", m -> Problems.say("parser.yaml.in.blockSequence")),
            Kind.of("while parsing a (?:flow|block) node", m -> Problems.say("parser.yaml.in.node")),
            Kind.of("while scanning a (?:double-|single-)?quoted scalar", m -> Problems.say("parser.yaml.in.quoted")),
            Kind.of("while scanning a simple key", m -> Problems.say("parser.yaml.in.key")),
            Kind.of("while scanning for the next token", m -> Problems.say("parser.yaml.in.token")));

    private ParserWords() {}

    /** Jackson's message (its first line, without the location it appends) as our words. */
    static Phrase json(String message) {
        return said(JSON, message);
    }

    /** SnakeYAML's problem ("mapping values are not allowed here") as our words. */
    static Phrase yamlProblem(String problem) {
        return said(YAML_PROBLEMS, problem);
    }

    /** SnakeYAML's context ("while parsing a flow sequence") as our words. */
    static Phrase yamlContext(String context) {
        return said(YAML_CONTEXTS, context);
    }

    private static Phrase said(List<Kind> kinds, String message) {
        for (Kind k : kinds) {
            Matcher m = k.said().matcher(message);
            if (m.matches()) return k.words().apply(m);
        }
        return Phrase.literal(message);
    }

    /** The character Jackson quoted: as written ("','"), or a control character by its code. */
    private static Phrase character(Matcher m) {
        return m.group(1) != null ? Problems.say("parser.char", m.group(1))
                : Problems.say("parser.char.control", Integer.parseInt(m.group(2)));
    }

    private static Phrase container(String jacksonName) {
        return Problems.say(jacksonName.equals("Object") ? "parser.object" : "parser.array");
    }

    private static int line(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    /** A SnakeYAML token as it names it ("<stream end>", "<scalar>", "-"), in our words. */
    private static Phrase token(String name) {
        return switch (name) {
            case "<stream end>" -> Problems.say("parser.yaml.token.end");
            case "<scalar>" -> Problems.say("parser.yaml.token.scalar");
            case "<block mapping start>", "?" -> Problems.say("parser.yaml.token.key");
            case "<block sequence start>", "-" -> Problems.say("parser.yaml.token.item");
            case ":" -> Problems.say("parser.yaml.token.colon");
            default -> Problems.say("parser.char", name);
        };
    }
}
