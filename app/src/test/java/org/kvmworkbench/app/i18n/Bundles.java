package org.kvmworkbench.app.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The app's resource bundles as files, and the rule for which Latin-script words a Chinese text may keep. */
public final class Bundles {
    static final Path RESOURCES = Path.of("src/main/resources");
    static final Path SOURCES = Path.of("src/main/java");
    /** The modules whose bundles the window shows: the app's own, and core's and kvm-native's (see Messages). */
    static final List<Path> MODULES = List.of(Path.of("."), Path.of("..", "core"), Path.of("..", "kvm-native"));
    private static final Pattern WORD = Pattern.compile("(?<![A-Za-z0-9_.\\]])[A-Za-z][A-Za-z0-9_]*(?:(?:\\.|->)[A-Za-z0-9_]+)*");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");
    /** An absolute path (/dev/kvm): a name. */
    private static final Pattern PATH = Pattern.compile("(?<![^\\s(（：:])/[A-Za-z0-9_./-]+");
    /** A file name (hello-serial.asm): a name, whatever words it is made of. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]+\\.(asm|yaml|yml|json|jsonl|bin|lst|kwbt|png|svg|gif)\\b");
    private static final Set<String> ALLOWED = loadAllowed();

    private Bundles() {
    }

    /**
     * Every base bundle of the {@link #MODULES}: a {@code Foo.properties} beside which {@code src/main/java} has
     * {@code Foo.java}.
     */
    static List<Path> baseBundles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path module : MODULES) {
            Path resources = module.resolve(RESOURCES), sources = module.resolve(SOURCES);
            if (!Files.isDirectory(resources)) continue;
            try (Stream<Path> files = Files.walk(resources)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(".properties") || name.contains("_")) continue;
                    Path rel = resources.relativize(p);
                    Path java = sources.resolve(rel.toString().replace(".properties", ".java"));
                    if (Files.exists(java)) out.add(p);
                }
            }
        }
        return out;
    }

    static Path chinese(Path base) {
        return base.resolveSibling(base.getFileName().toString().replace(".properties", "_zh_CN.properties"));
    }

    static Map<String, String> load(Path p) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : new TreeSet<>(props.stringPropertyNames())) out.put(k, props.getProperty(k));
        return out;
    }

    /** The Latin-script words of {@code text} that are neither names (see allowed-english.txt) nor allowlisted. */
    public static List<String> englishWords(String text) {
        List<String> out = new ArrayList<>();
        // --max-instructions, a.asm, /dev/kvm: names
        String t = OPTION.matcher(FILE.matcher(PATH.matcher(text).replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
        Matcher m = WORD.matcher(t);
        while (m.find()) {
            String w = m.group();
            char next = m.end() < t.length() ? t.charAt(m.end()) : ' ';
            if (next == '[' || next == '(') continue; // desc[3], ioctl(KVM_RUN): code, a name
            if (isName(w)) continue;
            out.add(w);
        }
        return out;
    }

    static boolean isName(String w) {
        if (ALLOWED.contains(w)) return true;
        if (w.length() == 1) return true; // a variable or a unit letter (n, s, B)
        if (w.matches(".*[0-9_.>].*")) return true;
        return w.equals(w.toUpperCase(java.util.Locale.ROOT));
    }

    private static Set<String> loadAllowed() {
        Set<String> out = new TreeSet<>();
        try (InputStream in = Bundles.class.getResourceAsStream("allowed-english.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
