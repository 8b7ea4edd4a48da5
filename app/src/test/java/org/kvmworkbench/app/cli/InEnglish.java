package org.kvmworkbench.app.cli;

import java.util.Locale;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Messages;

/**
 * Pins the CLI's language to English for a test that asserts its English words (the words scripts parse), whatever
 * the locale the tests run in, and puts it back to English afterwards for a test that switched to another.
 */
public final class InEnglish implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        english();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        english();
    }

    static void english() {
        Texts.setLocale(Locale.ENGLISH);
        Messages.setLocale(Locale.ROOT);
    }
}
