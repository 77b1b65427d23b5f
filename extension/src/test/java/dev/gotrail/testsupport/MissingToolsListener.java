package dev.gotrail.testsupport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects every test that could not run for a missing tool and prints {@link MissingToolsSummary}
 * when the run ends, so a newcomer sees at once that the suite ran partly and what to install.
 *
 * <p>Registered for the test runs only, through {@code META-INF/services} in the test resources
 * (never in the library jar); the extension's test-jar carries it to the CLI and examples modules.
 * Sources: a test or container finished with a {@link MissingToolSignal} in its exception chain
 * ({@link RealTools}; a container counts for each test it holds), or one disabled by
 * {@link NeedsTools}. A launcher started inside a test (the doctor command's checks) opens a nested
 * test plan; the summary is printed only when the outermost plan finishes.
 */
public final class MissingToolsListener implements TestExecutionListener {

    /** Tests disabled by {@link NeedsTools}, by unique ID: an ExecutionCondition can only return a reason. */
    private static final Map<String, List<MissingTool>> DISABLED = new ConcurrentHashMap<>();

    private final MissingToolsSummary summary;
    private final PrintStream out;
    private final boolean strict;
    private final List<TestPlan> plans = new CopyOnWriteArrayList<>();

    /** As registered by the service loader: prints to standard output, strictness from {@code gotrail.strict}. */
    public MissingToolsListener() {
        this(new MissingToolsSummary(), System.out, RealTools.strict());
    }

    /** For tests of the summary: collects into {@code summary} and prints to {@code out}. */
    public MissingToolsListener(MissingToolsSummary summary, PrintStream out, boolean strict) {
        this.summary = summary;
        this.out = out;
        this.strict = strict;
    }

    /** Called by {@link NeedsTools.Condition} when it disables the test or container {@code uniqueId}. */
    static void disabled(String uniqueId, List<MissingTool> missing) {
        DISABLED.put(uniqueId, List.copyOf(missing));
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plans.add(testPlan);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        plans.remove(testPlan);
        if (plans.isEmpty() && !summary.isEmpty()) {
            out.println();
            out.println(summary.render(strict));
            out.flush();
        }
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        List<MissingTool> missing = DISABLED.remove(testIdentifier.getUniqueId());
        if (missing != null) {
            summary.record(missing, tests(testIdentifier));
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        result.getThrowable().flatMap(MissingToolsListener::signal)
                .ifPresent(signal -> summary.record(signal.missingTools(), tests(testIdentifier)));
    }

    /** The {@link MissingToolSignal} in {@code t}'s cause chain or among its suppressed exceptions. */
    static Optional<MissingToolSignal> signal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MissingToolSignal s) {
                return Optional.of(s);
            }
            for (Throwable suppressed : c.getSuppressed()) {
                if (suppressed instanceof MissingToolSignal s) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** The test itself, or for a container the tests it holds (none of which report events of their own). */
    private List<String> tests(TestIdentifier id) {
        if (id.isTest()) {
            return List.of(id.getUniqueId());
        }
        List<String> tests = new ArrayList<>();
        for (TestPlan plan : plans) {
            plan.getDescendants(id).stream().filter(TestIdentifier::isTest).map(TestIdentifier::getUniqueId)
                    .forEach(tests::add);
            if (!tests.isEmpty()) {
                break;
            }
        }
        return tests.isEmpty() ? List.of(id.getUniqueId()) : tests;
    }
}
