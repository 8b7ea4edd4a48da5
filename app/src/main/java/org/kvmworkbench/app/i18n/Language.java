package org.kvmworkbench.app.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The language the window starts in: {@code --lang TAG} (or {@code --lang=TAG}) on the command line, else the system
 * property {@value #PROPERTY}, else the system locale ({@link Texts#supported}). TAG is {@code en} or {@code zh-CN}
 * ({@code zh}, {@code zh_CN} also do).
 */
public final class Language {
    public static final String PROPERTY = "kvmwb.lang";
    public static final String OPTION = "--lang";
    private static final Texts T = Texts.of(Language.class);

    private Language() {
    }

    /**
     * Sets {@link Texts}' language from the arguments or the property and returns the arguments without the option.
     *
     * @throws IllegalArgumentException if the option has no value or names a language that is not shipped; its message
     *     is in the system's language, or the property's when that names a shipped one (the option's cannot be used)
     */
    public static String[] apply(String[] args) {
        String tag = System.getProperty(PROPERTY);
        Locale property = Texts.parse(tag);
        if (property != null) Texts.setLocale(property);
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(OPTION)) {
                if (i + 1 >= args.length)
                    throw new IllegalArgumentException(T.format("needsLanguage", OPTION, "en", "zh-CN"));
                tag = args[++i];
            } else if (a.startsWith(OPTION + "=")) {
                tag = a.substring(OPTION.length() + 1);
            } else {
                rest.add(a);
            }
        }
        if (tag != null) {
            Locale l = Texts.parse(tag);
            if (l == null) throw new IllegalArgumentException(T.format("unknown", tag, "en", "zh-CN"));
            Texts.setLocale(l);
        }
        return rest.toArray(new String[0]);
    }
}
