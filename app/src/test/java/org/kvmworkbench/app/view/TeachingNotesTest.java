package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.Lane;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class TeachingNotesTest {
    TeachingNotes notes;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        notes = new TeachingNotes();
        stage.setScene(new Scene(notes, 800, 700));
        stage.show();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void explainsTheHandlerStageOfAPortIoExit(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8);
        robot.interact(() -> notes.update(out, org.kvmworkbench.core.kvm.Stage.KVM_HANDLER));
        assertEquals("Step 3 of 7", text(robot, ".step-count"));
        assertEquals(LaneNames.title(Lane.KERNEL, null), text(robot, ".lane"));
        assertEquals("KVM's exit handler", text(robot, ".note-title"));
        assertTrue(notes.text().contains("handle_io"));
        assertEquals(ExitPath.USERSPACE_PIO.steps().get(2).handler(), text(robot, ".handler"));
        assertEquals(StageNotes.keyMessage(), text(robot, ".key-text"));
        assertTrue(text(robot, ".syscalls").contains("one system call"));
        assertTrue(robot.lookup(".reference").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().contains("vmx.c")));
    }

    @Test
    void everyStageOfARealPathCanBeShown(FxRobot robot) throws Exception {
        SampleExits s = SampleExits.sample("cpuid-msr");
        ExitRecord cpuid = s.first(r -> r.reason() == VmxExitReason.CPUID);
        for (var step : cpuid.path().steps()) {
            robot.interact(() -> notes.update(cpuid, step.stage()));
            assertFalse(notes.text().isBlank());
            assertEquals(step.stage(), notes.shownStage());
        }
        assertTrue(text(robot, ".syscalls").contains("0 system calls"));
    }

    @Test
    void aStageTheExitNeverReaches(FxRobot robot) throws Exception {
        SampleExits s = SampleExits.sample("cpuid-msr");
        ExitRecord cpuid = s.first(r -> r.reason() == VmxExitReason.CPUID);
        robot.interact(() -> notes.update(cpuid, org.kvmworkbench.core.kvm.Stage.KVM_RUN_RETURNS));
        assertEquals("Not on this exit's path", text(robot, ".note-title"));
        robot.interact(notes::clear);
        assertEquals(StageNotes.keyMessage(), text(robot, ".key-text"));
    }

    @Test
    void speaksThePvmHostsLanguage(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8);
        robot.interact(() -> notes.update(out, org.kvmworkbench.core.kvm.Stage.GUEST_INSTRUCTION, StageNotesHostTest.PVM));
        assertEquals(LaneNames.title(Lane.GUEST, StageNotesHostTest.PVM), text(robot, ".lane"));
        assertFalse(text(robot, ".lane").contains("VMX non-root"));
        assertFalse(notes.text().contains("VMX non-root"), notes.text());
        assertTrue(notes.text().contains("emulator"), notes.text());
        assertEquals(StageNotes.keyMessage(StageNotesHostTest.PVM), text(robot, ".key-text"));
        robot.interact(() -> notes.update(out, org.kvmworkbench.core.kvm.Stage.VM_EXIT, StageNotesHostTest.PVM));
        assertTrue(notes.text().contains("no VMCS"), notes.text());
        assertFalse(text(robot, ".handler").contains("exit reason"));
    }

    @Test
    void speaksTheSvmHostsLanguageAndBackToVmx(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8);
        robot.interact(() -> notes.update(out, org.kvmworkbench.core.kvm.Stage.KVM_HANDLER, StageNotesHostTest.SVM));
        assertEquals(LaneNames.title(Lane.KERNEL, StageNotesHostTest.SVM), text(robot, ".lane"));
        assertTrue(notes.text().contains("io_interception"), notes.text());
        assertTrue(text(robot, ".handler").startsWith("svm_handle_exit"));
        assertTrue(text(robot, ".key-text").contains("VMCB"));
        // same record and stage, VMX host: the wording changes back
        robot.interact(() -> notes.update(out, org.kvmworkbench.core.kvm.Stage.KVM_HANDLER, StageNotesHostTest.VMX));
        assertTrue(notes.text().contains("handle_io"), notes.text());
        assertEquals(StageNotes.keyMessage(), text(robot, ".key-text"));
    }
}
