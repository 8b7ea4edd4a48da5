package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.Lane;
import org.kvmworkbench.core.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The round trip's stage boxes at projector and desktop sizes, normal and presenter: every box inside its lane, every
 * line of its text shown whole (never "…", never a word broken), at rest and in every frame of an animation.
 */
class RoundTripLayoutTest extends WindowTestBase {
    private static final double[][] SIZES = {{1280, 800}, {1920, 1080}};

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    /** The first exit of {@code sample} that takes {@code path}, from a run of the sample in the window. */
    private ExitRecord exitOf(FxRobot robot, String sample, ExitPath path) throws Exception {
        robot.interact(() -> assertTrue(w().open(Path.of("..", "samples", sample + ".yaml"))));
        Session s = session();
        robot.interact(() -> s.runUntil(r -> r.path() == path));
        eventually(() -> s.state() == Session.State.PAUSED && s.loop().lastRecord() != null
                && s.loop().lastRecord().path() == path);
        return s.loop().lastRecord();
    }

    private List<ExitRecord> fivePaths(FxRobot robot) throws Exception {
        return List.of(exitOf(robot, "hello-serial", ExitPath.USERSPACE_PIO),
                exitOf(robot, "cpuid-msr", ExitPath.KERNEL_CPUID),
                exitOf(robot, "mmio-probe", ExitPath.USERSPACE_MMIO),
                exitOf(robot, "timer-tick", ExitPath.EVENT_INJECTION),
                exitOf(robot, "virtio-kick-ioeventfd", ExitPath.KERNEL_IOEVENTFD));
    }

    @Test
    void everyStageBoxShowsItsWholeTextInsideItsLane(FxRobot robot) throws Exception {
        List<ExitRecord> exits = fivePaths(robot);
        for (double[] wh : SIZES) {
            for (boolean presenter : new boolean[] {false, true}) {
                resizeWindow(robot, wh[0], wh[1], presenter);
                for (ExitRecord r : exits) {
                    robot.interact(() -> {
                        w().roundTrip.replay(r);
                        w().roundTrip.selectStep(r.path().steps().size() - 1);
                        w().scene().getRoot().layout();
                    });
                    WaitForAsyncUtils.waitForFxEvents();
                    String at = (int) wh[0] + "x" + (int) wh[1] + (presenter ? " presenter " : " ") + r.path() + ": ";
                    robot.interact(() -> assertLaidOut(at, r.path(), true));
                    if (presenter) robot.interact(() -> assertNamesReadable(at));
                    if (wh[0] == 1920) { // full HD has room for what runs at each stage, under its name
                        for (Region box : w().roundTrip.stageBoxes()) {
                            assertTrue(box.getChildrenUnmodifiable().get(1).isVisible(), at + "no handler line in " + box);
                        }
                    }
                }
            }
        }
    }

    /**
     * The least size of a stage name in presenter mode, in px: what the 6-stage ioeventfd path gets at 1280×800
     * (0.65 of the 21 px presenter font), the least of the paths of 4 to 6 stages. The 4-stage paths get 20 px there
     * (21 at 1920×1080): no size for 8 stages in one row at 1280 px, where four of MMIO's boxes share the kernel lane.
     */
    static final double MIN_PRESENTER_NAME_PX = 13.6;

    private void assertNamesReadable(String at) {
        for (Region box : w().roundTrip.stageBoxes()) {
            Labeled name = (Labeled) box.getChildrenUnmodifiable().get(0);
            assertTrue(name.getFont().getSize() >= MIN_PRESENTER_NAME_PX,
                    at + "\"" + name.getText() + "\" at " + name.getFont().getSize() + " px");
        }
    }

    @Test
    void inChineseTooEveryNameBreaksOnlyBetweenItsWords(FxRobot robot) throws Exception {
        List<ExitRecord> exits = fivePaths(robot);
        WorkbenchWindow english = w();
        try {
            robot.interact(() -> org.kvmworkbench.app.i18n.Texts.setLocale(org.kvmworkbench.app.i18n.Texts.ZH_CN));
            eventually(() -> app.window() != english);
            for (double[] wh : SIZES) {
                resizeWindow(robot, wh[0], wh[1], true);
                for (ExitRecord r : exits) {
                    robot.interact(() -> {
                        w().roundTrip.replay(r);
                        w().roundTrip.selectStep(r.path().steps().size() - 1);
                        w().scene().getRoot().layout();
                    });
                    WaitForAsyncUtils.waitForFxEvents();
                    String at = (int) wh[0] + "x" + (int) wh[1] + " 中文 " + r.path() + ": ";
                    robot.interact(() -> assertLaidOut(at, r.path(), false));
                    robot.interact(() -> assertNamesReadable(at));
                    robot.interact(() -> {
                        for (Region box : w().roundTrip.stageBoxes()) {
                            for (Node child : box.getChildrenUnmodifiable()) {
                                if (child instanceof Labeled l && l.isVisible()) {
                                    Text shown = (Text) l.lookup(".text");
                                    assertEquals(l.getText(), shown.getText(), at + " cut");
                                }
                            }
                            assertNamesBreakBetweenWords(at, box);
                        }
                    });
                }
            }
        } finally {
            robot.interact(() -> org.kvmworkbench.app.i18n.Texts.setLocale(java.util.Locale.ENGLISH));
        }
    }

    /** The stage name's lines are its words, in order: broken at spaces only (in Chinese, not inside 模拟器). */
    private static void assertNamesBreakBetweenWords(String at, Region box) {
        Labeled name = (Labeled) box.getChildrenUnmodifiable().get(0);
        String tip = ((javafx.scene.control.Tooltip) box.getProperties().get("javafx.scene.control.Tooltip")).getText();
        assertTrue(tip.startsWith(name.getText().replace('\n', ' ') + " — "), at + "\"" + name.getText() + "\" vs " + tip);
    }

    @Test
    void everyStageNameStaysInItsBoxInEveryFrameOfAnAnimation(FxRobot robot) throws Exception {
        List<ExitRecord> exits = List.of(exitOf(robot, "hello-serial", ExitPath.USERSPACE_PIO),
                exitOf(robot, "mmio-probe", ExitPath.USERSPACE_MMIO));
        for (double[] wh : SIZES) {
            for (boolean presenter : new boolean[] {true, false}) {
                resizeWindow(robot, wh[0], wh[1], presenter);
                for (ExitRecord r : exits) {
                    String at = (int) wh[0] + "x" + (int) wh[1] + (presenter ? " presenter " : " ") + r.path() + ": ";
                    List<String> wrong = new ArrayList<>();
                    int[] frames = {0};
                    Runnable check = () -> {
                        frames[0]++;
                        try {
                            assertLaidOut(at + "frame " + frames[0] + ": ", r.path(), false);
                        } catch (AssertionError e) {
                            wrong.add(e.getMessage());
                        }
                    };
                    robot.interact(() -> {
                        w().roundTrip.setSpeed(2);
                        w().scene().addPostLayoutPulseListener(check);
                        w().roundTrip.replay(r);
                    });
                    eventually(() -> w().roundTrip.modeProperty().get() == RoundTripView.Mode.IDLE);
                    robot.interact(() -> w().scene().removePostLayoutPulseListener(check));
                    assertTrue(frames[0] > 5, at + "only " + frames[0] + " frames");
                    assertEquals(List.of(), wrong.stream().limit(3).toList(), at);
                }
            }
        }
    }

    /**
     * Every stage box of the shown path lies inside its lane, below the lane's title; every shown line of text inside
     * its box, whole. With {@code textWhole} each line's text is also checked for "…" and for a word wider than its line.
     */
    private void assertLaidOut(String at, ExitPath path, boolean textWhole) {
        RoundTripView rt = w().roundTrip;
        assertEquals(path, rt.shownPath(), at);
        List<Region> boxes = rt.stageBoxes();
        List<Node> bands = rt.getChildrenUnmodifiable().stream().filter(n -> n.getStyleClass().contains("lane")).toList();
        List<Node> titles = rt.getChildrenUnmodifiable().stream().filter(n -> n.getStyleClass().contains("lane-title")).toList();
        assertEquals(3, bands.size());
        Bounds view = sceneBounds(rt);
        for (int i = 0; i < boxes.size(); i++) {
            Region box = boxes.get(i);
            Lane lane = path.steps().get(i).stage().lane();
            Bounds b = sceneBounds(box), band = sceneBounds(bands.get(lane.ordinal())), title = sceneBounds(titles.get(lane.ordinal()));
            String which = at + "box " + i + " (" + path.steps().get(i).stage() + ") " + b;
            assertTrue(b.getMinY() >= title.getMaxY() - 0.5 && b.getMaxY() <= band.getMaxY() + 0.5,
                    which + " out of its lane " + band + " / over its title " + title);
            assertTrue(b.getMinX() >= view.getMinX() - 0.5 && b.getMaxX() <= view.getMaxX() + 0.5, which + " out of " + view);
            for (Node child : box.getChildrenUnmodifiable()) {
                if (!(child instanceof Labeled l) || !l.isVisible() || l.getText().isEmpty()) continue;
                Bounds lb = sceneBounds(l);
                assertTrue(lb.getMinY() >= b.getMinY() - 0.5 && lb.getMaxY() <= b.getMaxY() + 0.5
                        && lb.getMinX() >= b.getMinX() - 0.5 && lb.getMaxX() <= b.getMaxX() + 0.5,
                        which + ": \"" + l.getText() + "\" at " + lb + " outside its box");
                if (textWhole) assertWhole(which, l);
            }
            if (textWhole) assertNamesBreakBetweenWords(which, box);
        }
    }

    /** All of the label's text is drawn (no "…"), and no word of it is wider than the label's line. */
    static void assertWhole(String at, Labeled l) {
        Text shown = (Text) l.lookup(".text");
        assertNotNull(shown, at + l);
        assertEquals(l.getText(), shown.getText(), at + " cut");
        double line = l.getWidth() - l.snappedLeftInset() - l.snappedRightInset();
        Text t = new Text();
        t.setFont(l.getFont());
        for (String word : l.getText().split("\\s+")) {
            t.setText(word);
            assertTrue(t.getLayoutBounds().getWidth() <= line + 0.5,
                    at + " \"" + word + "\" of \"" + l.getText() + "\" is wider than its line: " + t.getLayoutBounds().getWidth() + " > " + line);
        }
    }
}
