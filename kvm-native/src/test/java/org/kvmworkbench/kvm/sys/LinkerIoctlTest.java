package org.kvmworkbench.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * ioctl(2) through the foreign linker without /dev/kvm: FIONCLEX (clear close-on-exec; no argument) on standard error
 * succeeds and on a closed descriptor fails. This test's JVM has no flags, so on JDK 17 the linker is not there; a
 * child JVM started as ./kvm-workbench starts it has it, and says on stderr exactly the one warning line the launcher
 * takes out.
 */
class LinkerIoctlTest {
    /** asm-generic/ioctls.h */
    private static final long FIONCLEX = 0x5450;
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.foreign";

    @Test
    void jdk17WithoutTheIncubatorModuleHasNoLinker() {
        assumeTrue(Runtime.version().feature() == 17, "JDK 17's rule");
        assertFalse(LinkerIoctl.AVAILABLE, "this JVM was started without --add-modules jdk.incubator.foreign");
    }

    @Test
    void aJvmStartedAsTheLauncherStartsItCallsIoctlThroughTheLinker() throws Exception {
        int feature = Runtime.version().feature();
        assumeTrue(feature == 17 || feature >= 22, "JDK 18-21: JNA only");
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        if (feature == 17) command.addAll(List.of("--add-modules", "jdk.incubator.foreign"));
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LinkerIoctlTest.class.getName()));
        Process p = new ProcessBuilder(command).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS); // a bound, not a timing
        if (!ended) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(ended, "child JVM did not finish: " + out + err);
        assertEquals("available true, stderr 0, closed -1", out, err);
        assertEquals(feature == 17 ? WARNING : "", err);
    }

    /** The child JVM's part. */
    public static void main(String[] args) {
        System.out.println("available " + LinkerIoctl.AVAILABLE + ", stderr " + LinkerIoctl.ioctl(2, FIONCLEX, 0)
                + ", closed " + LinkerIoctl.ioctl(-1, FIONCLEX, 0));
    }
}
