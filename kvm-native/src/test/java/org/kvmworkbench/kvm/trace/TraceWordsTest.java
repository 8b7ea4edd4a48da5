package org.kvmworkbench.kvm.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.i18n.Messages;

/** Why the kernel trace is off: English in the status line, said again in the window's language. */
class TraceWordsTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void aReasonIsEnglishInItsMessageAndChineseInTheWindow(@TempDir Path fakeTracefs) throws Exception {
        Files.createDirectories(fakeTracefs.resolve("instances"));
        KernelTrace.Unavailable e = assertThrows(KernelTrace.Unavailable.class,
                () -> KernelTrace.open(fakeTracefs, false, 1));
        assertEquals("no kvm events in " + fakeTracefs + "/events (is the kvm module loaded?)", e.getMessage());
        assertEquals(e.getMessage(), TraceWords.inCurrentLanguage(e.getMessage()), "English stays as it is");
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("no kvm events in " + fakeTracefs + "/events (is the kvm module loaded?)", e.getMessage(),
                "the status line, the CLI and logs keep the English");
        String zh = fakeTracefs + "/events 中没有 kvm 事件（kvm 模块加载了吗？）";
        assertEquals(zh, e.words().toString());
        assertEquals(zh, TraceWords.inCurrentLanguage(e.getMessage()), "the status string said again");
    }

    @Test
    void aReasonInsideAReasonAndASystemErrorAreSaidToo() {
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("无法把 1 写入 /t/events/enable：权限不足（跟踪需要 root）", TraceWords.inCurrentLanguage(
                "cannot write 1 to /t/events/enable: permission denied (tracing needs root)"));
        assertEquals("无法在 /sys/kernel/tracing 挂载 tracefs：EPERM：不允许的操作",
                TraceWords.inCurrentLanguage("cannot mount tracefs at /sys/kernel/tracing: EPERM (Operation not permitted)"));
        assertEquals("kvm_userspace_exit 事件不再从 /t/instances/kvmwb-1-0 到来",
                TraceWords.inCurrentLanguage(TraceWords.stoppedArriving(Path.of("/t/instances/kvmwb-1-0"))));
        assertEquals("这个内核没有 kvm:kvm_userspace_exit 事件：无法区分一次 KVM_RUN 和下一次",
                new KernelTrace.Unavailable("noUserspaceExit").words().toString());
        assertEquals("something else", TraceWords.inCurrentLanguage("something else"), "not ours: unchanged");
    }
}
