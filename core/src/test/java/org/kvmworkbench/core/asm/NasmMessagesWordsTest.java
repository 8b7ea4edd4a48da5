package org.kvmworkbench.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.i18n.Messages;

/** NASM's own lines stay as NASM prints them in every language; only our words around them are translated. */
class NasmMessagesWordsTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void nasmsOwnLineIsShownAsPrinted() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        List<AsmError> errors = NasmAssembler.messages("/tmp/kvmwb-nasm1/guest.asm:3: error: parser: instruction expected\n");
        assertEquals(1, errors.size());
        assertEquals("3: parser: instruction expected", errors.get(0).inCurrentLanguage());
        assertEquals("3: parser: instruction expected", errors.get(0).toString());
    }

    @Test
    void ourWordsWhenNasmSaysNothingAreInTheWindowsLanguage() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        AsmError e = NasmAssembler.messages("\n").get(0);
        assertEquals("1: nasm 失败了，但没有输出消息", e.inCurrentLanguage());
        assertEquals("1: nasm failed without a message", e.toString());
    }
}
