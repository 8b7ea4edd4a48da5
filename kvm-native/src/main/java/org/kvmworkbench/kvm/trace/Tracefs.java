package org.kvmworkbench.kvm.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.jna.LastErrorException;

import org.kvmworkbench.kvm.sys.LibC;

/**
 * Where tracefs is mounted. If it is not, {@link #acquire} mounts it at /sys/kernel/tracing (root only), and the
 * last {@link #release} in this JVM unmounts it again - only a mount this class made, never one it found.
 */
final class Tracefs {
    static final Path DEFAULT = Path.of("/sys/kernel/tracing");
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private static int users;
    private static Path root;
    private static boolean mountedHere;

    private Tracefs() {
    }

    /** The tracefs root, mounting it if needed; pair with {@link #release}. */
    static synchronized Path acquire() throws KernelTrace.Unavailable {
        if (users == 0) {
            Path found = mountPoint();
            if (found == null) {
                mount();
                found = DEFAULT;
                mountedHere = true;
            }
            root = found;
        }
        users++;
        return root;
    }

    /** Returns why unmounting failed, or null. */
    static synchronized String release() {
        if (users == 0 || --users > 0 || !mountedHere) return null;
        mountedHere = false;
        try {
            LibC.umount2(DEFAULT.toString(), 0);
            return null;
        } catch (LastErrorException e) {
            return "umount " + DEFAULT + ": " + LibC.describe(e.getErrorCode());
        }
    }

    /** Where tracefs is mounted now (/sys/kernel/tracing preferred), or null. */
    static Path mountPoint() {
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTS);
        } catch (IOException e) {
            return null;
        }
        Path any = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 3 || !f[2].equals("tracefs")) continue;
            Path p = Path.of(f[1].replace("\\040", " "));
            if (p.equals(DEFAULT)) return p;
            if (any == null) any = p;
        }
        return any;
    }

    private static void mount() throws KernelTrace.Unavailable {
        int euid = LibC.geteuid();
        if (euid != 0) {
            throw new KernelTrace.Unavailable("tracefs.needsRoot", euid, "mount -t tracefs nodev " + DEFAULT);
        }
        if (!Files.isDirectory(DEFAULT)) {
            throw new KernelTrace.Unavailable("tracefs.missing", DEFAULT);
        }
        try {
            LibC.mount("nodev", DEFAULT.toString(), "tracefs", 0, null);
        } catch (LastErrorException e) {
            throw new KernelTrace.Unavailable("tracefs.cannotMount", DEFAULT, LibC.describe(e.getErrorCode()));
        }
    }
}
