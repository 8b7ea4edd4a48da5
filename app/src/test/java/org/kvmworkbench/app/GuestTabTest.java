package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.guest.GuestPane;
import org.kvmworkbench.core.asm.AsmError;
import org.kvmworkbench.core.asm.NasmAssembler;
import org.kvmworkbench.core.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A teacher's own guest on the simulator (KVM hidden): New VM from template, change the printed string,
 * Assemble &amp; Run, and the console shows the new text; the listing marks the exits' instructions and CS:IP.
 */
class GuestTabTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    static void waitUntil(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private GuestPane guest() {
        return w().guest;
    }

    @Test
    void newGuestEditedAssembledAndRunWithTheBuiltInAssembler(FxRobot robot) throws Exception {
        robot.interact(() -> guest().useBuiltIn());
        assertTrue(guest().editor().lookupAll(".guest-assembler").stream()
                .anyMatch(n -> ((javafx.scene.control.Label) n).getText().contains("built-in")));
        writeEditRun(robot, w(), "lesson1");
    }

    @Test
    void theSameWithNasmWhereInstalled(FxRobot robot) throws Exception {
        assumeTrue(NasmAssembler.find().isPresent(), "nasm is not installed");
        robot.interact(() -> guest().setAssembler(NasmAssembler.find().get()));
        writeEditRun(robot, w(), "lesson2");
    }

    /** The whole flow, shared with the KVM test. */
    static void writeEditRun(FxRobot robot, WorkbenchWindow w, String name) throws Exception {
        Path folder = Files.createTempDirectory("kvmwb-guest");
        GuestPane guest = w.guest;
        boolean[] opened = new boolean[1];
        robot.interact(() -> opened[0] = guest.newFromTemplate(folder, name));
        assertTrue(opened[0], "the new guest did not open");
        for (String ext : List.of(".asm", ".yaml", ".bin")) assertTrue(Files.isRegularFile(folder.resolve(name + ext)));
        assertEquals(folder.resolve(name + ".yaml"), w.model().configPath());
        byte[] savedBin = Files.readAllBytes(folder.resolve(name + ".bin"));
        String savedAsm = Files.readString(folder.resolve(name + ".asm"));

        robot.clickOn(GuestPane_TAB());
        assertTrue(guest.editor().source().contains("Hello from " + name + "!"));
        assertTrue(guest.source().caption().startsWith("Listing of " + name + ".asm"), guest.source().caption());

        // a mistake first: reported at its line, nothing runs
        String broken = guest.editor().source().replace("        cld\n", "        cld\n        movx ax, 1\n");
        robot.interact(() -> editorText(guest).setText(broken));
        robot.clickOn("Assemble");
        List<AsmError> errors = guest.editor().shownErrors();
        assertFalse(errors.isEmpty());
        assertEquals(lineOf(broken, "movx ax, 1"), errors.get(0).line());
        // NASM's messages are listed as NASM prints them (its own words): the line above says whose they are
        boolean fromNasm = errors.get(0).words().isLiteral();
        assertEquals(fromNasm, guest.editor().resultText().startsWith("Not assembled: NASM reports "),
                guest.editor().resultText());

        String edited = savedAsm.replace("Hello from " + name + "!", "Changed by the teacher");
        robot.interact(() -> editorText(guest).setText(edited));
        robot.clickOn("Assemble & Run");
        waitUntil(() -> guest.editor().resultText().startsWith("Running the edited program"));
        assertTrue(guest.editor().shownErrors().isEmpty());
        robot.interact(() -> w.model().session().run());
        waitUntil(() -> w.console.text().contains("Changed by the teacher")
                && w.model().session().state() != Session.State.RUNNING);
        assertFalse(w.console.text().contains("Hello from"));

        // the inputs are untouched until Save; the edited image is beside the source
        assertArrayEquals(savedBin, Files.readAllBytes(folder.resolve(name + ".bin")));
        assertEquals(savedAsm, Files.readString(folder.resolve(name + ".asm")));
        assertTrue(Files.isRegularFile(folder.resolve(name + ".edited.bin")));

        // the listing: CS:IP rests after the final HLT, each exit counted at its IN or OUT
        int out = lineOf(edited, "out dx, al");
        int in = lineOf(edited, "in al, dx");
        try {
            waitUntil(() -> guest.source().exitsAt(out) == "Changed by the teacher\r\n".length());
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < 60; i++) if (guest.source().exitsAt(i) > 0) b.append(i).append('=').append(guest.source().exitsAt(i)).append(' ');
            for (var r : w.model().session().ring().snapshot()) b.append('\n').append(r.regs().csIp()).append(' ').append(r.instruction()).append(' ').append(r.kvmExit());
            throw new AssertionError(b.toString());
        }
        assertTrue(guest.source().exitsAt(in) >= "Changed by the teacher\r\n".length());
        assertEquals(0, guest.source().exitsAt(lineOf(edited, "mov ah, al")));
        waitUntil(() -> guest.source().currentLine() > 0);
        int current = guest.source().currentLine();
        // the run ended at the final HLT: CS:IP is on it, or on the byte after it (uart_puts' first instruction)
        // where the backend reports RIP past the halted instruction
        assertTrue(current == lineOf(edited, "hlt") || current == lineOf(edited, "lodsb"), "CS:IP at line " + current);

        // picking an exit in the log selects its instruction
        var last = w.model().session().ring().snapshot();
        robot.interact(() -> guest.source().reveal(last.get(last.size() - 1)));
        assertEquals(guest.source().lineOf(last.get(last.size() - 1)), guest.source().selectedLine());

        // Save writes the source and the image the config names
        robot.clickOn("Save");
        assertEquals(edited, Files.readString(folder.resolve(name + ".asm")));
        assertFalse(java.util.Arrays.equals(savedBin, Files.readAllBytes(folder.resolve(name + ".bin"))));
    }

    private static String GuestPane_TAB() {
        return org.kvmworkbench.app.i18n.Texts.of(GuestPane.class).get("tab");
    }

    private static javafx.scene.control.TextArea editorText(GuestPane guest) {
        return (javafx.scene.control.TextArea) guest.editor().lookup(".guest-source");
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
        throw new AssertionError(needle + " not in the source");
    }
}
