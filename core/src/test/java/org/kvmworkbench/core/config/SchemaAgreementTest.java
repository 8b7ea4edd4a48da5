package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvmworkbench.core.i18n.TranslationFiles;

/**
 * The published schema against the samples and the app's own output. (Every config text the other config
 * tests parse is checked against the schema too, through {@link Fixture}.)
 */
class SchemaAgreementTest {
    static final Path SAMPLES = Path.of("..", "samples");
    static final Path PUBLISHED = SAMPLES.resolve("schema").resolve(ConfigSchema.FILE_NAME);

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") && !TranslationFiles.isTranslation(p))
                    .sorted().toList();
            assertFalse(yaml.isEmpty(), "no samples in " + SAMPLES.toAbsolutePath());
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleIsValidForTheReaderAndTheSchema(Path sample) throws Exception {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithText(sample);
        SchemaCheck.agrees(loaded.text(), ConfigLoader.Format.YAML, List.of());
        for (ConfigLoader.Format format : ConfigLoader.Format.values())
            SchemaCheck.agrees(ConfigLoader.toText(loaded.config(), format), format, List.of());
    }

    /** Each translation (the test that every sample has one is {@link SampleTextTest}) passes both readers. */
    @ParameterizedTest
    @MethodSource("samples")
    void everySampleTranslationIsValidForTheReaderAndTheSchema(Path sample) throws Exception {
        Path translation = TranslationFiles.beside(sample, java.util.Locale.SIMPLIFIED_CHINESE);
        String text = Files.readString(translation);
        List<ConfigError> errors = List.of();
        try {
            SampleTextReader.read(translation, ConfigLoader.load(sample).keyExits().size());
        } catch (ConfigException e) {
            errors = e.errors();
        }
        assertEquals(List.of(), errors.stream().map(ConfigError::toString).toList(), translation.toString());
        SchemaCheck.translationAgrees(text, ConfigLoader.Format.YAML, errors);
        assertEquals("# yaml-language-server: $schema=schema/" + ConfigSchema.TRANSLATION_FILE_NAME,
                Files.readAllLines(translation).get(0), translation.toString());
    }

    @Test
    void theTranslationSchemaRejectsWhatTheReaderRejects() {
        for (String bad : List.of("titel: x\n", "title: ' '\n", "watchFor: OUT\n", "watchFor: [1]\n",
                "keyExitLabels: [' ']\n", "keyExitLabels: {a: b}\n", "- title\n")) {
            Problems problems = new Problems();
            assertEquals(null, SampleTextReader.read(tree(bad), 5, problems), bad);
            assertFalse(problems.isEmpty(), bad);
            SchemaCheck.translationAgrees(bad, ConfigLoader.Format.YAML, problems.list());
            assertFalse(SchemaCheck.validateTranslation(tree(bad)).isEmpty(), bad);
        }
    }

    /** The Chinese schema is the same schema: only its words (description, title) differ, each said in Chinese. */
    @Test
    void theChineseSchemaIsTheSameSchemaWithChineseWords() throws IOException {
        String name = TranslationFiles.nameIn(ConfigSchema.FILE_NAME, java.util.Locale.SIMPLIFIED_CHINESE);
        assertEquals("kvm-workbench-config.schema.zh-CN.json", name);
        String zh = Files.readString(SAMPLES.resolve("schema").resolve(name));
        assertEquals(zh, ConfigSchema.text(java.util.Locale.SIMPLIFIED_CHINESE), "the jar carries it");
        assertEquals(ConfigSchema.text(), ConfigSchema.text(java.util.Locale.ENGLISH));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode en = json.readTree(ConfigSchema.text());
        com.fasterxml.jackson.databind.JsonNode cn = json.readTree(zh);
        List<String> words = new java.util.ArrayList<>();
        sameSchema(en, cn, "", words);
        assertTrue(words.size() >= 50, "descriptions compared: " + words.size());
    }

    /** Asserts {@code zh} is {@code en} but for the text of its description and title keywords; collects those. */
    private static void sameSchema(com.fasterxml.jackson.databind.JsonNode en, com.fasterxml.jackson.databind.JsonNode zh,
                                   String at, List<String> words) {
        assertEquals(en.getNodeType(), zh.getNodeType(), at);
        if (en.isObject()) {
            List<String> keys = new java.util.ArrayList<>();
            List<String> zhKeys = new java.util.ArrayList<>();
            en.fieldNames().forEachRemaining(keys::add);
            zh.fieldNames().forEachRemaining(zhKeys::add);
            assertEquals(keys, zhKeys, at + ": the same keys in the same order");
            en.fieldNames().forEachRemaining(k -> {
                if ((k.equals("description") || k.equals("title")) && en.get(k).isTextual()) {
                    String said = zh.get(k).textValue();
                    assertTrue(said.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                            at + "/" + k + " is not Chinese: " + said);
                    words.add(said);
                } else {
                    sameSchema(en.get(k), zh.get(k), at + "/" + k, words);
                }
            });
        } else if (en.isArray()) {
            assertEquals(en.size(), zh.size(), at);
            for (int i = 0; i < en.size(); i++) sameSchema(en.get(i), zh.get(i), at + "/" + i, words);
        } else {
            assertEquals(en, zh, at + ": keys, types, enums, patterns and numbers are the same");
        }
    }

    @Test
    void theJarCarriesThePublishedTranslationSchema() throws IOException {
        assertEquals(Files.readString(SAMPLES.resolve("schema").resolve(ConfigSchema.TRANSLATION_FILE_NAME)),
                ConfigSchema.translationText());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleNamesTheSchemaForEditors(Path sample) throws IOException {
        String first = Files.readAllLines(sample).get(0);
        assertEquals("# yaml-language-server: $schema=schema/" + ConfigSchema.FILE_NAME, first, sample.toString());
    }

    @Test
    void theJarCarriesThePublishedSchema() throws IOException {
        assertEquals(Files.readString(PUBLISHED), ConfigSchema.text());
    }

    @Test
    void theSchemaRejectsWhatTheReaderRejects(@TempDir Path dir) {
        Fixture fx = new Fixture(dir);
        // Each is checked by both through Fixture; these also make sure the schema really says no.
        for (String bad : List.of(Fixture.MINIMAL + "memroy: 1M\n", "memory: 64K\nimage: guest.bin\n",
                Fixture.MINIMAL + "backend: qemu\n", Fixture.MINIMAL + "devices: [{type: uart16550, prot: 1}]\n",
                Fixture.MINIMAL + "controls: {ioBitmap: [0xE9]}\n",
                Fixture.MINIMAL + "devices: [{type: virtio-console, transport: mmio, port: 0xC000}]\n")) {
            fx.yamlErrors(bad);
            assertFalse(SchemaCheck.validate(tree(bad)).isEmpty(), bad);
        }
    }

    @Test
    void nullFieldsCountAsAbsentForBoth(@TempDir Path dir) throws ConfigException {
        new Fixture(dir).yaml(Fixture.MINIMAL + "description:\nbackend:\nentry:\ndevices:\ncontrols:\nkvm:\n");
    }

    /** The one leniency the schema does not copy: the reader takes choices in any case, editors ask for lowercase. */
    @Test
    void choicesInAnotherCaseAreAcceptedByTheReaderOnly(@TempDir Path dir) throws ConfigException {
        String text = Fixture.MINIMAL + "backend: KVM\n";
        new Fixture(dir);
        assertEquals(BackendChoice.KVM, ConfigLoader.parse(text, ConfigLoader.Format.YAML, dir).backend());
        assertTrue(SchemaCheck.validate(tree(text)).stream().anyMatch(e -> e.toString().contains("backend")));
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String yaml) {
        return TreeCodec.read(yaml, ConfigLoader.Format.YAML, new Problems());
    }
}
