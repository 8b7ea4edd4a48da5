package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.i18n.Messages;

/** The backend badge's words from Backends and kvm-native, said in the window's language. */
class BackendWordsTest {
    @AfterEach
    void english() {
        Texts.setLocale(Locale.ENGLISH);
        Messages.setLocale(Locale.ROOT);
    }

    private static void chinese() {
        Texts.setLocale(Texts.ZH_CN);
        Messages.setLocale(Texts.ZH_CN);
    }

    @Test
    void theProbesDiagnosticAndTheWordsAroundIt() {
        String why = "KVM not usable: no KVM device (is the kvm module loaded? is this a VM without nested "
                + "virtualization?): /dev/kvm";
        assertEquals(why, WorkbenchWindow.why(why));
        chinese();
        assertEquals("KVM 不可用：没有 KVM 设备（kvm 内核模块加载了吗？这是一台未开启嵌套虚拟化的虚拟机吗？）: /dev/kvm",
                WorkbenchWindow.why(why));
        assertEquals("KVM 不可用：无法加载 KVM 的本地绑定（JNA）", WorkbenchWindow.why("KVM not usable: " + Backends.NO_BINDINGS));
    }

    @Test
    void theKernelTracesStatus() {
        String on = "on: following kvm events for TID 4242 (instance kvmwb-1)";
        assertEquals(on, WorkbenchWindow.traceWords(on));
        chinese();
        assertEquals("开：跟踪线程 TID 4242 的 kvm 事件（实例 kvmwb-1）", WorkbenchWindow.traceWords(on));
        assertEquals("关：未请求", WorkbenchWindow.traceWords("off: not requested"));
        assertEquals("关：EACCES：权限不足", WorkbenchWindow.traceWords("off: Permission denied"),
                "a system error said by its errno name, in the window's language");
        assertEquals("关：tracefs 没有挂载，而挂载它需要 root（当前的有效用户 ID 是 1000）；请以 root 执行：mount -t tracefs nodev "
                + "/sys/kernel/tracing", WorkbenchWindow.traceWords("off: tracefs is not mounted, and mounting it needs root"
                + " (running as uid 1000); as root: mount -t tracefs nodev /sys/kernel/tracing"), "kvm-native's reason");
        assertEquals("关：无法打开 /t/trace_pipe：EACCES：权限不足",
                WorkbenchWindow.traceWords("off: cannot open /t/trace_pipe: EACCES (Permission denied)"));
    }
}
