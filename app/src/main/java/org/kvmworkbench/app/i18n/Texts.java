package org.kvmworkbench.app.i18n;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The user-visible words of one class, from the resource bundle named after it: {@code Foo.class} reads
 * {@code Foo.properties} beside it (English) and {@code Foo_zh_CN.properties} (Simplified Chinese). Properties are
 * read as UTF-8 (Java 9+). Patterns use {@link String#format} placeholders ({@code %s}, {@code %d}), so an
 * apostrophe in a sentence needs no escaping.
 * <p>The language is one of {@link #SUPPORTED}: it starts as the system's ({@link #supported(Locale)}), and
 * {@link #setLocale} switches it for the whole application, telling the listeners so that the window can rebuild
 * its views. A bundle never falls back to the system locale's file, so English means the base file everywhere.
 */
public final class Texts {
    /** Simplified Chinese, the one translation shipped besides English. */
    public static final Locale ZH_CN = Locale.SIMPLIFIED_CHINESE;
    /** The languages the bundles are written in; {@link Locale#ENGLISH} is the base file. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, ZH_CN);

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final List<Consumer<Locale>> listeners = new CopyOnWriteArrayList<>();
    private static volatile Locale locale = supported(Locale.getDefault());

    private final String bundleName;

    private Texts(String bundleName) {
        this.bundleName = bundleName;
    }

    /** The texts of {@code owner}: its bundle is looked up again on each call, so a language switch takes effect. */
    public static Texts of(Class<?> owner) {
        return new Texts(owner.getName());
    }

    /** The shipped language closest to {@code l}: any Chinese is Simplified Chinese, anything else English. */
    public static Locale supported(Locale l) {
        return l != null && "zh".equals(l.getLanguage()) ? ZH_CN : Locale.ENGLISH;
    }

    /**
     * A language tag as a user types it ({@code zh-CN}, {@code zh_CN}, {@code zh}, {@code en}), or null if it is
     * none of the shipped languages.
     */
    public static Locale parse(String tag) {
        if (tag == null) return null;
        Locale l = Locale.forLanguageTag(tag.trim().replace('_', '-'));
        return switch (l.getLanguage()) {
            case "zh" -> ZH_CN;
            case "en" -> Locale.ENGLISH;
            default -> null;
        };
    }

    /** The language every bundle is read in from now on (mapped to a shipped one); listeners hear of a change. */
    public static void setLocale(Locale l) {
        Locale next = supported(l);
        if (next.equals(locale)) return;
        locale = next;
        for (Consumer<Locale> listener : listeners) listener.accept(next);
    }

    public static Locale locale() {
        return locale;
    }

    /** Calls {@code listener} after each language switch (on the thread that switched). */
    public static void addListener(Consumer<Locale> listener) {
        listeners.add(listener);
    }

    public static void removeListener(Consumer<Locale> listener) {
        listeners.remove(listener);
    }

    /** The text for {@code key}; a missing key shows as {@code !key!} so it is seen on screen and caught by tests. */
    public String get(String key) {
        try {
            return bundle().getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    /** Whether the bundle (or its English base) has {@code key}. */
    public boolean has(String key) {
        try {
            return bundle().containsKey(key);
        } catch (MissingResourceException e) {
            return false;
        }
    }

    /** The text for {@code key} with its {@code %s}/{@code %d} placeholders filled. */
    public String format(String key, Object... args) {
        return String.format(locale, get(key), args);
    }

    private ResourceBundle bundle() {
        return ResourceBundle.getBundle(bundleName, locale, Texts.class.getClassLoader(), NO_FALLBACK);
    }
}
