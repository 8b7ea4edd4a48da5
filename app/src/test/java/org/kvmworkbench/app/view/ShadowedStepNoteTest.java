package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.ShadowedStep;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The CPU tab's note when one Step instruction ran MOV SS and the instruction in its shadow (VMX/SVM KVM). */
@ExtendWith(ApplicationExtension.class)
class ShadowedStepNoteTest {
    private static final ShadowedStep MOV_SS = new ShadowedStep("mov ss, ax", "mov sp, 0x8000");
    private final Locale before = Texts.locale();
    private CpuView cpu;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        cpu = new CpuView();
        stage.setScene(new Scene(cpu, 700, 500));
        stage.show();
    }

    @AfterEach
    void restoreLocale() {
        Texts.setLocale(before);
    }

    private Node note(FxRobot robot) {
        return robot.lookup("#shadowed-step-note").query();
    }

    @Test
    void aStepOverMovSsNamesBothInstructionsAndTheRule(FxRobot robot) {
        Texts.setLocale(Locale.ENGLISH);
        robot.interact(() -> cpu.showShadowedStep(MOV_SS));
        String text = cpu.stepNote();
        assertTrue(text.startsWith("This step ran 2 instructions: mov ss, ax held the single-step trap until "
                + "mov sp, 0x8000 had run too."), text);
        assertTrue(text.contains("Intel SDM Vol. 3A 6.8.3"), text);
        assertTrue(note(robot).isVisible() && note(robot).isManaged());
    }

    @Test
    void aStepOfOneInstructionAndAResetHideIt(FxRobot robot) {
        robot.interact(() -> cpu.showShadowedStep(MOV_SS));
        robot.interact(() -> cpu.showShadowedStep(null));
        assertEquals("", cpu.stepNote());
        assertFalse(note(robot).isVisible() || note(robot).isManaged(), "takes no room when hidden");
        robot.interact(() -> cpu.showShadowedStep(MOV_SS));
        robot.interact(cpu::clear);
        assertEquals("", cpu.stepNote(), "a reset forgets the last step");
    }

    @Test
    void inSimplifiedChineseTheInstructionsStayAsDisassembled(FxRobot robot) {
        Texts.setLocale(Locale.SIMPLIFIED_CHINESE);
        robot.interact(() -> cpu.showShadowedStep(MOV_SS));
        String text = cpu.stepNote();
        assertTrue(text.startsWith("这一步执行了 2 条指令：mov ss, ax 把单步陷阱推迟到 mov sp, 0x8000 也执行完之后。"), text);
        assertTrue(text.contains("Intel SDM Vol. 3A 6.8.3"), text);
    }
}
