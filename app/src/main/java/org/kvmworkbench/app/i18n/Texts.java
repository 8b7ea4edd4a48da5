package org.kvmworkbench.app.i18n;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user-visible words of one class, from the resource bundle named after it: {@code Foo.class} reads
 * {@code Foo.properties} beside it (English) and {@code Foo_zh_CN.properties} (Simplified Chinese). Properties are
 * read as UTF-8 (Java 9+). Patterns use {@link String#format} placeholders ({@code %s}, {@code %d}), so an
 * apostrophe in a sentence needs no escaping.
 */
public final class Texts {
    private static volatile Locale locale = Locale.getDefault();

    private final String bundleName;

    private Texts(String bundleName) {
        this.bundleName = bundleName;
    }

    /** The texts of {@code owner}: its bundle is looked up again on each call, so a language switch takes effect. */
    public static Texts of(Class<?> owner) {
        return new Texts(owner.getName());
    }

    /** The language every bundle is read in from now on. */
    public static void setLocale(Locale l) {
        locale = l;
    }

    public static Locale locale() {
        return locale;
    }

    /** The text for {@code key}; a missing key shows as {@code !key!} so it is seen on screen and caught by tests. */
    public String get(String key) {
        try {
            return ResourceBundle.getBundle(bundleName, locale).getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    /** The text for {@code key} with its {@code %s}/{@code %d} placeholders filled. */
    public String format(String key, Object... args) {
        return String.format(locale, get(key), args);
    }
}
