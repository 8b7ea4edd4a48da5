package org.kvmworkbench.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The errno table: its numbers are the kernel headers', and a system's errno words are said in the window's language. */
class ErrnoTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void everyNumberIsTheHeadersOne() throws IOException {
        Map<String, Integer> defined = new HashMap<>();
        Pattern define = Pattern.compile("#define\\s+(E[A-Z0-9]+)\\s+(\\d+)\\b");
        for (String header : new String[] {"/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h"}) {
            Path p = Path.of(header);
            Assumptions.assumeTrue(Files.isReadable(p), "no kernel headers here: " + header);
            Matcher m = define.matcher(Files.readString(p));
            while (m.find()) defined.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        for (Errno e : Errno.values()) {
            assertEquals(defined.get(e.name()), e.number(), e.name());
            assertEquals(e, Errno.of(e.number()));
        }
        assertTrue(Errno.values().length >= 30);
        assertNull(Errno.of(0));
        assertNull(Errno.of(-13));
        assertNull(Errno.of(4095));
    }

    @Test
    void theNameStaysAndTheWordsAreTranslated() {
        assertEquals("EACCES (Permission denied)", Errno.EACCES.phrase().english());
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("EACCES：权限不足", Errno.EACCES.phrase().toString());
        assertEquals("EACCES (Permission denied)", Errno.EACCES.phrase().english(), "logs and traces stay English");
        for (Errno e : Errno.values()) {
            String said = e.phrase().toString();
            assertTrue(said.startsWith(e.name() + "：") && !said.contains("!"), said);
            assertTrue(said.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), said);
        }
    }

    @Test
    void aSystemsMessageIsSaidAgainWithItsErrnoWordsTranslated() {
        String probe = "open /dev/kvm: EACCES (Permission denied)";
        String file = "/tmp/x.jsonl: Device or resource busy";
        String two = "/a: Too many open files in system; /b: Too many open files";
        assertEquals(probe, Errno.inCurrentLanguage(probe), "English: unchanged");
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("open /dev/kvm: EACCES：权限不足", Errno.inCurrentLanguage(probe));
        assertEquals("/tmp/x.jsonl: EBUSY：设备或资源忙", Errno.inCurrentLanguage(file));
        assertEquals("/a: ENFILE：系统中打开的文件过多; /b: EMFILE：打开的文件过多", Errno.inCurrentLanguage(two));
        assertEquals("no errno words here", Errno.inCurrentLanguage("no errno words here"));
        assertNull(Errno.inCurrentLanguage(null));
    }
}
