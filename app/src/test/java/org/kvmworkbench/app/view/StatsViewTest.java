package org.kvmworkbench.app.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.CostModel;
import org.kvmworkbench.core.session.ExitStats;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class StatsViewTest {
    private StatsView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        view = new StatsView();
        stage.setScene(new Scene(view, 1240, 760));
        stage.show();
    }

    private void update(FxRobot robot, ExitStats stats, List<ExitRecord> recent, boolean measured) {
        robot.interact(() -> view.update(stats, recent, measured));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static long count(List<ExitRecord> rs, VmxExitReason reason) {
        return rs.stream().filter(r -> r.reason() == reason).count();
    }

    @Test
    void totalsAndBarsMatchExitStats(FxRobot robot) {
        SampleExits run = SampleExits.of("cpuid-msr");
        ExitStats s = run.stats;
        update(robot, s, run.exits, false);

        assertEquals(String.format("%d exits: %d returned to userspace (%d syscalls: one KVM_RUN each), "
                + "%d finished in the kernel", s.total(), s.userspace(), s.userspace(), s.kernel()), view.summaryLine());
        assertEquals(String.valueOf(s.total()), robot.lookup("#stats-total").queryAs(Label.class).getText());
        assertEquals(String.valueOf(s.userspace()), robot.lookup("#stats-userspace").queryAs(Label.class).getText());
        assertEquals(String.valueOf(s.kernel()), robot.lookup("#stats-kernel").queryAs(Label.class).getText());

        assertEquals(List.copyOf(s.byReason().keySet()), view.barReasons());
        for (Map.Entry<VmxExitReason, Long> e : s.byReason().entrySet()) {
            long[] bar = view.bar(e.getKey());
            assertEquals(e.getValue(), bar[0] + bar[1], e.getKey().toString());
            assertEquals(count(run.exits, e.getKey()), bar[0] + bar[1]);
        }
        // On the simulator CPUID and MSRs stay in the kernel, the debug-console OUTs and the final HLT do not.
        assertArrayEquals(new long[] {s.count(VmxExitReason.CPUID), 0}, view.bar(VmxExitReason.CPUID));
        assertArrayEquals(new long[] {0, s.count(VmxExitReason.IO_INSTRUCTION)}, view.bar(VmxExitReason.IO_INSTRUCTION));
        assertArrayEquals(new long[] {1, 0}, view.bar(VmxExitReason.MSR_READ));
    }

    @Test
    void eachBarIsSplitByWhereItWasFinished(FxRobot robot) {
        SampleExits run = SampleExits.of("virtio-kick-ioeventfd");
        update(robot, run.stats, run.exits, false);
        long[] io = view.bar(VmxExitReason.IO_INSTRUCTION);
        assertEquals(3, io[0], "the three doorbell kicks end in the kernel (ioeventfd)");
        assertEquals(run.stats.userspace(VmxExitReason.IO_INSTRUCTION), io[1]);
        assertTrue(io[1] > 0, "the set-up register accesses still return to userspace");
    }

    @Test
    void histogramBucketsModeledCostsAndLeavesOutUnknownOnes(FxRobot robot) {
        SampleExits run = SampleExits.of("cpuid-msr");
        update(robot, run.stats, run.exits, false);

        // Expected from the exits' own modeled paths (whatever CostModel's numbers are), bucketed independently.
        long[] expected = new long[StatsView.BUCKETS.size()];
        long unknown = 0;
        for (ExitRecord r : run.exits) {
            long ns = r.path().modeledNanos();
            if (ns < 0) unknown++;
            else expected[ns < 1_000 ? 0 : (int) Math.min(6, 1 + Math.floor(Math.log(ns / 1_000.0) / Math.log(2)))]++;
        }
        assertArrayEquals(expected, view.bucketTotals());
        long io = count(run.exits, VmxExitReason.IO_INSTRUCTION);
        assertEquals(io, view.bucketTotals()[StatsView.bucketOf(CostModel.USERSPACE_PIO_ROUND_TRIP_NS)],
                "every debug-console OUT is one modeled userspace PIO round trip");

        // RDMSR, WRMSR and the final HLT have no modeled cost: left out, and said so.
        assertTrue(unknown >= 3, "unknown " + unknown);
        assertEquals(unknown, view.excludedCount());
        assertEquals(run.exits.size(), java.util.Arrays.stream(view.bucketTotals()).sum() + unknown);
        assertTrue(view.excludedLine().contains(unknown + " exits have no modeled cost and are left out"),
                view.excludedLine());
        assertTrue(view.excludedLine().contains("31 RDMSR ×1"), view.excludedLine());
        assertEquals("modeled: " + CostModel.SOURCE, view.latencySourceLine());
    }

    @Test
    void measuredTimesAreUsedAsTheyAreAndMissingOnesAreNotInvented(FxRobot robot) {
        SampleExits run = SampleExits.of("cpuid-msr");
        long[] nanos = {500, 1_500, 40_000, -1, 999, 1_000, 31_999, 32_000};
        List<ExitRecord> recs = new ArrayList<>();
        for (int i = 0; i < nanos.length; i++) {
            ExitRecord r = run.exits.get(i);
            recs.add(new ExitRecord(r.seq(), r.reason(), r.qualification(), r.instructionLength(), r.guestPhysical(),
                    r.guestLinear(), r.interruptionInfo(), r.svm(), r.kvmExit(), r.path(), r.access(), r.regs(),
                    r.instruction(), r.note(), r.instructionsRetired(), nanos[i]));
        }
        update(robot, run.stats, recs, true);
        assertArrayEquals(new long[] {2, 2, 0, 0, 0, 1, 2}, view.bucketTotals());
        assertEquals(1, view.excludedCount());
        assertTrue(view.latencySourceLine().startsWith("measured"), view.latencySourceLine());
        assertTrue(view.excludedLine().contains("1 exit has no measured time and is left out"), view.excludedLine());
    }

    @Test
    void bucketEdgesDoubleFromOneMicrosecond() {
        assertEquals(0, StatsView.bucketOf(0));
        assertEquals(0, StatsView.bucketOf(999));
        assertEquals(1, StatsView.bucketOf(1_000));
        assertEquals(2, StatsView.bucketOf(2_300));
        assertEquals(3, StatsView.bucketOf(7_999));
        assertEquals(4, StatsView.bucketOf(8_000));
        assertEquals(5, StatsView.bucketOf(31_999));
        assertEquals(6, StatsView.bucketOf(32_000));
        assertEquals(6, StatsView.bucketOf(5_000_000));
        assertEquals(StatsView.BUCKETS.size(), StatsView.BUCKET_EDGES_NS.length + 1);
        assertArrayEquals(new double[] {5, 1}, CountBarChart.niceScale(0));
        assertArrayEquals(new double[] {80, 20}, CountBarChart.niceScale(60));
    }
}
