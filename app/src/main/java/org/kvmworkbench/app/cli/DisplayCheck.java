package org.kvmworkbench.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Before the window opens on Linux: is there a display, and is GTK 3 (which JavaFX's window toolkit loads)
 * installed? Without either JavaFX fails with a stack trace; this says what is missing in one line instead.
 */
public final class DisplayCheck {
    static final String GTK = "libgtk-3.so.0";
    /** Where Debian, Ubuntu, Fedora and Arch put shared libraries. */
    private static final List<String> LIBRARY_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
            "/usr/local/lib");
    /** The command that needs no window. */
    static final String HEADLESS = "kvm-workbench run CONFIG";
    private static final org.kvmworkbench.app.i18n.Texts T = org.kvmworkbench.app.i18n.Texts.of(DisplayCheck.class);

    private DisplayCheck() {
    }

    /** The problem with opening a window here, or empty. */
    public static Optional<String> problem() {
        return problem(System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"),
                Files::isRegularFile, DisplayCheck::inLinkerCache);
    }

    /**
     * @param fileExists     whether a library file is there
     * @param inLinkerCache  whether the dynamic linker's cache names GTK (libraries outside the usual folders)
     */
    static Optional<String> problem(Map<String, String> env, String osName, String glassPlatform,
                                    Predicate<Path> fileExists, BooleanSupplier inLinkerCache) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) return Optional.empty();
        if (glassPlatform != null && glassPlatform.equalsIgnoreCase("monocle")) return Optional.empty();
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.of(ErrorLine.of(T.format("noDisplay", "ssh -X", "xvfb-run java -jar kvm-workbench.jar",
                    HEADLESS)));
        }
        for (String dir : searchDirs(env)) {
            if (fileExists.test(Path.of(dir, GTK))) return Optional.empty();
        }
        if (inLinkerCache.getAsBoolean()) return Optional.empty();
        return Optional.of(ErrorLine.of(T.format("noGtk", GTK, "sudo apt-get install libgtk-3-0", "sudo dnf install gtk3",
                HEADLESS)));
    }

    /** /etc/ld.so.cache lists every library the linker knows by name, as plain bytes. */
    private static boolean inLinkerCache() {
        Path file = Path.of("/etc/ld.so.cache");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > (16 << 20)) return false;
            byte[] cache = Files.readAllBytes(file);
            return new String(cache, java.nio.charset.StandardCharsets.ISO_8859_1).contains(GTK);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> searchDirs(Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String ld = env.get("LD_LIBRARY_PATH");
        if (!blank(ld)) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
        dirs.addAll(LIBRARY_DIRS);
        return dirs;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
