package org.kvmworkbench.app.i18n;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a .properties text in the order written, duplicates kept: {@link java.util.Properties} keeps only the
 * last of two equal keys, so a duplicate can only be seen by reading the lines. Follows the format of
 * {@link java.util.Properties#load(java.io.Reader)}: comments (# and !), continuation lines, and a key ended by an
 * unescaped '=', ':' or white space.
 */
final class PropertiesKeys {
    private PropertiesKeys() {}

    static List<String> of(String text) {
        List<String> keys = new ArrayList<>();
        boolean continued = false;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            String s = line.stripLeading();
            boolean wasContinued = continued;
            continued = !s.isEmpty() && endsInOddBackslashes(s) && !(isComment(s) && !wasContinued);
            if (wasContinued || s.isEmpty() || isComment(s)) continue;
            keys.add(key(s));
        }
        return keys;
    }

    private static boolean isComment(String s) {
        return s.charAt(0) == '#' || s.charAt(0) == '!';
    }

    private static boolean endsInOddBackslashes(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) n++;
        return n % 2 == 1;
    }

    /** The key of a logical line that starts with it, its escapes undone ("a\ b" is the key "a b"). */
    private static String key(String s) {
        StringBuilder k = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                k.append(s.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                k.append(c);
            }
        }
        return k.toString();
    }
}
