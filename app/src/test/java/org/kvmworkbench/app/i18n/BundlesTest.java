package org.kvmworkbench.app.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Walks every resource bundle of the app: English and Simplified Chinese have the same keys and placeholders,
 * Chinese texts keep no English words but names, and every key the Java sources name exists.
 */
class BundlesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+\\$)?[-#+ 0,(]*\\d*(\\.\\d+)?[sdxXfc%n]");
    private static final Pattern TEXTS_FIELD = Pattern.compile("(\\w+)\\s*=\\s*Texts\\.of\\((\\w+)\\.class\\)");
    private static final Pattern INLINE = Pattern.compile("Texts\\.of\\((\\w+)\\.class\\)\\.(?:get|format|has)\\(\"([^\"]+)\"\\s*[,)]");

    @Test
    void everyBundleHasAChineseTwinWithTheSameKeysAndPlaceholders() throws IOException {
        List<Path> bases = Bundles.baseBundles();
        assertTrue(bases.size() >= 3, "found only " + bases);
        List<String> problems = new ArrayList<>();
        for (Path base : bases) {
            Path zh = Bundles.chinese(base);
            if (!Files.exists(zh)) {
                problems.add(base + ": no " + zh.getFileName());
                continue;
            }
            Map<String, String> en = Bundles.load(base), cn = Bundles.load(zh);
            for (String k : en.keySet()) if (!cn.containsKey(k)) problems.add(zh.getFileName() + ": missing " + k);
            for (String k : cn.keySet()) if (!en.containsKey(k)) problems.add(base.getFileName() + ": missing " + k);
            for (String k : en.keySet()) {
                if (!cn.containsKey(k)) continue;
                if (!placeholders(en.get(k)).equals(placeholders(cn.get(k))))
                    problems.add(zh.getFileName() + ": " + k + " has placeholders " + placeholders(cn.get(k))
                            + ", English has " + placeholders(en.get(k)));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void chineseTextsKeepNoEnglishButNames() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path base : Bundles.baseBundles()) {
            Path zh = Bundles.chinese(base);
            if (!Files.exists(zh)) continue;
            for (Map.Entry<String, String> e : Bundles.load(zh).entrySet()) {
                if (e.getKey().startsWith("ref.")) continue; // citations keep the cited document's title
                String text = PLACEHOLDER.matcher(e.getValue()).replaceAll(" ");
                List<String> words = Bundles.englishWords(text);
                if (!words.isEmpty()) problems.add(zh.getFileName() + " " + e.getKey() + ": " + words);
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " texts with English words:\n" + String.join("\n", problems));
    }

    @Test
    void theWordRuleFindsEnglishAndLetsNamesThrough() {
        assertEquals(List.of("exit", "the"), Bundles.englishWords("VM exit：the kvm_run->exit_reason, HLT, vCPU, x86"));
        assertEquals(List.of(), Bundles.englishWords("vmx_handle_exit → handle_io，端口 0x3F8，api.rst，ioctl(KVM_RUN)"));
    }

    @Test
    void everyKeyTheSourcesNameExistsInBothLanguages() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(Bundles.SOURCES)) {
            for (Path java : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String src = Files.readString(java, StandardCharsets.UTF_8);
                Map<String, String> owners = new HashMap<>();
                Matcher f = TEXTS_FIELD.matcher(src);
                while (f.find()) owners.put(f.group(1), f.group(2));
                List<String[]> uses = new ArrayList<>();
                for (Map.Entry<String, String> o : owners.entrySet()) {
                    Matcher u = Pattern.compile("\\b" + o.getKey() + "\\.(?:get|format|has)\\(\"([^\"]+)\"\\s*[,)]")
                            .matcher(src);
                    while (u.find()) uses.add(new String[] {o.getValue(), u.group(1)});
                }
                Matcher i = INLINE.matcher(src);
                while (i.find()) uses.add(new String[] {i.group(1), i.group(2)});
                for (String[] use : uses) {
                    Path base = bundleOf(java, use[0]);
                    if (base == null) {
                        problems.add(java + ": no bundle for " + use[0]);
                        continue;
                    }
                    if (!Bundles.load(base).containsKey(use[1])) problems.add(base + ": no key " + use[1]);
                    Path zh = Bundles.chinese(base);
                    if (Files.exists(zh) && !Bundles.load(zh).containsKey(use[1])) problems.add(zh + ": no key " + use[1]);
                    checked++;
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked > 20, "only " + checked + " keys found in the sources");
    }

    @Test
    void everyMessageKeyCoreAndKvmNativeNameExistsInBothLanguages() throws IOException {
        Pattern field = Pattern.compile("(\\w+)\\s*=\\s*Messages\\.of\\((\\w+)\\.class\\)");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path module : Bundles.MODULES.subList(1, Bundles.MODULES.size())) {
            Path sources = module.resolve(Bundles.SOURCES);
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path java : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String src = Files.readString(java, StandardCharsets.UTF_8);
                    Matcher owner = Pattern.compile("\\b(NoteText|KvmNotes)\\.(?:english|phrase)\\(\"([^\"]+)\"").matcher(src);
                    while (owner.find()) { // notes made through their owner's english(key, ...)
                        Path base = bundleOfModuleClass(owner.group(1));
                        if (!Bundles.load(base).containsKey(owner.group(2))) problems.add(base + ": no key " + owner.group(2));
                        if (!Bundles.load(Bundles.chinese(base)).containsKey(owner.group(2)))
                            problems.add(Bundles.chinese(base) + ": no key " + owner.group(2));
                        checked++;
                    }
                    Matcher words = Pattern.compile("\\b([A-Z]\\w+)\\.WORDS\\.phrase\\(\"([^\"]+)\"").matcher(src);
                    while (words.find()) { // a phrase of another class's bundle (CpuExit.WORDS.phrase("x87", ...))
                        checked += keyInBoth(bundleOfModuleClass(words.group(1)), words.group(2), problems);
                    }
                    if (java.getFileName().toString().equals("Problems.java")
                            || java.getParent().getFileName().toString().equals("config")) {
                        checked += configKeys(src, problems);
                    }
                    Matcher f = field.matcher(src);
                    if (!f.find()) continue;
                    Path base = module.resolve(Bundles.RESOURCES)
                            .resolve(sources.relativize(java).toString().replace(".java", ".properties"));
                    if (!Files.exists(base)) {
                        problems.add(java + ": no bundle " + base);
                        continue;
                    }
                    Map<String, String> en = Bundles.load(base), cn = Bundles.load(Bundles.chinese(base));
                    Matcher u = Pattern.compile("\\b" + f.group(1) + "\\.(?:get|format|english|phrase)\\(\"([^\"]+)\"\\s*[,)]")
                            .matcher(src);
                    while (u.find()) {
                        if (!en.containsKey(u.group(1))) problems.add(base + ": no key " + u.group(1));
                        if (!cn.containsKey(u.group(1))) problems.add(Bundles.chinese(base) + ": no key " + u.group(1));
                        checked++;
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked > 50, "only " + checked + " message keys found in core and kvm-native");
    }

    /** 1 after adding a problem for each language of {@code base} that has no {@code key}. */
    private static int keyInBoth(Path base, String key, List<String> problems) {
        if (!Bundles.load(base).containsKey(key)) problems.add(base + ": no key " + key);
        if (!Bundles.load(Bundles.chinese(base)).containsKey(key)) problems.add(Bundles.chinese(base) + ": no key " + key);
        return 1;
    }

    /**
     * Config problems are made as {@code problems.add(field, "key", ...)} or {@code Problems.say("key", ...)}: each
     * such call names a key of ConfigError.properties (a field name such as "image" may come before it).
     */
    private static int configKeys(String src, List<String> problems) throws IOException {
        Path base = bundleOfModuleClass("ConfigError");
        Map<String, String> en = Bundles.load(base);
        int checked = 0;
        Matcher say = Pattern.compile("\\bProblems\\.say\\(\"([^\"]+)\"").matcher(src);
        while (say.find()) checked += keyInBoth(base, say.group(1), problems);
        Matcher add = Pattern.compile("\\b(?:problems|problems\\(\\))\\.add\\(((?:[^;\"]|\"[^\"]*\")*?)\\);").matcher(src);
        while (add.find()) {
            List<String> literals = new ArrayList<>();
            Matcher lit = Pattern.compile("\"([^\"]*)\"").matcher(add.group(1));
            while (lit.find()) literals.add(lit.group(1));
            if (literals.isEmpty() || add.group(1).startsWith("new ")) continue; // add(error): words made elsewhere
            String key = literals.stream().filter(en::containsKey).reduce((x, y) -> y).orElse(null);
            if (key == null) problems.add(base + ": none of " + literals + " is a key (" + add.group() + ")");
            else checked += keyInBoth(base, key, problems);
        }
        return checked;
    }

    /** The English bundle of core's or kvm-native's class {@code simpleName}. */
    private static Path bundleOfModuleClass(String simpleName) throws IOException {
        for (Path module : Bundles.MODULES.subList(1, Bundles.MODULES.size())) {
            try (Stream<Path> files = Files.walk(module.resolve(Bundles.RESOURCES))) {
                Path p = files.filter(f -> f.getFileName().toString().equals(simpleName + ".properties")).findFirst().orElse(null);
                if (p != null) return p;
            }
        }
        throw new AssertionError("no bundle for " + simpleName);
    }

    /** The bundle of class {@code simpleName}: beside {@code java}, or anywhere in the sources with that name. */
    private static Path bundleOf(Path java, String simpleName) throws IOException {
        Path rel = Bundles.SOURCES.relativize(java).resolveSibling(simpleName + ".properties");
        Path here = Bundles.RESOURCES.resolve(rel);
        if (Files.exists(here)) return here;
        try (Stream<Path> files = Files.walk(Bundles.RESOURCES)) {
            return files.filter(p -> p.getFileName().toString().equals(simpleName + ".properties")).findFirst().orElse(null);
        }
    }

    private static TreeSet<String> placeholders(String text) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int i = 0;
        while (m.find()) out.add(m.group(1) != null ? m.group() : (i++) + ":" + m.group());
        return out;
    }
}
