package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvmworkbench.core.i18n.Messages;

/**
 * A syntax error is said in our words in every language, with the parser's precise location: each kind of message
 * Jackson (JSON) and SnakeYAML (YAML) make for a hand-written config is made here from a bad config and must come out
 * as one of our phrases, not the parser's English.
 */
class ParserWordsTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
        Messages.setLocale(Locale.ROOT);
    }

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    /** Latin letters left in a Chinese text once names (quoted source text, JSON/YAML words) are taken out. */
    private static final Pattern ENGLISH = Pattern.compile("\\b(?!(?:JSON|YAML|true|false|null)\\b)[A-Za-z]{3,}\\b");

    private static ConfigError only(List<ConfigError> errors) {
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {\\n "name": "t",,\\n}          | 2 | 14 | unexpected ',': a field name in double quotes was expected | 意外的 ','：这里应是用双引号括起的字段名
            {"name": "t"                   | 1 | 13 | the text ends before the object { } opened at line 1, column 1 is closed | 文本结束时，第 1 行第 1 列打开的对象 { }还没有关闭
            {"a": tru}                     | 1 | 7  | unknown word 'tru' | 未知的词 'tru'
            {"a": 01}                      | 1 | 8  | cannot start with 0 | 不能以 0 开头
            {"a": [1, 2}                   | 1 | 12 | '}' cannot close the list [ ] opened at line 1, column 7: it needs ']' | '}' 不能关闭第 1 行第 7 列打开的列表 [ ]：它需要 ']'
            {"a": 1 "b": 2}                | 1 | 9  | a comma was expected between the entries of this object { } | 这个对象 { }的各项之间应有逗号
            {"a" 1}                        | 1 | 6  | a colon was expected | 字段名和它的值之间应有冒号
            {"a": "x\\ny"}                 | 1 | 9  | control character 10 inside a string | 字符串中有控制字符 10
            {"a": "\\\\q"}                 | 1 | 9  | unknown escape \\q | 未知的转义 \\q
            {"a": 1, "a": 2}               | 1 | 13 | Duplicate field 'a' | 字段 'a' 重复
            {"a": // c\\n 1}               | 1 | 7  | JSON has no comments | JSON 没有注释
            {"a": 1}}                      | 1 | 9  | '}' closes nothing: no object { } is open here | '}' 没有可关闭的内容：这里没有打开的对象 { }
            {"a": -}                       | 1 | 8  | unexpected '}' in a number | 数字中有意外的 '}'
            {"a": "abc                     | 1 | 11 | its closing double quote is missing | 缺少结尾的双引号
            [1,]                           | 1 | 4  | unexpected ']': a value was expected | 意外的 ']'：这里应是一个值
            {"a": NaN}                     | 1 | 10 | unknown word 'NaN' | 未知的词 'NaN'
            """)
    void jacksonsMessagesAreOurWords(String json, int line, int column, String english, String chinese) {
        assertSaid(only(fx.jsonErrors(json.replace("\\n", "\n").replace("\\\\", "\\"))), line, column, english, chinese);
    }

    /** Our words, not the parser's, in English and in Chinese, each with the parser's line and column. */
    private static void assertSaid(ConfigError e, int line, int column, String english, String chinese) {
        assertFalse(e.words().isLiteral(), e.message());
        String at = "syntax error at line " + line + ", column " + column + ": ";
        assertTrue(e.message().startsWith(at) && e.message().contains(english), e.message());
        assertFalse(e.message().contains("while parsing") || e.message().contains("<") || e.message().contains("code "),
                e.message());
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        String said = e.inCurrentLanguage();
        assertTrue(said.startsWith("语法错误，第 " + line + " 行第 " + column + " 列：") && said.contains(chinese), said);
        assertFalse(ENGLISH.matcher(said.replaceAll("'[^']*'", "")).find(), "English left: " + said);
        Messages.setLocale(Locale.ROOT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            name: t\\ndevices: [1, 2\\nmemory: 64K\\n | 3 | 7  | ',' or ']' was expected, but found ':' (the list [ ] started at line 2, column 10) | 这里应是 ',' 或 ']'，却出现了':'（[ ] 列表 始于第 2 行第 10 列）
            name: [unclosed\\n                     | 2 | 1  | but found the end of the text (the list [ ] started at line 1, column 7) | 却出现了文本结尾（[ ] 列表 始于第 1 行第 7 列）
            a: b: c\\n                             | 1 | 5  | a ':' is not allowed here | 这里不允许 ':'
            a:\\n  - 1\\n b: 2\\n                  | 3 | 2  | a new field (name: value) where the indentation says the block above has ended | 在缩进表明上面的块已经结束的位置出现了一个新字段
            a: 'x\\n                               | 2 | 1  | the text ends too early: something opened here is never closed (the quoted text started at line 1, column 4) | 文本提前结束
            a: @x\\n                               | 1 | 4  | the character '@' cannot start a value | 字符 '@' 不能作为值的开头
            a: 1\\na: 2\\n                         | 2 | 2  | Duplicate field 'a' | 字段 'a' 重复
            - a\\nb: 1\\n                          | 2 | 1  | a new field (name: value) where the indentation says | （列表 始于第 1 行第 1 列）
            a: \\"\\\\q\\"\\n                      | 1 | 6  | unknown escape \\q in a quoted string (the quoted text started at line 1, column 4) | 引号字符串中有未知的转义 \\q
            a: 'x' y\\n                            | 1 | 8  | a value where the indentation says | 出现了一个值
            ? [a\\n                                | 1 | 4  | a field name must be plain text | 字段名必须是普通文本
            """)
    void snakeYamlsMessagesAreOurWords(String yaml, int line, int column, String english, String chinese) {
        String text = yaml.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        assertSaid(only(fx.yamlErrors(text)), line, column, english, chinese);
    }

    /** Nothing better exists for a message no kind recognises: it stays as the parser says it, a detail. */
    @Test
    void anUnknownMessageIsKeptAsTheParserSaysIt() {
        assertEquals("Something new the parser says", ParserWords.json("Something new the parser says").english());
        assertTrue(ParserWords.json("Something new the parser says").isLiteral());
        assertTrue(ParserWords.yamlProblem("found something new").isLiteral());
        assertTrue(ParserWords.yamlContext("while doing something new").isLiteral());
    }
}
