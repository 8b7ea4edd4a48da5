package org.kvmworkbench.app.view;

import java.util.List;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.config.KeyExit;
import org.kvmworkbench.core.exit.ExitRecord;

/** The key exits the open sample names ({@code keyExits} in its config): which recorded exits they are. */
public final class KeyExitFinder {
    private static final Texts TEXT = Texts.of(KeyExitFinder.class);

    private List<KeyExit> keys = List.of();

    public void set(List<KeyExit> keyExits) {
        keys = keyExits == null ? List.of() : List.copyOf(keyExits);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The first key exit {@code r} is, or null. */
    public KeyExit match(ExitRecord r) {
        for (KeyExit k : keys) if (k.matches(r)) return k;
        return null;
    }

    /** The index of the first key exit after {@code from} (-1: from the start) going {@code forward}, or -1. */
    public int next(List<ExitRecord> exits, int from, boolean forward) {
        if (keys.isEmpty()) return -1;
        int step = forward ? 1 : -1;
        for (int i = from + step; i >= 0 && i < exits.size(); i += step) if (match(exits.get(i)) != null) return i;
        return -1;
    }

    /** "key exit: the kick (QUEUE_NOTIFY)" for the timeline's line, or "" when {@code r} is not one. */
    public String describe(ExitRecord r) {
        KeyExit k = match(r);
        if (k == null) return "";
        return k.label() == null ? TEXT.get("keyExit") : TEXT.format("keyExit.labelled", k.label());
    }

    static String text(String key) {
        return TEXT.get(key);
    }
}
