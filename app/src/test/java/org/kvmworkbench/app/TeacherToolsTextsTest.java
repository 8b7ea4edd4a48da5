package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gallery's, export's and lesson player's words exist in English and Simplified Chinese, key for key. */
class TeacherToolsTextsTest {
    @ParameterizedTest
    @ValueSource(strings = {"org/kvmworkbench/app/gallery/GalleryView", "org/kvmworkbench/app/export/SlideExport",
            "org/kvmworkbench/app/lesson/LessonPlayer"})
    void everyKeyInBothLanguages(String bundle) throws IOException {
        Properties en = load(bundle + ".properties"), zh = load(bundle + "_zh_CN.properties");
        assertFalse(en.isEmpty(), bundle);
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()), bundle);
        for (String k : en.stringPropertyNames()) // the same placeholders, so a format never fails in one language
            assertEquals(en.getProperty(k).split("%[sd]", -1).length, zh.getProperty(k).split("%[sd]", -1).length,
                    bundle + " " + k);
    }

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TeacherToolsTextsTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing " + resource);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
