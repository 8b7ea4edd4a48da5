package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.i18n.Texts;

/** The limit a paused run reached, as core words it ("1000 exits"), in the window's language. */
class LimitTextTest {
    @AfterEach
    void english() {
        Texts.setLocale(Locale.ENGLISH);
    }

    @Test
    void coresWordsAreTranslatedAndAnythingElsePassesThrough() {
        assertEquals("1000 exits", FrameUpdater.limitText("1000 exits"));
        assertEquals("2,000,000,000 instructions", FrameUpdater.limitText("2000000000 instructions"));
        Texts.setLocale(Texts.ZH_CN);
        assertEquals("1000 次退出", FrameUpdater.limitText("1000 exits"));
        assertEquals("20 秒", FrameUpdater.limitText("20 s"));
        assertEquals("1500 毫秒", FrameUpdater.limitText("1500 ms"));
        assertEquals("something new", FrameUpdater.limitText("something new"));
    }
}
