package org.kvmworkbench.app.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.asm.Assembly;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Without NASM the editor says so, names the built-in assembler, and still assembles: never a dead end. */
@ExtendWith(ApplicationExtension.class)
class NoNasmTest {
    private GuestPane pane;

    @BeforeAll
    static void hideNasm() {
        System.setProperty("kvmwb.nasm", "/nonexistent/nasm");
    }

    @AfterAll
    static void restoreNasm() {
        System.clearProperty("kvmwb.nasm");
    }

    @Start
    void start(Stage stage) {
        pane = new GuestPane(new GuestPane.Host() {
            @Override public void runImage(Path image) { }

            @Override public boolean open(Path config) {
                return false;
            }

            @Override public void showError(String message) {
                throw new AssertionError(message);
            }
        });
        stage.setScene(new Scene(pane, 900, 600));
        stage.show();
    }

    @Test
    void theBuiltInAssemblerIsUsedAndTheMissingNasmIsNamed(FxRobot robot) {
        String shown = pane.editor().assembler.getText();
        assertTrue(shown.contains("NASM is not installed") && shown.contains("built-in"), shown);
        robot.interact(() -> pane.editor().text.setText("bits 16\norg 0x1000\nmov al, 'A'\nout 0xE9, al\nhlt\n"));
        Assembly[] a = new Assembly[1];
        robot.interact(() -> a[0] = pane.assemble());
        assertNotNull(a[0]);
        assertEquals("built-in", a[0].assembler());
        assertEquals("B041E6E9F4", java.util.HexFormat.of().withUpperCase().formatHex(a[0].image()));
        assertTrue(pane.editor().resultText().contains("built-in assembler"), pane.editor().resultText());
    }
}
