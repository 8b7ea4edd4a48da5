package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.app.cli.InEnglish;
import org.kvmworkbench.app.i18n.Bundles;
import org.kvmworkbench.app.i18n.Language;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Messages;

/**
 * The CLI in Chinese (--lang zh, or a Chinese system locale): its messages keep no English word but names, numbers,
 * options, paths and file names (the rule of {@link Bundles#englishWords}) and what the user typed, quoted back; the
 * guest's own console output on stdout
 * is the guest's words and is not checked. Exit statuses are the same in every language.
 */
@ExtendWith(InEnglish.class)
class ChineseCliTest {
    private static final String COMMAND = "\\b(kvm-workbench|kick-bench|trace-dump)( (run|bench)\\b)?|\\brun(?= --)";
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** What Main.main does before it dispatches: the language from --lang, and core's words in it too. */
    private int cli(String... args) {
        String[] rest = Language.apply(args);
        Messages.setLocale(Texts.locale());
        return Main.dispatch(rest, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void assertChinese(String text) {
        assertTrue(text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), text);
        List<String> english = new ArrayList<>();
        // a value in quotes is what the user typed (--timeout forever), quoted as it was given
        // and a command's name is a name (kick-bench: ..., trace-dump: ..., kvm-workbench run --help)
        for (String line : text.split("\n")) {
            english.addAll(Bundles.englishWords(line.replaceAll("\"[^\"]*\"", "").replaceAll(COMMAND, "")));
        }
        assertEquals(List.of(), english, text);
    }

    @Test
    void theSchemaIsPrintedWithChineseDescriptions() throws Exception {
        assertEquals(0, cli("--lang", "zh-CN", "schema"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(org.kvmworkbench.core.config.ConfigSchema.text(Texts.ZH_CN), printed);
        com.fasterxml.jackson.databind.JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(printed);
        assertEquals("虚拟机的简短名字，显示在标题栏中。", schema.get("properties").get("name").get("description").textValue());
        out.reset();
        assertEquals(0, cli("--lang", "en", "schema"));
        assertEquals(org.kvmworkbench.core.config.ConfigSchema.text(), out.toString(StandardCharsets.UTF_8), "English: as before");
    }

    @Test
    void aBadConfigIsSaidInChinese() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.yaml"), "name: x\nmemory: 64Q\nimage: missing.bin\n");
        assertEquals(2, cli("--lang", "zh", "run", cfg.toString()));
        assertTrue(err().startsWith("错误：配置有误 " + cfg + ": memory: "), err());
        assertChinese(err());
    }

    @Test
    void aSyntaxErrorKeepsItsLineAndColumn() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.json"), "{\n  \"name\": \"t\",,\n}");
        assertEquals(2, cli("--lang", "zh", "run", cfg.toString()));
        assertTrue(err().contains("语法错误，第 2 行第 15 列："), err());
        assertChinese(err());
    }

    @Test
    void aMissingFileIsSaidInChinese() {
        Path gone = dir.resolve("gone.yaml");
        assertEquals(2, cli("--lang", "zh", "run", gone.toString()));
        assertTrue(err().contains("找不到文件：" + gone.toAbsolutePath()), err());
        assertChinese(err());
    }

    @Test
    void aTraceThatCannotBeWrittenIsSaidInChinese() {
        Path nowhere = dir.resolve("no-such-folder").resolve("t.jsonl");
        assertEquals(2, cli("--lang", "zh", "run", "../samples/hello-serial.yaml", "--trace", nowhere.toString()));
        assertEquals("错误：--trace：文件夹 " + nowhere.getParent() + " 不存在\n", err());
        assertChinese(err());
    }

    /** A file that is no KVM device: KVM_GET_API_VERSION fails with ENOTTY, said by its name and in Chinese. */
    @Test
    void aSystemCallsErrnoIsSaidInChinese() throws Exception {
        Path notKvm = Files.writeString(dir.resolve("not-kvm"), "");
        System.setProperty("kvmwb.kvm.device", notKvm.toString());
        try {
            assertEquals(6, cli("--lang", "zh", "run", "../samples/hello-serial.yaml", "--backend", "kvm"));
        } finally {
            System.clearProperty("kvmwb.kvm.device");
        }
        assertTrue(err().startsWith("错误：KVM 后端不可用：该设备不响应 KVM_GET_API_VERSION"), err());
        assertTrue(err().contains("ENOTTY：对设备不适当的 ioctl 操作"), err());
        assertChinese(err());
    }

    @Test
    void aNormalRunEndsWithAChineseSummary() {
        assertEquals(0, cli("--lang", "zh", "run", "../samples/hello-serial.yaml", "--backend", "simulated"));
        assertEquals("Hello from the guest via the 16550 UART!\r\n", out.toString(StandardCharsets.UTF_8),
                "the guest's console is the guest's words");
        assertTrue(err().startsWith("完成：客户机已停机"), err());
        assertTrue(err().contains("| 退出：92 次（用户空间 92，内核内 0）|"), err());
        assertChinese(err());
    }

    @Test
    void limitsOptionErrorsAndTheUsageAreChinese() {
        assertEquals(5, cli("--lang", "zh", "run", "../samples/hello-serial.yaml", "--backend", "simulated",
                "--max-exits", "10"));
        assertTrue(err().startsWith("已停止：达到退出次数上限（10 次退出）"), err());
        assertChinese(err());
        err.reset();
        assertEquals(2, cli("--lang", "zh", "run", "x.yaml", "--timeout", "forever"));
        assertChinese(err());
        err.reset();
        assertEquals(2, cli("--lang", "zh", "bench", "--repeat", "0"));
        assertChinese(err());
        err.reset();
        assertEquals(2, cli("--lang", "zh", "kick-bench", "1", "2"));
        assertChinese(err());
        out.reset();
        assertEquals(0, cli("--lang", "zh", "--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.contains("退出状态：0 完成"), usage);
        // a usage line starts with the command line itself (kvm-workbench run CONFIG ..., --lang en|zh-CN): a name
        for (String line : usage.split("\n")) {
            String words = line.replaceFirst("^(用法：)?(kvm-workbench |--)[^\\u4e00-\\u9fff（]*", "")
                    .replaceAll("[\\w.-]+/[\\w./-]+", "") // a relative path (samples/hello-serial.yaml): a name
                    .replaceAll(COMMAND, "");
            assertEquals(List.of(), Bundles.englishWords(words), line);
        }
    }

    /** Without --lang the CLI follows the system locale, as the window does; English elsewhere, byte for byte. */
    @Test
    void theSystemLocaleChoosesTheLanguage() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.yaml"), "name: x\nmemory: 64Q\nimage: missing.bin\n");
        String zh = childJvm("zh", "CN", cfg);
        assertTrue(zh.startsWith("错误：配置有误 "), zh);
        String en = childJvm("en", "US", cfg);
        assertTrue(en.startsWith("error: bad config " + cfg + ": memory: "), en);
        assertFalse(en.codePoints().anyMatch(c -> c > 0x7F), en);
    }

    private static String childJvm(String language, String country, Path config) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.language=" + language, "-Duser.country=" + country, "-cp", System.getProperty("java.class.path"),
                "org.kvmworkbench.app.Main", "run", config.toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process did not end");
        assertEquals(2, p.exitValue(), text);
        return text;
    }
}
