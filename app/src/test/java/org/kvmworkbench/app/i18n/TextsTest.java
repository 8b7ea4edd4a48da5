package org.kvmworkbench.app.i18n;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.WorkbenchWindowTexts;

/** The language: which one a tag or a system locale means, the switch and its listeners, the --lang option. */
class TextsTest {
    @AfterEach
    void english() {
        Texts.setLocale(Locale.ENGLISH);
        System.clearProperty(Language.PROPERTY);
    }

    @Test
    void anyChineseIsSimplifiedChineseAnythingElseEnglish() {
        assertEquals(Texts.ZH_CN, Texts.supported(Locale.TRADITIONAL_CHINESE));
        assertEquals(Texts.ZH_CN, Texts.supported(Locale.forLanguageTag("zh")));
        assertEquals(Locale.ENGLISH, Texts.supported(Locale.GERMANY));
        assertEquals(Locale.ENGLISH, Texts.supported(Locale.ROOT));
        for (String tag : List.of("zh-CN", "zh_CN", "zh", " ZH-cn ")) assertEquals(Texts.ZH_CN, Texts.parse(tag), tag);
        assertEquals(Locale.ENGLISH, Texts.parse("en"));
        assertNull(Texts.parse("fr"));
    }

    @Test
    void aSwitchChangesEveryTextAndTellsTheListenersOnce() {
        Texts window = WorkbenchWindowTexts.texts();
        assertEquals("Run", window.get("run"));
        List<Locale> heard = new ArrayList<>();
        Consumer<Locale> listener = heard::add;
        Texts.addListener(listener);
        try {
            Texts.setLocale(Locale.SIMPLIFIED_CHINESE);
            Texts.setLocale(Locale.CHINA); // the same language: no second rebuild
            assertEquals("运行", window.get("run"));
            assertEquals("速度 2×", window.format("speed", "2"));
            Texts.setLocale(Locale.US);
            assertEquals("Run", window.get("run"));
        } finally {
            Texts.removeListener(listener);
        }
        assertEquals(List.of(Texts.ZH_CN, Locale.ENGLISH), heard);
        assertEquals("!no.such.key!", window.get("no.such.key"));
    }

    @Test
    void englishIsTheBaseFileWhateverTheSystemLocale() {
        Locale system = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE); // a Chinese desktop, English chosen in the app
            Texts.setLocale(Locale.ENGLISH);
            assertEquals("Run", WorkbenchWindowTexts.texts().get("run"));
        } finally {
            Locale.setDefault(system);
        }
    }

    @Test
    void theLangOptionIsTakenOutOfTheArguments() {
        assertArrayEquals(new String[] {"a.yaml"}, Language.apply(new String[] {"--lang", "zh-CN", "a.yaml"}));
        assertEquals(Texts.ZH_CN, Texts.locale());
        assertArrayEquals(new String[] {"run", "x"}, Language.apply(new String[] {"run", "--lang=en", "x"}));
        assertEquals(Locale.ENGLISH, Texts.locale());
        System.setProperty(Language.PROPERTY, "zh");
        assertArrayEquals(new String[0], Language.apply(new String[0]));
        assertEquals(Texts.ZH_CN, Texts.locale());
        assertThrows(IllegalArgumentException.class, () -> Language.apply(new String[] {"--lang", "klingon"}));
        assertThrows(IllegalArgumentException.class, () -> Language.apply(new String[] {"--lang"}));
    }

    @Test
    void aBadLangOptionIsSaidInTheSystemsLanguageOrThePropertys() {
        Texts.setLocale(Texts.ZH_CN); // a Chinese desktop: the option's language cannot be used, it is the wrong one
        assertEquals("未知的语言 \"klingon\"：请用 en 或 zh-CN", assertThrows(IllegalArgumentException.class,
                () -> Language.apply(new String[] {"--lang", "klingon"})).getMessage());
        assertEquals("--lang 需要指定语言：en 或 zh-CN",
                assertThrows(IllegalArgumentException.class, () -> Language.apply(new String[] {"--lang"})).getMessage());
        System.setProperty(Language.PROPERTY, "en"); // the property chose English: the error follows it
        assertEquals("unknown language \"klingon\": en or zh-CN", assertThrows(IllegalArgumentException.class,
                () -> Language.apply(new String[] {"--lang=klingon"})).getMessage());
        assertEquals("--lang needs a language: en or zh-CN",
                assertThrows(IllegalArgumentException.class, () -> Language.apply(new String[] {"a.yaml", "--lang"})).getMessage());
        System.setProperty(Language.PROPERTY, "klingon"); // a bad property, and no option to overrule it
        Texts.setLocale(Texts.ZH_CN);
        assertEquals("未知的语言 \"klingon\"：请用 en 或 zh-CN",
                assertThrows(IllegalArgumentException.class, () -> Language.apply(new String[0])).getMessage());
    }
}
