package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ExitPanelTest {
    @TempDir Path dir;
    ExitPanel panel;
    StackPane root;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        panel = new ExitPanel();
        root = new StackPane(panel);
        stage.setScene(new Scene(root, 1100, 780));
        stage.show();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    /** The diagram box for bit range {@code range}. */
    private static BitFieldDiagram.Box box(FxRobot robot, String range) {
        return robot.lookup(".bit-box").queryAllAs(BitFieldDiagram.Box.class).stream()
                .filter(b -> b.range.getText().equals(range) && b.isVisible() && b.getParent().isVisible())
                .findFirst().orElseThrow(() -> new AssertionError("no box for bits " + range));
    }

    private static Set<String> visibleTexts(FxRobot robot, Node under) {
        return robot.from(under).lookup(".label").queryAllAs(Label.class).stream()
                .filter(Node::isVisible).map(Label::getText).collect(Collectors.toSet());
    }

    @Test
    void showsAUserspaceIoExitWithItsQualificationDiagram(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8 && r.access().write());
        robot.interact(() -> panel.update(out, hello.info));

        assertEquals("30", text(robot, ".headline-number"));
        assertEquals("I/O instruction", text(robot, ".headline-name"));
        assertEquals("on AMD SVM", text(robot, ".svm-tag"));
        assertEquals("SVM_EXIT_IOIO (0x07b)", text(robot, ".svm-code"));
        assertEquals("ioctl(KVM_RUN) returned KVM_EXIT_IO (2)", text(robot, ".result-main"));
        assertEquals(out.regs().csIp(), visibleTexts(robot, panel).stream().filter(t -> t.equals(out.regs().csIp()))
                .findFirst().orElse(""));
        assertTrue(visibleTexts(robot, panel).contains("port 0x3F8 · 1 byte · OUT (guest → device)"));

        assertEquals("0x3F8", box(robot, "31:16").value.getText());
        assertEquals("port", box(robot, "31:16").name.getText());
        assertEquals("OUT", box(robot, "3").value.getText());
        assertEquals("1 byte", box(robot, "2:0").value.getText());
        assertEquals("DX", box(robot, "6").value.getText());
        assertTrue(text(robot, ".reference").contains("Intel SDM Vol. 3C §28.2.1, Exit Qualification for I/O Instructions"));
        // the port box is the widest: widths follow the bit spans
        assertTrue(box(robot, "31:16").getWidth() > box(robot, "3").getWidth() * 2);
        assertTrue(box(robot, "31:16").getWidth() > box(robot, "15:7").getWidth());
    }

    @Test
    void anInAccessShowsTheValueRead(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord in = hello.first(r -> r.access() != null && r.access().address() == 0x3FD);
        robot.interact(() -> panel.update(in, hello.info));
        assertEquals("IN", box(robot, "3").value.getText());
        assertTrue(visibleTexts(robot, panel).contains("Value read"));
    }

    @Test
    void anExitFinishedInTheKernel(FxRobot robot) throws Exception {
        SampleExits s = SampleExits.sample("cpuid-msr");
        ExitRecord cpuid = s.first(r -> r.reason() == VmxExitReason.CPUID);
        robot.interact(() -> panel.update(cpuid, s.info));
        assertEquals("10", text(robot, ".headline-number"));
        assertEquals("finished in the kernel — no return to userspace", text(robot, ".result-main"));
        assertTrue(visibleTexts(robot, panel).contains("no qualification defined for this reason (0)"));
        assertFalse(robot.lookup(".bit-field-diagram").query().isVisible());
    }

    @Test
    void mmioEptViolationAndMisconfiguration(FxRobot robot) throws Exception {
        SampleExits s = SampleExits.mmio(dir);
        ExitRecord violation = s.first(r -> r.reason() == VmxExitReason.EPT_VIOLATION);
        robot.interact(() -> panel.update(violation, s.info));
        assertEquals("48", text(robot, ".headline-number"));
        assertEquals("ioctl(KVM_RUN) returned KVM_EXIT_MMIO (6)", text(robot, ".result-main"));
        assertEquals("yes", box(robot, "1").value.getText());   // write
        assertEquals("no", box(robot, "0").value.getText());    // read
        assertEquals("yes", box(robot, "7").value.getText());   // linear address valid
        assertTrue(visibleTexts(robot, panel).contains("0x20010"));

        ExitRecord misconfig = s.first(r -> r.reason() == VmxExitReason.EPT_MISCONFIG);
        robot.interact(() -> panel.update(misconfig, s.info));
        assertEquals("49", text(robot, ".headline-number"));
        assertTrue(visibleTexts(robot, panel).stream().anyMatch(t -> t.startsWith("EPT misconfiguration has no qualification")));
        assertTrue(visibleTexts(robot, panel).contains("0x20010"));
    }

    @Test
    void anInterceptedExceptionShowsItsInterruptionInformation(FxRobot robot) throws Exception {
        SampleExits s = SampleExits.undefinedOpcode(dir);
        ExitRecord ud = s.first(r -> r.path() == ExitPath.KERNEL_EXCEPTION);
        robot.interact(() -> panel.update(ud, s.info));
        assertEquals("0", text(robot, ".headline-number"));
        assertEquals("SVM_EXIT_EXCP_BASE+6 (0x046)", text(robot, ".svm-code"));
        assertEquals("6 #UD", box(robot, "7:0").value.getText());
        assertEquals("hardware exception", box(robot, "10:8").value.getText());
        assertEquals("valid", box(robot, "31").value.getText());
    }

    @Test
    void clearShowsThePlaceholder(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        robot.interact(() -> panel.update(hello.exits.get(0), hello.info));
        assertTrue(robot.lookup(".content").query().isVisible());
        robot.interact(panel::clear);
        assertFalse(robot.lookup(".content").query().isVisible());
        assertTrue(robot.lookup(".empty").query().isVisible());
        assertEquals(null, panel.shown());
    }

    @Test
    void presenterModeScalesTheText(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        robot.interact(() -> panel.update(hello.exits.get(0), hello.info));
        double normal = robot.lookup(".headline-number").queryAs(Label.class).getFont().getSize();
        double value = box(robot, "31:16").value.getFont().getSize();
        robot.interact(() -> root.setStyle("-fx-font-size: 28px;"));
        double big = robot.lookup(".headline-number").queryAs(Label.class).getFont().getSize();
        assertEquals(2.0, big / normal, 0.01);
        assertEquals(2.0, box(robot, "31:16").value.getFont().getSize() / value, 0.01);
        robot.interact(() -> root.setStyle(""));
    }

    /** On an AMD host the headline is the SVM exit code KVM saw; the VMX reason is shown as its equivalent. */
    @Test
    void anSvmHostsExitLeadsWithItsExitCode(FxRobot robot) throws Exception {
        SampleExits s = SampleExits.sample("mmio-probe");
        ExitRecord r = s.first(e -> e.reason() == VmxExitReason.EPT_MISCONFIG);
        ExitRecord amd = new ExitRecord(r.seq(), r.reason(), r.qualification(), r.instructionLength(), r.guestPhysical(),
                r.guestLinear(), r.interruptionInfo(), r.svm(), r.kvmExit(), r.path(), r.access(), r.regs(),
                r.instruction(), r.note(), r.instructionsRetired(), r.measuredNanos(), r.svm());
        robot.interact(() -> panel.update(amd, new org.kvmworkbench.core.backend.BackendInfo("kvm", "SVM", "VMCB", "VMRUN", "test")));
        assertEquals("0x400", text(robot, ".headline-number"));
        assertEquals("SVM_EXIT_NPF", text(robot, ".headline-name"));
        assertEquals("49 EPT misconfiguration", text(robot, ".svm-code"));
        robot.interact(() -> panel.update(r, s.info));
        assertEquals("49", text(robot, ".headline-number"));
    }
}
