import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the KVM backend's tests inside a nested test host, where Maven would only add minutes of startup:
 * {@code java -cp CLASSPATH NestedTests [CLASS...] [!REGEX...]} runs the named test classes (simple names in
 * org.kvmworkbench.kvm, or fully qualified), or the whole org.kvmworkbench.kvm package, without the test methods
 * whose "class#method(parameters)" name matches a {@code !REGEX} (a host that cannot run them, see vmx-host.sh). Prints one line per test
 * class as it ends, every failure with its stack trace, and the summary line "tests: N run, F failed, S skipped";
 * exits 0 only when nothing failed.
 */
public final class NestedTests {
    private static final String PACKAGE = "org.kvmworkbench.kvm";

    public static void main(String[] args) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("!")) skipped.add(a.substring(1));
            else selectors.add(DiscoverySelectors.selectClass(a.contains(".") ? a : PACKAGE + "." + a));
        }
        if (selectors.isEmpty()) selectors.add(DiscoverySelectors.selectPackage(PACKAGE));
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request().selectors(selectors);
        if (!skipped.isEmpty()) {
            builder.filters(MethodFilter.excludeMethodNamePatterns(skipped.toArray(String[]::new)));
            System.out.println("  skipped on this host: test methods matching " + skipped);
        }
        LauncherDiscoveryRequest request = builder.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(request, summary, new ClassProgress(start));
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printFailuresTo(out, 40);
        out.printf("tests: %d run, %d failed, %d skipped, %d aborted (%.0f s)%n", s.getTestsStartedCount(),
                s.getTotalFailureCount(), s.getTestsSkippedCount(), s.getTestsAbortedCount(),
                (System.nanoTime() - start) / 1e9);
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsStartedCount() > 0 ? 0 : 1);
    }

    /** "LeakTest: 12.3 s" when a test class finishes, so a slow host shows progress. */
    private static final class ClassProgress implements TestExecutionListener {
        private final long start;
        private long classStart;

        ClassProgress(long start) {
            this.start = start;
        }

        @Override public void executionStarted(TestIdentifier id) {
            if (isClass(id)) classStart = System.nanoTime();
        }

        @Override public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (isClass(id)) {
                System.out.printf("  %-28s %-10s %6.1f s (at %.0f s)%n", id.getDisplayName(), result.getStatus(),
                        (System.nanoTime() - classStart) / 1e9, (System.nanoTime() - start) / 1e9);
            } else if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                System.out.printf("    %s %s%n", result.getStatus(), id.getDisplayName());
            }
        }

        private static boolean isClass(TestIdentifier id) {
            return id.getSource().map(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
                    .orElse(false);
        }
    }
}
