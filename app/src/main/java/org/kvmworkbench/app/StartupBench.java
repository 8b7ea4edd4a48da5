package org.kvmworkbench.app;

import java.lang.management.ManagementFactory;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * The start-up benchmark ({@code -Dkvmwb.startupBench=true}): prints how long it took from the JVM's start to the
 * window's first rendered frame with the default sample open, then quits. A measurement, not a test.
 */
final class StartupBench {
    private StartupBench() {
    }

    /** Prints a phase's time since the JVM started, when the benchmark runs. */
    static void mark(String phase) {
        if (!Boolean.getBoolean("kvmwb.startupBench")) return;
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("startup: " + phase + " " + ms + " ms" + cpu());
    }

    /** ", CPU 1234 ms": the process's CPU time so far (all threads), which a busy machine does not inflate. */
    private static String cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return ", CPU " + os.getProcessCpuTime() / 1_000_000 + " ms";
        }
        return "";
    }

    static void reportFirstFrameAndExit() {
        new AnimationTimer() {
            private int frames;

            @Override public void handle(long now) {
                if (++frames < 2) return; // the second pulse: the first frame with the sample has been rendered
                stop();
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("startup: sample shown " + ms + " ms after the JVM started" + cpu());
                Platform.exit();
            }
        }.start();
    }
}
