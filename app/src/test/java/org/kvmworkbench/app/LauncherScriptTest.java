package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./kvm-workbench with a stand-in java on the PATH (a script that prints its arguments, writes stderr lines around
 * JDK 17's incubator warning and exits as told): the flags of KVM_RUN's fast path for the JDK's version, the warning
 * taken out of stderr and nothing else, every stderr line out before the launcher ends, the exit status and a TERM
 * passed on.
 */
class LauncherScriptTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.foreign";
    private static final String FLAGS = "--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED ";
    @TempDir Path dir;
    private Path launcher, jdk;

    @BeforeEach
    void standIns() throws IOException {
        Path home = Files.createDirectories(dir.resolve("workbench/app/target"));
        Files.writeString(home.resolve("kvm-workbench.jar"), "");
        launcher = Files.copy(Path.of("../kvm-workbench"), dir.resolve("workbench/kvm-workbench"));
        jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.writeString(jdk.resolve("java"), String.join("\n",
                "#!/bin/sh",
                "echo \"java $*\"",
                "echo 'line 1' >&2",
                "echo '" + WARNING + "' >&2",
                "echo 'WARNING: something else' >&2",
                "if [ \"$STANDIN\" = wait ]; then",
                "    trap 'echo \"stopping on TERM\" >&2; exit 143' TERM",
                "    echo ready > \"$READY\"",
                "    while :; do sleep 0.05; done",
                "fi",
                "echo 'last line' >&2",
                "exit 3", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    }

    private void release(String version) throws IOException {
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    }

    private ProcessBuilder launch(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", jdk + ":" + System.getenv("PATH"));
        pb.environment().put("KVMWB_LINKER", "on"); // as where /dev/kvm opens
        return pb;
    }

    private record Ran(int status, String out, String err) {
    }

    private Ran run(ProcessBuilder pb) throws Exception {
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not end");
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void onJdk17TheIncubatorIsAddedAndItsWarningTakenOut() throws Exception {
        release("17.0.15");
        Ran r = run(launch("run", "x.yaml"));
        String jar = dir.resolve("workbench/app/target/kvm-workbench.jar").toString();
        assertEquals("java " + FLAGS + "-jar " + jar + " run x.yaml\n", r.out());
        assertEquals("line 1\nWARNING: something else\nlast line\n", r.err(), "every line but the one, in order");
        assertEquals(3, r.status());
    }

    /** The window's first launch records a class-data archive: the launcher waits for the JVM, then renames it. */
    @Test
    void theRecordingLaunchKeepsTheStatusAndEveryLine() throws Exception {
        release("17.0.15");
        Ran r = run(launch());
        assertTrue(r.out().startsWith("java " + FLAGS + "-XX:ArchiveClassesAtExit="), r.out());
        assertEquals("line 1\nWARNING: something else\nlast line\n", r.err());
        assertEquals(3, r.status());
    }

    @Test
    void onOtherJdksNothingIsAddedOrTakenOut() throws Exception {
        for (String version : List.of("21.0.5", "25", "11.0.2")) {
            release(version);
            Ran r = run(launch("run", "x.yaml"));
            assertEquals("java -jar " + dir.resolve("workbench/app/target/kvm-workbench.jar") + " run x.yaml\n", r.out(),
                    version);
            assertEquals("line 1\n" + WARNING + "\nWARNING: something else\nlast line\n", r.err(), version);
            assertEquals(3, r.status(), version);
        }
    }

    @Test
    void theIncubatorIsAddedWhereKvmOpensUnlessTurnedOff() throws Exception {
        release("17.0.15");
        String jar = dir.resolve("workbench/app/target/kvm-workbench.jar").toString();
        ProcessBuilder off = launch("run", "x.yaml");
        off.environment().put("KVMWB_LINKER", "off");
        assertEquals("java -jar " + jar + " run x.yaml\n", run(off).out());
        ProcessBuilder auto = launch("run", "x.yaml");
        auto.environment().remove("KVMWB_LINKER");
        Path kvm = Path.of("/dev/kvm");
        boolean opens = Files.isReadable(kvm) && Files.isWritable(kvm);
        assertEquals("java " + (opens ? FLAGS : "") + "-jar " + jar + " run x.yaml\n", run(auto).out());
    }

    @Test
    void aTermSentToTheLauncherStopsTheJvm() throws Exception {
        release("17.0.15");
        Path ready = dir.resolve("ready");
        ProcessBuilder pb = launch("run", "x.yaml");
        pb.environment().put("STANDIN", "wait");
        pb.environment().put("READY", ready.toString());
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ready) && System.nanoTime() - deadline < 0) Thread.sleep(10);
        assertTrue(Files.exists(ready), "the stand-in java never started");
        p.destroy(); // SIGTERM to the launcher
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not end on TERM");
        assertEquals(143, p.exitValue());
        assertEquals("line 1\nWARNING: something else\nstopping on TERM\n", Files.readString(err, StandardCharsets.UTF_8));
    }
}
