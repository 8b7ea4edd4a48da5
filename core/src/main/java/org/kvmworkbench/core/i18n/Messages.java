package org.kvmworkbench.core.i18n;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words that core and kvm-native produce for people (device register meanings and state lines, the KVM probe's
 * diagnostic), from the plain {@code java.util} resource bundle named after the class that says them:
 * {@code Foo.properties} beside {@code Foo.class} (English) and {@code Foo_zh_CN.properties} (Simplified Chinese).
 * <p>The language is English unless the window sets another ({@link #setLocale}): the CLI, logs and traces never
 * do, so what they print stays English whatever the system locale. Patterns use {@link String#format}
 * placeholders, formatted with {@link Locale#ROOT} so numbers look the same in every language.
 */
public final class Messages {
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static volatile Locale locale = Locale.ROOT;
    /** A {@link String#format} placeholder ({@code %d}, {@code %02X}, {@code %1$s}); {@code %%} and {@code %n} are not. */
    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+\\$)?[-#+ 0,(]*\\d*(\\.\\d+)?[a-zA-Z&&[^n]]");

    private final String bundleName;
    private volatile Cached cached;
    /** Per language (English is {@link Locale#ROOT}): its patterns, to recognise a text said in it earlier. */
    private final Map<Locale, List<Recogniser>> recognisers = new ConcurrentHashMap<>();

    /**
     * A pattern as a regular expression over its output, with the key whose text to say it again in; {@code lead} is
     * how many characters it starts with before its first value, {@code literal} how many it has but its values.
     */
    private record Recogniser(String key, Pattern said, int lead, int literal) {}

    private record Cached(Locale locale, ResourceBundle bundle) {}

    private Messages(String bundleName) {
        this.bundleName = bundleName;
    }

    /** The words of {@code owner}; keep one per class (a static field): it caches its bundle per language. */
    public static Messages of(Class<?> owner) {
        return new Messages(owner.getName());
    }

    /** The language of every message from now on; {@link Locale#ROOT} or English is the base file. */
    public static void setLocale(Locale l) {
        locale = l == null || l.getLanguage().equals("en") ? Locale.ROOT : l;
    }

    public static Locale locale() {
        return locale;
    }

    String bundleName() {
        return bundleName;
    }

    /** The text for {@code key}; a missing key shows as {@code !key!} so it is seen and caught by tests. */
    public String get(String key) {
        try {
            return bundle().getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    /** The English text for {@code key}, whatever the language (to recognise a text made earlier). */
    public String english(String key) {
        try {
            return ResourceBundle.getBundle(bundleName, Locale.ROOT, Messages.class.getClassLoader(), NO_FALLBACK)
                    .getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    /** The English text for {@code key} with its placeholders filled, whatever the language (a trace's words). */
    public String formatEnglish(String key, Object... args) {
        return String.format(Locale.ROOT, english(key), said(args, true));
    }

    /** {@code key} and its values, to be formatted when shown: in English or in the language of that moment. */
    public Phrase phrase(String key, Object... args) {
        return Phrase.of(this, key, args);
    }

    /** {@code args} with every {@link Phrase} among them said in English or in the current language. */
    private static Object[] said(Object[] args, boolean english) {
        Object[] out = args;
        for (int i = 0; i < args.length; i++) {
            if (!(args[i] instanceof Phrase p)) continue;
            if (out == args) out = args.clone();
            out[i] = english ? p.english() : p.toString();
        }
        return out;
    }

    /**
     * A text one of this bundle's English patterns made earlier (a recorded exit's note), said again in the current
     * language: the values it was filled with are kept as they were written. Anything else comes back unchanged.
     */
    public String inCurrentLanguage(String english) {
        return inCurrentLanguage(english, UnaryOperator.identity());
    }

    /**
     * As {@link #inCurrentLanguage(String)}, with each value it was filled with passed through {@code valueWords} first
     * (a value that is itself words of a bundle, such as a CPU stop's detail inside a note).
     */
    public String inCurrentLanguage(String english, UnaryOperator<String> valueWords) {
        return inCurrentLanguage(english, Locale.ROOT, valueWords);
    }

    /**
     * A text this bundle made earlier in language {@code saidIn} (a past exit's device state, described then), said
     * again in the current language, by the patterns of {@code saidIn}: the values it was filled with are passed
     * through {@code valueWords} and kept as they come back. Anything not recognised comes back unchanged.
     */
    public String inCurrentLanguage(String text, Locale saidIn, UnaryOperator<String> valueWords) {
        Locale from = saidIn == null || saidIn.getLanguage().equals("en") ? Locale.ROOT : saidIn;
        if (text == null || text.isEmpty() || locale.equals(from)) return text;
        for (Recogniser r : recognisers(from)) {
            if (r.literal() == 0) continue; // a bare placeholder would match anything
            Matcher m = r.said().matcher(text);
            if (!m.matches()) continue;
            Object[] values = new Object[m.groupCount()];
            for (int i = 0; i < values.length; i++) values[i] = valueWords.apply(m.group(i + 1));
            return String.format(Locale.ROOT, asStrings(get(r.key())), values);
        }
        return text;
    }

    private List<Recogniser> recognisers(Locale language) {
        return recognisers.computeIfAbsent(language, this::patterns);
    }

    /** The patterns of {@code language} (a key it lacks is recognised by its English), most specific first. */
    private List<Recogniser> patterns(Locale language) {
        ResourceBundle words;
        try {
            words = ResourceBundle.getBundle(bundleName, language, Messages.class.getClassLoader(), NO_FALLBACK);
        } catch (MissingResourceException e) {
            return List.of(); // a class without words of its own says nothing to recognise
        }
        List<Recogniser> out = new ArrayList<>();
        keys:
        for (String key : words.keySet()) {
            String pattern = words.getString(key);
            StringBuilder regex = new StringBuilder();
            Matcher m = PLACEHOLDER.matcher(pattern);
            int at = 0;
            while (m.find()) {
                if (m.group(1) != null) continue keys; // a positional pattern is not recognised; the others are
                regex.append(Pattern.quote(pattern.substring(at, m.start()).replace("%%", "%"))).append("((?:(?!; ).)*?)"); // a value never holds "; ", which joins notes
                at = m.end();
            }
            regex.append(Pattern.quote(pattern.substring(at).replace("%%", "%")));
            int literal = PLACEHOLDER.matcher(pattern).replaceAll("").length();
            Matcher first = PLACEHOLDER.matcher(pattern);
            int lead = first.find() ? first.start() : pattern.length();
            out.add(new Recogniser(key, Pattern.compile(regex.toString(), Pattern.DOTALL), lead, literal));
        }
        // the most specific pattern first: the one whose own words start the text (so "queue %d: %s" holding
        // "%s %d (only %d is supported)" is not taken for the latter with "queue 0: ..." as its first value), then the most words
        out.sort(Comparator.comparingInt(Recogniser::lead).thenComparingInt(Recogniser::literal).reversed());
        return List.copyOf(out);
    }

    /** {@code pattern} with every placeholder turned into {@code %s} (keeping its position), for values already written. */
    private static String asStrings(String pattern) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement((m.group(1) != null ? "%" + m.group(1) : "%") + "s"));
        m.appendTail(b);
        return b.toString();
    }

    /** The text for {@code key} with its placeholders filled. */
    public String format(String key, Object... args) {
        return String.format(Locale.ROOT, get(key), said(args, false));
    }

    private ResourceBundle bundle() {
        Locale l = locale;
        Cached c = cached;
        if (c != null && c.locale().equals(l)) return c.bundle();
        ResourceBundle b = ResourceBundle.getBundle(bundleName, l, Messages.class.getClassLoader(), NO_FALLBACK);
        cached = new Cached(l, b);
        return b;
    }
}
