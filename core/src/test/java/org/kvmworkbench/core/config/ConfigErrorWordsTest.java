package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.i18n.Messages;

/** A config problem is a key and values: English for the CLI, the window's language when the window shows it. */
class ConfigErrorWordsTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void aProblemIsSaidInChineseWithItsValuesAndInEnglishForTheCli() {
        List<ConfigError> errors = fx.yamlErrors(Fixture.MINIMAL + "backend: qemu\ndevices:\n  - type: uart16550\n"
                + "    port: 0x3F8\n  - type: uart16550\n    port: 0x3F8\n  - {type: virtio-console, irq: 4}\n"
                + "controls: {ioBitmap: [0x3F8]}\nentry: {cs: 0x10000}\n");
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        ConfigError backend = Fixture.assertError(errors, "backend", "unknown backend \"qemu\"");
        assertEquals("unknown backend \"qemu\"; valid: auto, kvm, simulated", backend.message(), "the CLI's English");
        assertEquals("backend: 未知的后端 \"qemu\"；可用：auto, kvm, simulated", backend.inCurrentLanguage());
        assertEquals("端口 0x3F8 上重复的 uart16550：devices[0] 已经在那里",
                Fixture.assertError(errors, "devices[1].port", "duplicate").words().toString());
        assertEquals("irq 4 已被占用（0 是 i8254 定时器，2 是到从片 8259A 的级联，4 是 UART）；请用 1、3 或 5..15",
                Fixture.assertError(errors, "devices[2].irq", "is taken").words().toString());
        assertEquals("只能与 io: bitmap 一起使用；当 io: unconditional 时每条 IN/OUT 都会退出。请设置 io: bitmap 或删除 ioBitmap",
                Fixture.assertError(errors, "controls.ioBitmap", "only allowed").words().toString());
        assertEquals("0x10000 超出了16 位实模式段的范围（0x0..0xFFFF）",
                Fixture.assertError(errors, "entry.cs", "out of range").words().toString());
        for (ConfigError e : errors) {
            String said = e.inCurrentLanguage();
            assertFalse(said.contains("!"), said);
            assertFalse(said.matches(".*\\b(?!valid\\b)[a-z]{4,} [a-z]{2,}\\b.*"), "English left: " + said);
        }
    }

    @Test
    void aFileProblemAndASyntaxErrorHaveTheirWordsToo() throws Exception {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        ConfigException gone = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("gone.yaml")));
        assertTrue(gone.inCurrentLanguage().contains("找不到文件：" + dir.resolve("gone.yaml").toAbsolutePath()),
                gone.inCurrentLanguage());
        assertTrue(gone.getMessage().contains("file not found"), "the exception's own message stays English");
        List<ConfigError> syntax = fx.yamlErrors("name: [unclosed\n");
        assertTrue(syntax.get(0).words().toString().startsWith("语法错误，第 "), syntax.get(0).inCurrentLanguage());
    }
}
