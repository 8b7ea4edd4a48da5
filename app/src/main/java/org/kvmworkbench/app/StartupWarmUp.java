package org.kvmworkbench.app;

import java.nio.file.Files;
import java.nio.file.Path;

import org.kvmworkbench.core.config.ConfigLoader;

/**
 * Start-up: while JavaFX starts its toolkit on one core, a background thread loads on the other what opening the
 * first config will need (Jackson's YAML reader and the config checks, the native-access library for KVM), so the
 * window opens its sample without waiting for those classes. Nothing it does is kept: errors are reported later by
 * the real open.
 */
final class StartupWarmUp {
    private StartupWarmUp() {
    }

    static void start(Path config) {
        Thread t = new Thread(() -> {
            try {
                if (config != null && Files.isRegularFile(config) && !config.toString().endsWith(".jsonl")) {
                    ConfigLoader.loadWithText(config);
                }
                Class.forName("com.sun.jna.Native", true, StartupWarmUp.class.getClassLoader());
            } catch (Exception | LinkageError e) {
                // only a head start: the window's own open reports any problem
            }
        }, "kvmwb-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
