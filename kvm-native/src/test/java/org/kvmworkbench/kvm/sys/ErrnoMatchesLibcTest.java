package org.kvmworkbench.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.i18n.Errno;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.kvm.KvmException;
import org.kvmworkbench.kvm.KvmProbe;

/**
 * core's errno table says in English what this machine's C library says (strerror), so that LibC.describe and a
 * KvmException read as before; and a KvmException's words say the errno in the window's language.
 */
class ErrnoMatchesLibcTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void theEnglishWordsAreStrerrors() {
        for (Errno e : Errno.values()) {
            assertEquals(LibC.strerror(e.number()), e.english(), e.name());
            assertEquals(e.name() + " (" + LibC.strerror(e.number()) + ")", LibC.describe(e.number()));
        }
        assertEquals("errno 133 (" + LibC.strerror(133) + ")", LibC.describe(133), "a number the table does not name");
    }

    @Test
    void aKvmExceptionIsSaidInTheWindowsLanguage() {
        KvmException busy = new KvmException("KVM_CREATE_VM", Errno.EBUSY.number());
        assertEquals("KVM_CREATE_VM: EBUSY (Device or resource busy)", busy.getMessage());
        assertEquals(busy.getMessage(), busy.words().english());
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("KVM_CREATE_VM: EBUSY：设备或资源忙", busy.words().toString());
        assertEquals("KVM_CREATE_VM: EBUSY (Device or resource busy)", busy.getMessage(), "the message stays English");
        KvmException version = new KvmException("KVM_GET_API_VERSION", "got 11, expected 12");
        assertFalse(version.words().isEmpty());
        assertEquals(version.getMessage(), version.words().toString(), "no errno: its own words");
    }

    @Test
    void theProbesDiagnosticSaysItsErrnoInTheWindowsLanguage() {
        String denied = KvmProbe.Reason.PERMISSION_DENIED.meaning() + ": open /dev/kvm: EACCES (Permission denied)";
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("没有打开 KVM 设备的权限（加入 kvm 用户组，或以 root 身份运行）: open /dev/kvm: EACCES：权限不足",
                KvmProbe.inCurrentLanguage(denied));
    }
}
