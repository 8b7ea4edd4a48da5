package org.kvmworkbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(InEnglish.class)
class DisplayCheckTest {
    private static final Path DEBIAN_GTK = Path.of("/usr/lib/x86_64-linux-gnu", DisplayCheck.GTK);

    private static Optional<String> check(Map<String, String> env, boolean gtkInstalled) {
        return DisplayCheck.problem(env, "Linux", null, p -> gtkInstalled && p.equals(DEBIAN_GTK), () -> false);
    }

    @Test
    void noDisplayNamesWhatIsMissingAndTheHeadlessCommand() {
        String m = check(Map.of(), true).orElseThrow();
        assertTrue(m.contains("DISPLAY") && m.contains("WAYLAND_DISPLAY"), m);
        assertTrue(m.contains("kvm-workbench run CONFIG"), m);
        assertEquals(m, check(Map.of("DISPLAY", " "), true).orElseThrow(), "a blank DISPLAY is no display");
    }

    @Test
    void missingGtkSaysHowToInstallIt() {
        String m = check(Map.of("DISPLAY", ":0"), false).orElseThrow();
        assertTrue(m.contains("apt-get install libgtk-3-0"), m);
        assertTrue(m.contains("kvm-workbench run CONFIG"), m);
        assertEquals(1, m.lines().count());
    }

    @Test
    void aDisplayAndGtkAreEnough() {
        assertTrue(check(Map.of("DISPLAY", ":0"), true).isEmpty());
        assertTrue(check(Map.of("WAYLAND_DISPLAY", "wayland-0"), true).isEmpty());
        assertTrue(DisplayCheck.problem(Map.of("DISPLAY", ":0", "LD_LIBRARY_PATH", "/opt/gtk"), "Linux", null,
                p -> p.equals(Path.of("/opt/gtk", DisplayCheck.GTK)), () -> false).isEmpty());
        assertTrue(DisplayCheck.problem(Map.of("DISPLAY", ":0"), "Linux", null, p -> false, () -> true).isEmpty(),
                "a GTK the dynamic linker knows counts");
    }

    @Test
    void notCheckedOffLinuxOrUnderMonocle() {
        assertFalse(DisplayCheck.problem(Map.of(), "Mac OS X", null, p -> false, () -> false).isPresent());
        assertFalse(DisplayCheck.problem(Map.of(), "Linux", "Monocle", p -> false, () -> false).isPresent());
    }
}
