package org.kvmworkbench.core.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.svm.SvmExitCode;

/** Every exit number the app shows equals the one in Linux's uapi headers, where they are installed. */
class NumbersMatchLinuxHeadersTest {
    private static final Path UAPI_ASM = Path.of("/usr/include/x86_64-linux-gnu/asm");
    private static final Pattern DEFINE = Pattern.compile("#define\\s+(\\w+)\\s+(-?(?:0x)?[0-9a-fA-F]+)\\b");

    private static Map<String, Long> defines(Path header) throws Exception {
        assumeTrue(Files.isReadable(header), header + " not installed (linux-libc-dev)");
        Map<String, Long> m = new HashMap<>();
        Matcher x = DEFINE.matcher(Files.readString(header));
        while (x.find()) m.put(x.group(1), Long.decode(x.group(2)));
        return m;
    }

    @Test
    void vmxExitReasons() throws Exception {
        Map<String, Long> h = defines(UAPI_ASM.resolve("vmx.h"));
        for (VmxExitReason r : VmxExitReason.values()) {
            Long n = h.get("EXIT_REASON_" + r.linuxName());
            assertNotNull(n, r.name());
            assertEquals(n.intValue(), r.number(), r.name());
        }
    }

    @Test
    void svmExitCodes() throws Exception {
        Map<String, Long> h = defines(UAPI_ASM.resolve("svm.h"));
        for (SvmExitCode c : SvmExitCode.values()) {
            Long n = h.get("SVM_EXIT_" + c.name());
            assertNotNull(n, c.name());
            assertEquals(n.intValue(), c.code(), c.name());
        }
    }

    @Test
    void kvmExitReasons() throws Exception {
        Map<String, Long> h = defines(Path.of("/usr/include/linux/kvm.h"));
        for (KvmExitReason r : KvmExitReason.values()) {
            assertEquals(h.get(r.constantName()).intValue(), r.number(), r.name());
        }
    }
}
