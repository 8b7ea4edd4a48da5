package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ConsoleViewTest {
    private ConsoleView console;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        console = new ConsoleView();
        console.setOnInput(b -> sent.write(b, 0, b.length));
        stage.setScene(new Scene(console, 900, 500));
        stage.show();
    }

    @BeforeEach
    void focus(FxRobot robot) {
        robot.clickOn("#console-terminal");
        WaitForAsyncUtils.waitForFxEvents();
        sent.reset();
    }

    private byte[] sent() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return sent.toByteArray();
    }

    @Test
    void enterSendsCarriageReturn(FxRobot robot) throws Exception {
        robot.type(KeyCode.H, KeyCode.I, KeyCode.ENTER);
        assertArrayEquals(new byte[] {'h', 'i', '\r'}, sent());
    }

    @Test
    void ctrlDSendsEndOfTransmission(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).press(KeyCode.D).release(KeyCode.D).release(KeyCode.CONTROL);
        assertArrayEquals(new byte[] {0x04}, sent());
        robot.press(KeyCode.CONTROL).press(KeyCode.C).release(KeyCode.C).release(KeyCode.CONTROL);
        assertArrayEquals(new byte[] {0x04, 0x03}, sent());
    }

    @Test
    void captionSaysWhereKeysGo(FxRobot robot) {
        assertEquals("typed keys go to the UART's receive FIFO (port 0x3F8)",
                robot.lookup("#console-caption").queryAs(Label.class).getText());
    }

    @Test
    void keyTypedTextBecomesSerialBytes() {
        assertArrayEquals(new byte[] {'\r'}, ConsoleView.bytesOf("\n"));
        assertArrayEquals(new byte[] {'\r'}, ConsoleView.bytesOf("\r"));
        assertArrayEquals(new byte[] {0x04}, ConsoleView.bytesOf("\u0004"));
        assertArrayEquals(new byte[] {(byte) 0xE9}, ConsoleView.bytesOf("é"));
        assertArrayEquals(new byte[0], ConsoleView.bytesOf("€"));
    }

    @Test
    void actsLikeATerminal(FxRobot robot) {
        robot.interact(() -> {
            console.clear();
            console.append("Hello\r\nwor");
            console.append("ld\n\tx\n");
            console.append("abc\b\bZ\rq\n");
            console.append("ok\u0007");
        });
        assertEquals("Hello\nworld\n        x\nqZc\nok", console.text());
    }

    @Test
    void keepsTheLastHundredThousandCharacters(FxRobot robot) throws Exception {
        StringBuilder frame = new StringBuilder();
        for (int i = 0; i < 40; i++) frame.append("line of guest output number ").append(i).append('\n');
        String chunk = frame.toString();
        long start = System.nanoTime();
        robot.interact(() -> {
            console.clear();
            for (int f = 0; f < 200; f++) console.append(chunk); // ~240 k characters, one call per "frame"
            console.append("the end");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> true);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(console.retainedChars() <= ConsoleView.MAX_CHARS, "kept " + console.retainedChars());
        assertTrue(console.retainedChars() > ConsoleView.MAX_CHARS - 100, "kept " + console.retainedChars());
        assertEquals(console.retainedChars(), console.text().length());
        assertTrue(console.text().endsWith("number 39\nthe end"));
        assertTrue(ms < 10_000, "200 frames of output took " + ms + " ms");
    }

    @Test
    void followsTheOutputUntilTheUserScrollsBack(FxRobot robot) {
        robot.interact(() -> {
            console.clear();
            for (int i = 0; i < 300; i++) console.append("line " + i + "\n");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(300, lastVisible(robot), "the (empty) line after the last newline, with the cursor");

        robot.type(KeyCode.PAGE_UP, 2); // the user scrolls back to read
        WaitForAsyncUtils.waitForFxEvents();
        int first = firstVisible(robot);
        assertTrue(lastVisible(robot) < 300);
        robot.interact(() -> {
            for (int i = 300; i < 320; i++) console.append("line " + i + "\n");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(first, firstVisible(robot), "new output does not move what they are reading");

        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> console.append("line 320\n"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(321, lastVisible(robot), "back at the end: following again");
    }

    private static javafx.scene.control.skin.VirtualFlow<?> flow(FxRobot robot) {
        return robot.lookup("#console-terminal .virtual-flow").queryAs(javafx.scene.control.skin.VirtualFlow.class);
    }

    private static int lastVisible(FxRobot robot) {
        return flow(robot).getLastVisibleCell().getIndex();
    }

    private static int firstVisible(FxRobot robot) {
        return flow(robot).getFirstVisibleCell().getIndex();
    }
}
