package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.session.RunLimits;
import org.kvmworkbench.core.session.Session;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** In front of a class: one consistent story on screen, presenter mode at projector sizes, Reset, the CPU view. */
class ClassroomTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    private void stepExit(FxRobot robot, int expectTotal) throws Exception {
        pressKeys(robot, KeyCode.F10);
        eventually(() -> session().ring().totalWritten() == expectTotal && session().state() == Session.State.PAUSED);
    }

    /** The animation has run to the end: the token rests on the last stage. */
    private void waitForAnimationEnd(FxRobot robot) throws Exception {
        robot.interact(() -> w().roundTrip.setSpeed(8));
        eventually(() -> w().roundTrip.modeProperty().get() == RoundTripView.Mode.IDLE
                && w().roundTrip.currentExitProperty().get() != null);
    }

    // --- 1. presenter mode at projector sizes ----------------------------------------------------------------

    @Test
    void presenterModeAt1280x800KeepsEveryStageInItsLaneWithWholeWords(FxRobot robot) throws Exception {
        resizeWindow(robot, 1280, 800);
        pressKeys(robot, KeyCode.CONTROL, KeyCode.P);
        stepExit(robot, 1);
        waitForAnimationEnd(robot);
        robot.interact(() -> w().scene().getRoot().layout());
        List<Region> boxes = w().roundTrip.stageBoxes();
        ExitPath path = w().roundTrip.shownPath();
        List<Node> bands = robot.lookup(".round-trip .lane").queryAll().stream().toList();
        List<Node> titles = robot.lookup(".round-trip .lane-title").queryAll().stream().toList();
        assertEquals(3, bands.size());
        for (int i = 0; i < boxes.size(); i++) {
            Region box = boxes.get(i);
            int lane = path.steps().get(i).stage().lane().ordinal();
            Bounds b = sceneBounds(box), band = sceneBounds(bands.get(lane)), title = sceneBounds(titles.get(lane));
            assertTrue(b.getMinY() >= title.getMaxY() && b.getMaxY() <= band.getMaxY() + 0.5,
                    "box " + i + " " + b + " spills out of its lane " + band + " / over its title " + title);
            Label name = (Label) box.getChildrenUnmodifiable().get(0);
            double inner = name.getWidth();
            Text t = new Text();
            t.setFont(name.getFont());
            for (String word : name.getText().split(" ")) {
                t.setText(word);
                assertTrue(t.getLayoutBounds().getWidth() <= inner + 0.5,
                        "\"" + word + "\" of \"" + name.getText() + "\" breaks: " + t.getLayoutBounds().getWidth() + " > " + inner);
            }
            for (int j = 0; j < i; j++) {
                if (path.steps().get(j).stage().lane().ordinal() == lane) {
                    assertFalse(sceneBounds(boxes.get(j)).intersects(b), "boxes " + j + " and " + i + " overlap");
                }
            }
        }
        // Dark and Presenter never hide in the toolbar's overflow
        for (String text : List.of("Dark", "Presenter")) {
            ToggleButton b = (ToggleButton) robot.lookup(n -> n instanceof ToggleButton tb && text.equals(tb.getText()))
                    .query();
            assertTrue(b.isVisible() && sceneBounds(b).getMaxX() <= w().scene().getWidth() + 0.5, text + " at " + sceneBounds(b));
        }
    }

    @Test
    void theToolbarIsOneRowAtProjectorAndDesktopSizes(FxRobot robot) throws Exception {
        for (double[] wh : new double[][] {{1280, 800}, {1920, 1080}}) {
            for (boolean presenter : new boolean[] {true, false}) {
                resizeWindow(robot, wh[0], wh[1]);
                robot.interact(() -> w().theme().presenterProperty().set(presenter));
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> w().scene().getRoot().layout());
                String at = (int) wh[0] + "x" + (int) wh[1] + (presenter ? " presenter: " : ": ");
                ToolRow row = w().toolRow;
                List<Node> shown = row.getChildrenUnmodifiable().stream().filter(Node::isManaged).toList();
                double tallest = shown.stream().mapToDouble(n -> n.getLayoutBounds().getHeight()).max().orElseThrow();
                assertTrue(row.getHeight() < 1.5 * tallest + row.snappedTopInset() + row.snappedBottomInset(),
                        at + "the toolbar is " + row.getHeight() + " high for controls " + tallest + " high");
                for (Node n : shown) {
                    assertTrue(Math.abs(n.getLayoutY() + n.getLayoutBounds().getHeight() / 2 - row.getHeight() / 2) < tallest / 2,
                            at + n + " is not on the one row");
                    assertTrue(sceneBounds(n).getMaxX() <= wh[0] + 0.5, at + n + " at " + sceneBounds(n));
                }
                assertTrue(robot.lookup(".tool-row .tool-bar-overflow-button").queryAll().isEmpty());
                // Run, Pause, the steps, Reset, the speed, Dark and Presenter always sit in the row itself
                for (String text : List.of("Run", "Pause", "Step exit", "Step instruction", "Reset", "Dark", "Presenter")) {
                    Node b = robot.from(row).lookup((Node n) -> n instanceof javafx.scene.control.Labeled l
                            && text.equals(l.getText())).query();
                    assertTrue(b.isVisible() && isShownInRow(b, row), at + text + " is not in the row");
                }
                assertTrue(isShownInRow(robot.from(row).lookup(".speed").query(), row), at + "the speed slider");
                // the rest is in the row, or else in More
                MenuButton more = robot.from(row).lookup(".more").queryAs(MenuButton.class);
                assertEquals(row.compact(), more.isManaged() && more.isVisible(), at);
                assertEquals(List.of("Limits", "ioeventfd", "Kernel trace", "Maximise the last clicked panel (F12)"),
                        more.getItems().stream().map(MenuItem::getText).toList());
                assertEquals(!row.compact(), w().kernelTrace.isManaged() && w().kernelTrace.isVisible(), at);
            }
        }
        // on a projector the row is compact, on a full-HD screen it has room for everything
        resizeWindow(robot, 1280, 800);
        robot.interact(() -> w().theme().presenterProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> w().scene().getRoot().layout());
        assertTrue(w().toolRow.compact());
        resizeWindow(robot, 1920, 1080);
        robot.interact(() -> w().scene().getRoot().layout());
        assertFalse(w().toolRow.compact());
    }

    /** The node and every parent of it up to the row are shown and take part in the layout. */
    private static boolean isShownInRow(Node n, Node row) {
        for (Node p = n; p != row; p = p.getParent()) if (p == null || !p.isVisible() || !p.isManaged()) return false;
        return true;
    }

    @Test
    void moreHoldsWhatTheRowHasNoRoomFor(FxRobot robot) throws Exception {
        resizeWindow(robot, 1280, 800);
        pressKeys(robot, KeyCode.CONTROL, KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(w().toolRow.compact());
        BorderPane root = (BorderPane) w().scene().getRoot();
        Node normal = root.getCenter();
        robot.clickOn(w().tabs);
        robot.clickOn(".tool-row .more");
        robot.clickOn("Maximise the last clicked panel (F12)");
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(w().tabs, root.getCenter());
        pressKeys(robot, KeyCode.F12);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(normal, root.getCenter());
    }

    @Test
    void presenterModeAt1280x800HidesAndCutsNothing(FxRobot robot) throws Exception {
        resizeWindow(robot, 1280, 800);
        pressKeys(robot, KeyCode.CONTROL, KeyCode.P);
        stepExit(robot, 1);
        waitForAnimationEnd(robot);
        robot.interact(() -> w().roundTrip.selectStep(3)); // a userspace stage: the longest lane name in the notes
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> w().scene().getRoot().layout());
        double width = w().scene().getWidth();
        // every control shown in the tool row is on screen, whole, and overlaps none (the rest is in More)
        Region row = robot.lookup(".tool-row").queryAs(Region.class);
        List<Node> controls = robot.from(row).lookup((Node n) -> n instanceof javafx.scene.control.ButtonBase
                && n.isManaged()).queryAll().stream().toList();
        assertEquals(11, controls.size(), "File, 6 run controls, More, Dark, Presenter, Language: " + controls);
        for (Node c : controls) {
            Bounds b = sceneBounds(c);
            assertTrue(c.isVisible() && b.getMinX() >= -0.5 && b.getMaxX() <= width + 0.5 && b.getHeight() > 0,
                    c + " at " + b);
            for (Node other : controls) {
                if (other != c) assertFalse(sceneBounds(other).intersects(b.getMinX() + 1, b.getMinY() + 1,
                        b.getWidth() - 2, b.getHeight() - 2), c + " overlaps " + other);
            }
            if (c instanceof javafx.scene.control.Labeled l) assertWhole(l);
        }
        assertTrue(robot.lookup(".tool-row .tool-bar-overflow-button").queryAll().isEmpty());
        // the host banner is one line: its whole text in the tooltip, and a click unfolds it in place
        assertTrue(sceneBounds(w().backendBadge).getMaxX() <= width + 0.5);
        assertEquals(w().backendBadge.getText(), w().backendBadge.getTooltip().getText());
        robot.clickOn(w().backendBadge);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> w().scene().getRoot().layout());
        assertWhole(w().backendBadge);
        robot.clickOn(w().backendBadge);
        // a long error wraps beside its Dismiss button, which keeps its word
        robot.interact(() -> w().showError("Paused: this run reached its limit of 20 s. Run (F5) goes on with a fresh"
                + " allowance; Limits in the toolbar changes them."));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> w().scene().getRoot().layout());
        assertWhole(robot.lookup(".error-banner .button").queryAs(javafx.scene.control.Button.class));
        // the notes' lane badge and the console's caption wrap instead of ending in "…"

        for (Label l : robot.lookup(".teaching-notes .lane").queryAllAs(Label.class)) assertWhole(l);
        assertWhole(robot.lookup(".exit-timeline .timeline-info").queryAs(Label.class));
        for (String id : List.of("#console-caption", ".console-view .focus-hint")) {
            Label l = robot.lookup(id).queryAs(Label.class);
            assertWhole(l);
            assertTrue(sceneBounds(l).getMaxX() <= width + 0.5, id + " at " + sceneBounds(l));
        }
    }

    @Test
    void presenterModeGivesThePanelsBelowAndTheConsoleTheirHeight(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.CONTROL, KeyCode.P);
        stepExit(robot, 1);
        for (double[] wh : new double[][] {{1280, 800}, {1920, 1080}}) {
            resizeWindow(robot, wh[0], wh[1]);
            waitForAnimationEnd(robot);
            robot.interact(() -> w().scene().getRoot().layout());
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> w().scene().getRoot().layout());
            String at = (int) wh[0] + "x" + (int) wh[1] + ": ";
            double height = w().scene().getHeight();
            // the header (toolbar, host banner, sample line) and the status line leave the panels most of the height
            Bounds center = sceneBounds(((BorderPane) w().scene().getRoot()).getCenter());
            assertTrue(center.getHeight() >= 0.75 * height, at + "the header and status take " + (height - center.getHeight()));
            for (Region line : List.of(w().backendBadge, w().sampleLine, w().status)) {
                assertTrue(line.getHeight() <= 2.2 * ((Label) (line instanceof Label ? line
                        : w().sampleLine.getChildrenUnmodifiable().get(0))).getFont().getSize(), at + line + " is more than one line");
            }
            // a stepped exit's status fits the line: the limits are left to the Limits menu on a projector
            assertWhole(w().status);
            assertFalse(w().status.getText().contains(T_LIMITS), at + w().status.getText());
            // the panels below get at least 30 % of the height, and the Exit tab's content a usable part of that
            assertTrue(sceneBounds(w().tabs).getHeight() >= WorkbenchWindow.LOWER_SHARE * center.getHeight() - 1,
                    at + "tabs " + sceneBounds(w().tabs) + " of " + center);
            Node content = w().tabs.getSelectionModel().getSelectedItem().getContent();
            assertTrue(sceneBounds(content).getHeight() >= 0.2 * height, at + "tab content " + sceneBounds(content));
            // the console: its output has three lines' room, and the note under it never covers it or leaves it
            Bounds terminal = sceneBounds(robot.lookup("#console-terminal").query());
            Label caption = robot.lookup("#console-caption").queryAs(Label.class);
            Label hint = robot.lookup(".console-view .focus-hint").queryAs(Label.class);
            assertTrue(terminal.getHeight() >= 3 * caption.getFont().getSize() * 1.3, at + "terminal " + terminal);
            Bounds console = sceneBounds(w().console);
            for (Label l : List.of(caption, hint)) {
                Bounds b = sceneBounds(l);
                assertFalse(b.intersects(terminal), at + l.getText() + " " + b + " over the output " + terminal);
                assertTrue(b.getMaxY() <= console.getMaxY() + 0.5 && b.getMaxY() <= sceneBounds(w().status).getMinY() + 0.5,
                        at + l.getText() + " " + b + " below the console " + console);
            }
            // and no control of the toolbar is out of sight (those not in the row are in its More menu)
            for (Node c : robot.lookup(".tool-row").queryAs(Region.class).getChildrenUnmodifiable()) {
                if (!c.isManaged()) continue;
                Bounds b = sceneBounds(c);
                assertTrue(c.isVisible() && b.getMaxX() <= wh[0] + 0.5 && b.getMaxY() <= center.getMinY() + 0.5, at + c + " at " + b);
            }
        }
    }

    private static final String T_LIMITS = org.kvmworkbench.app.i18n.Texts.of(org.kvmworkbench.app.model.RunWatch.class)
            .format("limitsPerRun", "").strip();

    /** The label shows all its text: wrapped perhaps, never cut to "…". */
    private static void assertWhole(javafx.scene.control.Labeled l) {
        Text shown = (Text) l.lookup(".text");
        if (l.getText() == null || l.getText().isEmpty()) return;
        assertNotNull(shown, l.toString());
        assertEquals(l.getText(), shown.getText(), "cut: " + l);
    }

    @Test
    void theVmcsLegendStaysBelowItsTable(FxRobot robot) throws Exception {
        resizeWindow(robot, 1280, 800);
        pressKeys(robot, KeyCode.CONTROL, KeyCode.P);
        stepExit(robot, 1);
        robot.interact(() -> w().tabs.getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> w().scene().getRoot().layout());
        Node table = robot.lookup(".vmcs-panel .tree-table-view").query();
        Node legends = robot.lookup(".vmcs-panel .legends").query();
        assertTrue(sceneBounds(legends).getMinY() >= sceneBounds(table).getMaxY() - 0.5, sceneBounds(legends) + " over " + sceneBounds(table));
        // and the table keeps rows for the class on a 1280x800 projector: the heading and the filter share one row
        Region header = robot.lookup(".vmcs-panel .column-header-background").queryAs(Region.class);
        double row = robot.lookup(".vmcs-panel .vmcs-row").queryAllAs(javafx.scene.control.TreeTableRow.class).stream()
                .filter(Node::isVisible).mapToDouble(r -> r.getHeight()).filter(h -> h > 0).min().orElseThrow();
        // the rows shown whole: under the column headings, above the horizontal scroll bar when there is one
        double hbar = table.lookupAll(".scroll-bar").stream().filter(n -> n instanceof javafx.scene.control.ScrollBar b
                && b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible())
                .mapToDouble(n -> n.getLayoutBounds().getHeight()).max().orElse(0);
        double rows = (sceneBounds(table).getHeight() - header.getHeight() - hbar) / row;
        assertTrue(rows >= 4, rows + " rows of " + row + " px in " + sceneBounds(table) + " (scroll bar " + hbar + " px)");
        Bounds head = sceneBounds(robot.lookup(".vmcs-panel .head").query()), filter = sceneBounds(robot.lookup(".vmcs-panel .filter").query());
        assertTrue(filter.getMinY() >= head.getMinY() && filter.getMaxY() <= head.getMaxY(), filter + " not in " + head);
    }

    @Test
    void f12MaximisesTheLastClickedPanelAndRestoresIt(FxRobot robot) throws Exception {
        BorderPane root = (BorderPane) w().scene().getRoot();
        Node normal = root.getCenter();
        robot.clickOn(w().tabs);
        pressKeys(robot, KeyCode.F12);
        assertSame(w().tabs, root.getCenter());
        assertTrue(sceneBounds(w().tabs).getHeight() > w().scene().getHeight() * 0.7);
        pressKeys(robot, KeyCode.F12);
        assertSame(normal, root.getCenter());
        assertTrue(((SplitPane) normal).getItems().stream().anyMatch(n -> n instanceof SplitPane s && s.getItems().contains(w().tabs)));
    }

    @Test
    void theStatusOfAFinishedRunFitsItsLineAtEverySize(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED && w().status.getText().contains("guest halted"));
        long exits = session().loop().exits();
        for (double[] wh : new double[][] {{1280, 800}, {1920, 1080}}) {
            for (boolean presenter : new boolean[] {false, true}) {
                resizeWindow(robot, wh[0], wh[1]);
                robot.interact(() -> w().theme().presenterProperty().set(presenter));
                eventually(() -> w().statusLine.fullText().contains(T_LIMITS) != presenter);
                robot.interact(() -> w().scene().getRoot().layout());
                String at = (int) wh[0] + "x" + (int) wh[1] + (presenter ? " presenter: " : ": ");
                String shown = w().status.getText();
                assertWhole(w().status);
                assertTrue(shown.startsWith("FINISHED") && shown.contains(" " + exits + " VM exits") && shown.contains("guest halted"),
                        at + shown);
                // what the line has no room for is in its tooltip: the whole split, why the guest stopped, the limits
                String full = w().status.getTooltip().getText();
                assertTrue(full.contains(exits + " KVM_RUN syscalls") && full.contains("guest halted (")
                        && full.startsWith("FINISHED"), at + full);
            }
        }
    }

    // --- 2. after a run: one exit everywhere ----------------------------------------------------------------

    @Test
    void afterARunEveryViewShowsTheLastExit(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        ExitRecord last = session().loop().lastRecord();
        // once exits stop pouring in, the banner gives way and the latest exit stays on screen everywhere
        eventually(() -> w().roundTrip.modeProperty().get() == RoundTripView.Mode.IDLE);
        assertEquals("", w().roundTrip.bannerText());
        assertTrue(w().roundTrip.captionText().startsWith("#" + last.seq() + " "), w().roundTrip.captionText());
        assertSame(last, w().roundTrip.currentExitProperty().get());
        assertEquals(last.path(), w().roundTrip.shownPath());
        assertSame(last, w().exitPanel.shown());
        assertSame(last, w().notes.shownRecord());
        List<PathStep> steps = last.path().steps();
        assertEquals(steps.get(steps.size() - 1).stage(), w().notes.shownStage());
    }

    @Test
    void theFlowBannerNamesEachPathOnce() {
        String text = RoundTripView.bannerTextForTests(java.util.Map.of(ExitPath.USERSPACE_PIO, 88L, ExitPath.USERSPACE_HLT_FINAL, 1L));
        assertTrue(text.contains("port I/O served in userspace ×88 · final HLT"), text);
        assertFalse(text.contains("via userspace: userspace"), text);
    }

    // --- 3. Reset -----------------------------------------------------------------------------------------

    @Test
    void resetStartsEveryCountAgain(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        eventually(() -> !w().exitLog.shownRecords().isEmpty() && w().console.text().contains("Hello"));
        pressKeys(robot, KeyCode.CONTROL, KeyCode.R);
        eventually(() -> session().state() == Session.State.PAUSED && session().loop().exits() == 0);
        eventually(() -> w().status.getText().contains(" 0 VM exits"));
        assertTrue(w().exitLog.shownRecords().isEmpty());
        assertEquals("", w().console.text());
        assertEquals(null, w().roundTrip.currentExitProperty().get());
        assertEquals(null, w().exitPanel.shown());
        assertEquals(0, session().ring().totalWritten());
        assertTrue(w().status.getText().startsWith("PAUSED  ·  0 s  ·  "), w().status.getText());
        // and it runs again from the start
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED && w().console.text().contains("Hello"));
    }

    @Test
    void resetReturnsTheRoundTripToHowItLookedAtFirstOpen(FxRobot robot) throws Exception {
        robot.interact(() -> assertTrue(w().open(Path.of("..", "samples", "mmio-probe.yaml"))));
        RoundTripView first = WaitForAsyncUtils.asyncFx(() -> { // a round trip as the window shows it before any exit
            RoundTripView v = new RoundTripView();
            v.setBackend(w().backend());
            return v;
        }).get();
        Session s = session();
        robot.interact(() -> s.runUntil(r -> r.path() == ExitPath.USERSPACE_MMIO));
        eventually(() -> s.state() == Session.State.PAUSED && s.loop().lastRecord() != null);
        waitForAnimationEnd(robot);
        assertEquals(ExitPath.USERSPACE_MMIO, w().roundTrip.shownPath());
        assertTrue(w().roundTrip.tokenShown());
        pressKeys(robot, KeyCode.CONTROL, KeyCode.R);
        eventually(() -> session().loop().exits() == 0 && w().roundTrip.currentExitProperty().get() == null);
        RoundTripView rt = w().roundTrip;
        assertEquals(first.shownPath(), rt.shownPath(), "the MMIO path's shape stays after Reset");
        assertEquals(names(first), names(rt));
        assertTrue(rt.stageBoxes().stream().noneMatch(b -> b.getPseudoClassStates().contains(
                javafx.css.PseudoClass.getPseudoClass("current"))), "a stage is still lit");
        assertFalse(rt.tokenShown());
        assertEquals("", rt.costText());
        assertEquals("", rt.bannerText());
        assertEquals(first.captionText(), rt.captionText());
        assertEquals(null, rt.currentStageProperty().get());
    }

    private static List<String> names(RoundTripView v) {
        return v.stageBoxes().stream().map(b -> ((Label) b.getChildrenUnmodifiable().get(0)).getUserData().toString()).toList();
    }

    // --- 4. the animation reaches its end; a click picks a stage ---------------------------------------------

    @Test
    void theAnimationReachesItsLastStepAndAClickPicksAStage(FxRobot robot) throws Exception {
        stepExit(robot, 1);
        waitForAnimationEnd(robot);
        ExitRecord r = session().ring().snapshot().get(0);
        List<PathStep> steps = r.path().steps();
        assertEquals(steps.get(steps.size() - 1).stage(), w().roundTrip.currentStageProperty().get());
        assertEquals("Step " + steps.size() + " of " + steps.size(), w().notes.stepText());
        Region second = w().roundTrip.stageBoxes().get(1);
        robot.clickOn(second);
        eventually(() -> w().notes.shownStage() == steps.get(1).stage());
        assertEquals("Step 2 of " + steps.size(), w().notes.stepText());
    }

    @Test
    void theInKernelCpuidPathReachesItsLastStep(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "cpuid-msr.yaml")));
        Session s = session();
        robot.interact(() -> s.runUntil(r -> r.reason() == VmxExitReason.CPUID));
        eventually(() -> s.state() == Session.State.PAUSED && s.ring().totalWritten() > 0);
        robot.interact(() -> w().roundTrip.replay(s.loop().lastRecord()));
        waitForAnimationEnd(robot);
        assertEquals(ExitPath.KERNEL_CPUID, w().roundTrip.shownPath());
        assertEquals("Step 4 of 4", w().notes.stepText());
    }

    @Test
    void theControlRegisterAccessIsShownAsAnExitFinishedInTheKernel(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "cr-access.yaml")));
        Session s = session();
        robot.interact(() -> s.runUntil(r -> r.reason() == VmxExitReason.CR_ACCESS));
        eventually(() -> s.state() == Session.State.PAUSED && s.ring().totalWritten() > 0);
        robot.interact(() -> w().roundTrip.replay(s.loop().lastRecord()));
        waitForAnimationEnd(robot);
        assertEquals(ExitPath.KERNEL_CR_ACCESS, w().roundTrip.shownPath());
        assertEquals("Step 4 of 4", w().notes.stepText());
        assertTrue(s.loop().lastRecord().note().english().contains("kvm_set_cr0"), s.loop().lastRecord().note().english());
    }

    // --- 5. stepping faster than the animation ---------------------------------------------------------------

    @Test
    void steppingFasterThanTheAnimationShowsTheNewestExitEverywhere(FxRobot robot) throws Exception {
        for (int i = 0; i < 3; i++) pressKeys(robot, KeyCode.F10); // faster than an exit takes to animate
        eventually(() -> session().state() == Session.State.PAUSED && session().ring().totalWritten() >= 2);
        long total = session().ring().totalWritten();
        eventually(() -> w().roundTrip.currentExitProperty().get() != null
                && w().roundTrip.currentExitProperty().get().seq() == total);
        assertSame(w().roundTrip.currentExitProperty().get(), w().exitPanel.shown());
        assertTrue(w().status.getText().contains(" " + total + " VM exit"), w().status.getText());
    }

    // --- 9. small lies ----------------------------------------------------------------------------------------

    @Test
    void anUnsupportedInstructionIsNotCountedAsAnExit(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "unsupported-instruction.yaml")));
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        long all = session().loop().stats().total();
        eventually(() -> w().status.getText().contains("not a VM exit"));
        assertTrue(w().status.getText().contains(" " + (all - 1) + " VM exit"), w().status.getText());
    }

    @Test
    void menusShowUnderscoresAndKernelTraceIsNotPressedWithoutKvm(FxRobot robot) {
        MenuButton until = (MenuButton) robot.lookup(n -> n instanceof MenuButton m && "Run until".equals(m.getText())).query();
        MenuItem first = until.getItems().get(0);
        assertFalse(first.isMnemonicParsing());
        assertTrue(first.getText().contains("KVM_RUN"));
        ToggleButton trace = w().kernelTrace; // may sit in the toolbar's overflow menu at this width
        assertTrue(trace.isDisabled());
        assertFalse(trace.isSelected(), "a disabled Kernel trace must not look pressed");
    }

    @Test
    void theEdgeLegendIsShownAndNoEmptyEdgeLabels(FxRobot robot) {
        Node legend = robot.lookup(".round-trip .rt-legend").query();
        assertTrue(legend.isVisible());
        assertTrue(robot.lookup(".round-trip .rt-edge-label").queryAll().isEmpty());
    }

    // --- 6. a free-running guest shows signs of life; the CLI's limits ----------------------------------------

    @Test
    void aRunningGuestShowsTimeInstructionsAndRates(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "runaway-loop.yaml")));
        assertEquals(RunLimits.DEFAULT, w().model().runWatch().limits());
        assertTrue(w().statusLine.fullText().contains("2,000,000,000 instructions, 20 s"), w().statusLine.fullText());
        assertEquals(w().statusLine.fullText(), w().status.getTooltip().getText());
        pressKeys(robot, KeyCode.F5);
        eventually(() -> w().status.getText().startsWith("RUNNING") && w().status.getText().contains("M/s"));
        String first = w().status.getText();
        eventually(() -> !w().status.getText().equals(first)); // it moves while running
        assertTrue(w().status.getText().matches("RUNNING {2}· {2}[0-9.]+ (µs|ms|s) {2}· {2}[0-9,]+ instructions \\([0-9.]+ [Mk]/s\\).*"),
                w().status.getText());
        pressKeys(robot, KeyCode.F6);
        eventually(() -> session().state() == Session.State.PAUSED);
    }

    @Test
    void aRunShorterThanAFrameShowsTheTimeTheVcpuRanAndItsRates(FxRobot robot) throws Exception {
        stepExit(robot, 1); // one exit of hello-serial: a few instructions, far less than a frame
        long ran = session().runNanos();
        assertTrue(ran > 0 && ran < 1_000_000_000L, ran + " ns");
        // the status shows the vCPU thread's time in a unit that fits it, and rates computed from it
        String shown = "PAUSED  ·  " + w().model().runWatch().elapsedText() + "  ·  ";
        eventually(() -> w().statusLine.fullText().startsWith(shown));
        String status = w().statusLine.fullText();
        assertFalse(status.contains(" 0.00 s") || status.contains(" 0 s "), status);
        assertTrue(status.matches("PAUSED {2}· {2}[0-9.]+ (ns|µs|ms|s) {2}· {2}[0-9,]+ instructions \\([0-9.]+( [Mk])?/s\\)"
                + " {2}· {2}1 VM exit \\([0-9.]+( [Mk])?/s\\).*"), status);
        // the same after a whole run to the end, however short
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        long whole = session().runNanos();
        assertTrue(whole > ran, whole + " after " + ran);
        eventually(() -> w().statusLine.fullText().startsWith("FINISHED  ·  " + w().model().runWatch().elapsedText() + "  ·  "));
        assertFalse(w().statusLine.fullText().matches(".*(Infinity|NaN|∞).*"), w().statusLine.fullText());
    }

    @Test
    void aRunStopsAtItsLimit(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "runaway-loop.yaml")));
        robot.interact(() -> w().setLimits(new RunLimits(0, 0, Duration.ofSeconds(1))));
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.RUNNING);
        eventually(() -> session().state() == Session.State.PAUSED);
        assertTrue(w().errorShown());
        assertTrue(w().errorText.getText().contains("limit of 1 s"), w().errorText.getText());
    }

    // --- 7. F11: the CPU view -------------------------------------------------------------------------------

    @Test
    void stepInstructionShowsRegistersAndTheCodeAtCsIp(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F11);
        eventually(() -> session().loop().vcpu().instructionsRetired() == 1 && session().state() == Session.State.PAUSED);
        eventually(() -> w().cpu.currentLine().startsWith("▶"));
        assertEquals(1, w().tabs.getSelectionModel().getSelectedIndex(), "the CPU tab comes forward");
        String ip = String.format("%04X", session().loop().vcpu().registers().rip());
        assertEquals(ip, w().cpu.value("IP"));
        assertTrue(w().cpu.currentLine().contains(":" + ip), w().cpu.currentLine());
        pressKeys(robot, KeyCode.F11);
        eventually(() -> session().loop().vcpu().instructionsRetired() == 2 && session().state() == Session.State.PAUSED);
        String ip2 = String.format("%04X", session().loop().vcpu().registers().rip());
        eventually(() -> w().cpu.value("IP").equals(ip2));
        assertTrue(w().cpu.changed("IP"));
        assertFalse(w().cpu.changed("BX"));
    }

    // --- 8. the echo demo is interactive ----------------------------------------------------------------------

    @Test
    void theEchoGuestEchoesWhatIsTypedAndSaysWhenItStopsReading(FxRobot robot) throws Exception {
        robot.interact(() -> w().open(Path.of("..", "samples", "echo.yaml")));
        pressKeys(robot, KeyCode.F5);
        eventually(() -> w().console.text().contains("Ctrl-D ends"));
        assertEquals(Session.State.RUNNING, session().state(), "the guest waits for keys");
        robot.clickOn("#console-terminal");
        robot.write("hi");
        eventually(() -> w().console.text().contains("ends\r\nhi") || w().console.text().contains("ends\nhi"));
        assertTrue(w().console.captionText().contains("typing to the guest"), w().console.captionText());
        pressKeys(robot, KeyCode.CONTROL, KeyCode.D);
        eventually(() -> session().state() == Session.State.FINISHED);
        eventually(() -> w().console.captionText().contains("no longer reads"));
        assertFalse(w().console.captionText().contains("typing to the guest"));
        assertNotNull(session().loop().outcome());
    }

    // --- the exit timeline ------------------------------------------------------------------------------------

    @Test
    void theTimelineReplaysAPickedExitEverywhere(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        List<ExitRecord> all = session().ring().snapshot();
        eventually(() -> w().roundTrip.modeProperty().get() == RoundTripView.Mode.IDLE && w().timeline.selected() == null);
        robot.clickOn(w().timeline); // a click picks the exit under the mouse: the middle one
        eventually(() -> w().timeline.selected() != null);
        robot.press(KeyCode.HOME).release(KeyCode.HOME);
        robot.press(KeyCode.RIGHT).release(KeyCode.RIGHT);
        ExitRecord second = all.get(1);
        eventually(() -> w().timeline.selected() == second);
        eventually(() -> w().roundTrip.currentExitProperty().get() == second && w().exitPanel.shown() == second);
        assertEquals(second.path(), w().roundTrip.shownPath());
        assertTrue(w().roundTrip.captionText().startsWith("#" + second.seq() + " "), w().roundTrip.captionText());
        // the Exit tab does not call a picked past exit the latest; the newest again is
        Label eyebrow = robot.lookup(".exit-panel .eyebrow").queryAs(Label.class);
        assertEquals("PICKED VM EXIT · #2 (not the latest)", eyebrow.getText());
        robot.press(KeyCode.END).release(KeyCode.END);
        ExitRecord last = all.get(all.size() - 1);
        eventually(() -> w().exitPanel.shown() == last);
        assertEquals("LATEST VM EXIT · #" + last.seq(), eyebrow.getText());
    }

    @Test
    void aPickedPastExitShowsItsVmcsAndRegistersAsRecorded(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED);
        List<ExitRecord> all = session().ring().snapshot();
        ExitRecord last = all.get(all.size() - 1);
        // an older exit whose qualification and IP differ from the last one's: the live VMCS would show the last
        ExitRecord past = all.stream().filter(r -> r.reason() != null && r.qualification() != last.qualification()
                && r.regs().rip() != last.regs().rip()).findFirst().orElseThrow();
        robot.interact(() -> {
            w().tabs.getSelectionModel().select(2); // the VMCS tab
            w().timeline.select(all.indexOf(past));
        });
        eventually(() -> w().exitPanel.shown() == past
                && hex(w().vmcsPanel.shownValue(org.kvmworkbench.core.vmx.VmcsField.EXIT_QUALIFICATION)) == past.qualification());
        assertEquals(past.regs().rip(), hex(w().vmcsPanel.shownValue(org.kvmworkbench.core.vmx.VmcsField.GUEST_RIP)));
        assertEquals(past.reason().number(), hex(w().vmcsPanel.shownValue(org.kvmworkbench.core.vmx.VmcsField.VM_EXIT_REASON)));
        eventually(() -> Long.parseLong(w().cpu.value("IP"), 16) == past.regs().rip()
                && Long.parseLong(w().cpu.value("AX"), 16) == past.regs().rax());
        robot.interact(() -> w().timeline.select(all.size() - 1)); // back to the newest: the live VMCS again
        eventually(() -> hex(w().vmcsPanel.shownValue(org.kvmworkbench.core.vmx.VmcsField.EXIT_QUALIFICATION)) == last.qualification()
                && Long.parseLong(w().cpu.value("IP"), 16) == last.regs().rip());
    }

    @Test
    void aPickedSteppedExitShowsItsDevicesAsTheyWere(FxRobot robot) throws Exception {
        // hello-serial: exit 1 writes IER, exit 2 sets LCR.DLAB (0x80), exit 3 writes the divisor
        stepExit(robot, 1);
        stepExit(robot, 2);
        stepExit(robot, 3);
        robot.interact(() -> w().tabs.getSelectionModel().select(5)); // Devices
        eventually(() -> "0x80".equals(robot.lookup("#reg-uart-LCR").queryAs(Label.class).getText()));
        List<ExitRecord> all = session().ring().snapshot();
        robot.interact(() -> w().timeline.select(0));
        eventually(() -> "0x00".equals(robot.lookup("#reg-uart-LCR").queryAs(Label.class).getText()));
        assertTrue(w().devices.note().contains("#" + all.get(0).seq()), w().devices.note());
        robot.interact(() -> w().timeline.select(2)); // the newest again: the present, no note
        eventually(() -> "0x80".equals(robot.lookup("#reg-uart-LCR").queryAs(Label.class).getText())
                && w().devices.note().isEmpty());
    }

    @Test
    void aPickedExitOfAFullSpeedRunShowsItsDevicesAsTheyWere(FxRobot robot) throws Exception {
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED && w().timeline.size() == session().ring().totalWritten());
        List<ExitRecord> all = session().ring().snapshot();
        // the characters sent: OUTs to THR (0x3F8) once the guest has cleared LCR.DLAB
        List<ExitRecord> sent = new java.util.ArrayList<>();
        boolean dlabOff = false;
        for (ExitRecord r : all) {
            if (r.access() == null || !r.access().write()) continue;
            if (r.access().address() == 0x3FB) dlabOff = (r.access().value() & 0x80) == 0;
            else if (r.access().address() == 0x3F8 && dlabOff) sent.add(r);
        }
        ExitRecord early = sent.get(0);
        ExitRecord late = sent.stream().filter(r -> r.access().value() != early.access().value())
                .reduce((a, b) -> b).orElseThrow();
        robot.interact(() -> w().tabs.getSelectionModel().select(5)); // Devices
        for (ExitRecord picked : List.of(early, late, early)) {
            String thr = String.format("0x%02X", picked.access().value());
            robot.interact(() -> w().timeline.select(all.indexOf(picked)));
            eventually(() -> thr.equals(robot.lookup("#reg-uart-THR").queryAs(Label.class).getText()));
            assertTrue(w().devices.note().contains("#" + picked.seq()), w().devices.note());
        }
    }

    @Test
    void eachKickOfVirtioKickShowsItsOwnQueue(FxRobot robot) throws Exception {
        robot.interact(() -> assertTrue(w().open(Path.of("..", "samples", "virtio-kick.yaml"))));
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED && w().timeline.size() == session().ring().totalWritten());
        List<ExitRecord> all = session().ring().snapshot();
        List<ExitRecord> kicks = all.stream().filter(r -> r.access() != null && r.access().write()
                && r.access().address() == 0xC010).toList();
        assertEquals(3, kicks.size());
        robot.interact(() -> w().tabs.getSelectionModel().select(5)); // Devices
        for (int k : new int[] {0, 2, 1}) {
            String kicked = "kicks: " + (k + 1) + " ";
            robot.interact(() -> w().timeline.select(all.indexOf(kicks.get(k))));
            eventually(() -> robot.lookup("#device-virtio-console .detail").queryAllAs(Label.class).stream()
                    .anyMatch(l -> l.getText().startsWith(kicked)));
        }
    }

    private static long hex(String shown) {
        return Long.parseUnsignedLong(shown.substring(2), 16);
    }

    @Test
    void nextKeyExitFindsTheThreeMmioReadsOfMmioProbe(FxRobot robot) throws Exception {
        robot.interact(() -> assertTrue(w().open(Path.of("..", "samples", "mmio-probe.yaml"))));
        pressKeys(robot, KeyCode.F5);
        eventually(() -> session().state() == Session.State.FINISHED && w().timeline.size() == session().ring().totalWritten());
        List<ExitRecord> all = session().ring().snapshot();
        List<Integer> marked = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (w().timeline.isKeyExit(i)) marked.add(i);
        assertEquals(3, marked.size(), "the three MMIO reads are marked");
        Node button = robot.lookup(".timeline-next-key").query();
        robot.clickOn(button);
        List<Long> found = new java.util.ArrayList<>();
        eventually(() -> w().timeline.selected() != null);
        found.add(w().timeline.selected().access().address());
        for (int k = 0; k < 2; k++) {
            ExitRecord before = w().timeline.selected();
            robot.interact(() -> w().timeline.requestFocus());
            pressKeys(robot, KeyCode.N);
            eventually(() -> w().timeline.selected() != before);
            found.add(w().timeline.selected().access().address());
        }
        assertEquals(List.of(0xD0000L, 0xD0004L, 0xD0008L), found);
        ExitRecord third = w().timeline.selected();
        eventually(() -> w().roundTrip.currentExitProperty().get() == third && w().exitPanel.shown() == third);
        assertTrue(w().timeline.infoText().contains("MMIO read 3: DeviceID"), w().timeline.infoText());
        robot.press(KeyCode.SHIFT, KeyCode.N).release(KeyCode.N, KeyCode.SHIFT);
        eventually(() -> w().timeline.selected().access().address() == 0xD0004L);
    }

    @Test
    void nextKeyExitRunsTheGuestToAKickNotYetTaken(FxRobot robot) throws Exception {
        robot.interact(() -> assertTrue(w().open(Path.of("..", "samples", "virtio-kick.yaml"))));
        robot.clickOn(robot.lookup(".timeline-next-key").queryAs(Node.class));
        eventually(() -> w().timeline.selected() != null && session().state() == Session.State.PAUSED);
        ExitRecord kick = w().timeline.selected();
        assertEquals(0xC010, kick.access().address());
        assertTrue(kick.access().write());
        assertEquals(kick, session().ring().snapshot().get((int) session().ring().totalWritten() - 1),
                "the run stopped at the kick");
        eventually(() -> w().roundTrip.currentExitProperty().get() == kick);
    }

    @Test
    void aTraceFromTheCliOpensOnTheTimeline(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path trace = tmp.resolve("trace.jsonl");
        int status = new org.kvmworkbench.app.cli.RunCommand(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run(new String[] {
                        "../samples/cpuid-msr.yaml", "--backend", "simulated", "--trace", trace.toString()});
        assertEquals(0, status);
        long lines = java.nio.file.Files.lines(trace).filter(l -> !l.isBlank()).count();
        robot.interact(() -> assertTrue(w().openTrace(trace)));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // a few frames: the live (empty) ring must not replace the trace
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(lines, w().timeline.size());
        ExitRecord last = w().timeline.selected();
        assertNotNull(last);
        eventually(() -> w().roundTrip.currentExitProperty().get() == last && w().exitPanel.shown() == last);
        robot.interact(() -> w().timeline.select(0));
        ExitRecord first = w().timeline.selected();
        assertEquals(1, first.seq());
        eventually(() -> w().roundTrip.currentExitProperty().get() == first);
        assertEquals(first.path(), w().roundTrip.shownPath());
    }

    @Test
    void aBrokenTraceSaysWhichLine(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path trace = java.nio.file.Files.writeString(tmp.resolve("bad.jsonl"), "{\"seq\":1}\n");
        robot.interact(() -> assertFalse(w().openTrace(trace)));
        assertTrue(w().errorText.getText().contains("bad.jsonl line 1"), w().errorText.getText());
    }
}
