package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvmworkbench.core.config.Fixture.MINIMAL;
import static org.kvmworkbench.core.config.Fixture.assertError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmworkbench.core.i18n.TranslationFiles;
import org.kvmworkbench.core.i18n.Messages;

/** A sample's words in another language: the translation file beside the config, laid over its English. */
class SampleTextTest {
    static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    static final String CONFIG = "title: Polled serial output\nteaches: two exits per character\n"
            + "watchFor: [\"IN 0x3FD\", \"OUT 0x3F8\"]\nrunsOn: [kvm]\ndescription: The guest polls the UART\n" + MINIMAL
            + "keyExits:\n  - { port: 0x3F8, write: true, label: a character to THR }\n  - { reason: hlt }\n";

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        new Fixture(dir);
        config = Files.writeString(dir.resolve("vm.yaml"), CONFIG);
    }

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    private SampleText text(Locale language) throws ConfigException {
        return SampleText.of(config, ConfigLoader.loadWithText(config), language);
    }

    private void translation(String yaml) throws Exception {
        Files.writeString(dir.resolve("vm.zh-CN.yaml"), yaml);
    }

    static List<Path> samples() throws Exception {
        return SchemaAgreementTest.samples().toList();
    }

    @Test
    void theTranslationIsTheFileBesideTheConfigWithTheLanguageTag() {
        assertEquals(dir.resolve("vm.zh-CN.yaml"), TranslationFiles.beside(config, ZH));
        assertEquals(dir.resolve("a.b.zh-CN.json"), TranslationFiles.beside(dir.resolve("a.b.json"), ZH));
        assertEquals(null, TranslationFiles.beside(config, Locale.ENGLISH));
        assertEquals(null, TranslationFiles.beside(config, Locale.ROOT));
        assertTrue(TranslationFiles.isTranslation(dir.resolve("vm.zh-CN.yaml")));
        assertFalse(TranslationFiles.isTranslation(config));
        assertFalse(TranslationFiles.isTranslation(dir.resolve("vm.old.yaml")), "a config with a dot in its name");
    }

    @Test
    void everyFieldTranslatedIsTakenAndTheVmKeepsItsEnglish() throws Exception {
        translation("title: 轮询方式的串口输出\ndescription: 客户机轮询 UART\nteaches: 每个字符两次退出\n"
                + "watchFor: [\"从 0x3FD 的 IN\", \"向 0x3F8 的 OUT\"]\nkeyExitLabels: [一个字符写入 THR, 停机]\n");
        SampleText zh = text(ZH);
        assertEquals(new SampleInfo("轮询方式的串口输出", "每个字符两次退出", List.of("从 0x3FD 的 IN", "向 0x3F8 的 OUT"),
                List.of(BackendChoice.KVM)), zh.info());
        assertEquals("客户机轮询 UART", zh.description());
        assertEquals(List.of("一个字符写入 THR", "停机"), zh.keyExits().stream().map(KeyExit::label).toList());
        VmConfig vm = ConfigLoader.load(config);
        assertEquals(vm.keyExits().get(0).port(), zh.keyExits().get(0).port(), "the same exits, only relabelled");
        assertEquals(vm.keyExits().get(1).reason(), zh.keyExits().get(1).reason());
        assertEquals("a character to THR", vm.keyExits().get(0).label(), "the config itself stays English");
        assertEquals(SampleText.english(ConfigLoader.loadWithText(config)), text(Locale.ENGLISH));
    }

    @Test
    void withoutATranslationFileTheWordsAreEnglish() throws Exception {
        SampleText english = SampleText.english(ConfigLoader.loadWithText(config));
        assertEquals(english, text(ZH));
        assertEquals("Polled serial output", english.info().title());
        assertEquals("The guest polls the UART", english.description());
    }

    @Test
    void whatTheTranslationLeavesOutIsEnglish() throws Exception {
        translation("title: 轮询方式的串口输出\nkeyExitLabels: [~, 停机]\n");
        SampleText zh = text(ZH);
        assertEquals("轮询方式的串口输出", zh.info().title());
        assertEquals("two exits per character", zh.info().teaches());
        assertEquals(List.of("IN 0x3FD", "OUT 0x3F8"), zh.info().watchFor());
        assertEquals("The guest polls the UART", zh.description());
        assertEquals(List.of("a character to THR", "停机"), zh.keyExits().stream().map(KeyExit::label).toList());
        translation("");
        assertEquals(SampleText.english(ConfigLoader.loadWithText(config)), text(ZH), "an empty file translates nothing");
    }

    @Test
    void aMalformedTranslationIsAConfigProblemOfItsFileAndField() throws Exception {
        translation("titel: 串口\nwatchFor: 退出\nkeyExitLabels: [a, b, c]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> text(ZH));
        assertEquals(dir.resolve("vm.zh-CN.yaml").toString(), e.source());
        assertError(e.errors(), "titel", "unknown field \"titel\"; known fields of a sample's translation: title,");
        assertError(e.errors(), "watchFor", "expected a list of exits to watch for, as text, got a string");
        assertError(e.errors(), "keyExitLabels", "3 labels, but the config has 2 key exits");
        assertEquals(3, e.errors().size(), e.errors().toString());
        Messages.setLocale(ZH);
        assertTrue(e.inCurrentLanguage().contains("keyExitLabels: 有 3 个标签，但配置只有 2 个关键退出"), e.inCurrentLanguage());
    }

    @Test
    void aTranslationThatIsNotYamlIsOneSyntaxProblem() throws Exception {
        translation("title: [unclosed\n");
        ConfigException e = assertThrows(ConfigException.class, () -> text(ZH));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertTrue(e.getMessage().startsWith(dir.resolve("vm.zh-CN.yaml") + ": "), e.getMessage());
    }

    /** A new sample without its translation, or a field added in English only, fails here. */
    @ParameterizedTest
    @MethodSource("samples")
    void everySampleIsTranslatedToChineseFieldByField(Path sample) throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(sample);
        Path file = TranslationFiles.beside(sample, ZH);
        assertTrue(Files.isRegularFile(file), "no translation " + file);
        SampleText en = SampleText.english(loaded);
        SampleText.Translation zh = SampleTextReader.read(file, loaded.config().keyExits().size());
        same(en.info().title(), zh.title(), sample + " title");
        same(en.description(), zh.description(), sample + " description");
        same(en.info().teaches(), zh.teaches(), sample + " teaches");
        if (en.info().watchFor().isEmpty()) assertEquals(null, zh.watchFor(), sample + " watchFor");
        else {
            assertNotNull(zh.watchFor(), sample + " watchFor");
            assertEquals(en.info().watchFor().size(), zh.watchFor().size(), sample + " watchFor: one line for each");
        }
        List<String> labels = zh.keyExitLabels() == null ? List.of() : zh.keyExitLabels();
        for (int i = 0; i < en.keyExits().size(); i++) {
            String english = en.keyExits().get(i).label();
            same(english, i < labels.size() ? labels.get(i) : null, sample + " keyExits[" + i + "].label");
        }
    }

    /** Translated when there is an English text; a translation only of what is there. */
    private static void same(String english, String chinese, String what) {
        if (english == null) {
            assertEquals(null, chinese, what + ": nothing to translate");
            return;
        }
        assertNotNull(chinese, what + " is not translated");
        assertTrue(chinese.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                || english.equals(chinese) && !english.matches(".*[a-z]{3}.*"), what + " is still English: " + chinese);
    }
}
