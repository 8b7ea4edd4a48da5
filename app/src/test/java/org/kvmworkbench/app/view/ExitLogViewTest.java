package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.KvmExitReason;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ExitLogViewTest {
    private static final SampleExits CPUID_MSR = SampleExits.of("cpuid-msr");
    private ExitLogView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        view = new ExitLogView();
        stage.setScene(new Scene(view, 1240, 700));
        stage.show();
    }

    private void update(FxRobot robot, List<ExitRecord> records) {
        robot.interact(() -> view.update(records));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TableView<ExitLogView.Row> table(FxRobot robot) {
        return robot.lookup("#exit-log-table").queryAs(TableView.class);
    }

    /** The text the "Finished in" pills show now. */
    private static Set<String> pills(FxRobot robot) {
        return robot.lookup(".pill").queryAllAs(Label.class).stream().filter(Node::isVisible)
                .filter(l -> l.getParent() != null && ((TableCell<?, ?>) l.getParent()).getItem() != null)
                .map(Label::getText).collect(Collectors.toSet());
    }

    private static long count(List<ExitRecord> records, VmxExitReason reason) {
        return records.stream().filter(r -> r.reason() == reason).count();
    }

    @Test
    void showsEveryExitWithWhereItWasFinished(FxRobot robot) {
        List<ExitRecord> recs = CPUID_MSR.exits;
        update(robot, recs);
        assertEquals(recs, view.shownRecords());
        assertEquals(List.of("All reasons", "10 CPUID", "12 HLT", "30 I/O instruction", "31 RDMSR", "32 WRMSR"),
                view.reasonChoices().stream().map(ExitLogView.ReasonChoice::label).toList());

        ExitRecord out = recs.stream().filter(r -> r.reason() == VmxExitReason.IO_INSTRUCTION).findFirst().orElseThrow();
        assertEquals(KvmExitReason.IO, out.kvmExit());
        ExitLogView.Row row = table(robot).getItems().stream().filter(r -> r.record == out).findFirst().orElseThrow();
        assertEquals("30 I/O instruction", row.text(ExitLogView.Col.REASON));
        assertEquals("KVM_EXIT_IO", row.text(ExitLogView.Col.FINISHED));
        assertEquals("0xE9", row.text(ExitLogView.Col.ADDRESS));
        assertEquals("1", row.text(ExitLogView.Col.SIZE));
        assertEquals("OUT", row.text(ExitLogView.Col.DIRECTION));
        assertTrue(row.text(ExitLogView.Col.DATA).matches("0x[0-9A-F]{2}( '.')?"), row.text(ExitLogView.Col.DATA));
        assertEquals(out.regs().csIp(), row.text(ExitLogView.Col.RIP));
        ExitRecord cpuid = recs.stream().filter(r -> r.reason() == VmxExitReason.CPUID).findFirst().orElseThrow();
        assertEquals("kernel", table(robot).getItems().stream().filter(r -> r.record == cpuid).findFirst()
                .orElseThrow().text(ExitLogView.Col.FINISHED));
    }

    @Test
    void filtersByReasonFromTheComboBox(FxRobot robot) {
        List<ExitRecord> recs = CPUID_MSR.exits;
        update(robot, recs);
        robot.clickOn("#exit-log-reason-filter");
        robot.clickOn("10 CPUID");
        WaitForAsyncUtils.waitForFxEvents();
        List<ExitRecord> shown = view.shownRecords();
        assertEquals(CPUID_MSR.stats.count(VmxExitReason.CPUID), shown.size());
        assertTrue(shown.stream().allMatch(r -> r.reason() == VmxExitReason.CPUID));
        assertEquals(Set.of("kernel"), pills(robot), "CPUID is finished in the kernel");

        robot.interact(() -> view.setReasonFilter(VmxExitReason.IO_INSTRUCTION));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(count(recs, VmxExitReason.IO_INSTRUCTION), view.shownRecords().size());
        assertEquals(Set.of("KVM_EXIT_IO"), pills(robot));

        robot.interact(() -> view.setReasonFilter(null));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(recs.size(), view.shownRecords().size());
    }

    @Test
    void userspaceOnlyHidesWhatTheKernelFinished(FxRobot robot) {
        update(robot, CPUID_MSR.exits);
        robot.clickOn("#exit-log-userspace-only");
        WaitForAsyncUtils.waitForFxEvents();
        List<ExitRecord> shown = view.shownRecords();
        assertEquals(CPUID_MSR.stats.userspace(), shown.size());
        assertTrue(shown.stream().allMatch(ExitRecord::reachedUserspace));
        assertFalse(pills(robot).contains("kernel"));

        robot.interact(() -> view.setReasonFilter(VmxExitReason.MSR_READ));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), view.shownRecords(), "RDMSR never reaches userspace");
    }

    @Test
    void selectingARowReportsTheRecord(FxRobot robot) {
        update(robot, CPUID_MSR.exits);
        AtomicReference<ExitRecord> selected = new AtomicReference<>();
        robot.interact(() -> view.setOnSelect(selected::set));
        robot.interact(() -> view.setReasonFilter(VmxExitReason.CPUID));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".pill").queryAllAs(Label.class).stream()
                .filter(l -> "kernel".equals(l.getText())).findFirst().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(selected.get());
        assertEquals(VmxExitReason.CPUID, selected.get().reason());

        // A new frame's data keeps the selection and does not report it again.
        ExitRecord before = selected.get();
        selected.set(null);
        update(robot, new ArrayList<>(CPUID_MSR.exits));
        assertEquals(null, selected.get());
        assertSame(before, table(robot).getSelectionModel().getSelectedItem().record);
    }

    /** Scrolling happens in a later pulse: on a loaded machine wait for it (generous bound), do not assume it. */
    private void waitForNewest(FxRobot robot, String what) {
        try {
            WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> lastVisible(robot) >= 999);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + ": last visible row " + lastVisible(robot), e);
        }
    }

    @Test
    void reusesRowsAcrossUpdatesAndFollowsTheNewest(FxRobot robot) {
        List<ExitRecord> many = replicate(CPUID_MSR.exits, 1500);
        update(robot, many.subList(0, 1000));
        ExitLogView.Row first500 = table(robot).getItems().get(500);
        waitForNewest(robot, "follows the newest row");

        update(robot, many.subList(200, 1200)); // the ring moved on by 200
        assertSame(first500, table(robot).getItems().get(300), "a record's row is made once and reused");
        assertEquals(1200, view.shownRecords().get(999).seq());
        waitForNewest(robot, "still following");
        assertFalse(robot.lookup("#exit-log-newest").query().isVisible());

        // The user scrolls up (here with the keyboard: Monocle's headless robot has no real wheel): new exits
        // no longer move the rows under their eyes.
        robot.interact(() -> {
            table(robot).requestFocus();
            table(robot).getSelectionModel().select(995);
        });
        robot.type(KeyCode.PAGE_UP, 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(lastVisible(robot) < 999, "scrolled up");
        long topSeq = firstVisibleSeq(robot);
        update(robot, many.subList(300, 1300));
        assertEquals(topSeq, firstVisibleSeq(robot));
        assertTrue(robot.lookup("#exit-log-newest").query().isVisible());
        robot.clickOn("#exit-log-newest");
        waitForNewest(robot, "back at the newest");
        assertFalse(robot.lookup("#exit-log-newest").query().isVisible());
    }

    private static int lastVisible(FxRobot robot) {
        VirtualFlow<?> flow = robot.lookup("#exit-log-table .virtual-flow").queryAs(VirtualFlow.class);
        IndexedCell<?> last = flow.getLastVisibleCell();
        return last == null ? -1 : last.getIndex();
    }

    @SuppressWarnings("unchecked")
    private static long firstVisibleSeq(FxRobot robot) {
        VirtualFlow<?> flow = robot.lookup("#exit-log-table .virtual-flow").queryAs(VirtualFlow.class);
        TableView<ExitLogView.Row> t = robot.lookup("#exit-log-table").queryAs(TableView.class);
        return t.getItems().get(flow.getFirstVisibleCell().getIndex()).record.seq();
    }

    /** {@code n} exits made from the sample's, numbered 1..n, as a long run's ring buffer would hold. */
    static List<ExitRecord> replicate(List<ExitRecord> sample, int n) {
        List<ExitRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ExitRecord r = sample.get(i % sample.size());
            out.add(new ExitRecord(i + 1, r.reason(), r.qualification(), r.instructionLength(), r.guestPhysical(),
                    r.guestLinear(), r.interruptionInfo(), r.svm(), r.kvmExit(), r.path(), r.access(), r.regs(),
                    r.instruction(), r.note(), r.instructionsRetired(), r.measuredNanos()));
        }
        return out;
    }
}
