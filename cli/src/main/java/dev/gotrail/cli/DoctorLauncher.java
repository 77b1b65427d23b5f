package dev.gotrail.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the doctor's checks ({@link DoctorChecks}) as JUnit tests through junit-platform-launcher,
 * so each check reports like a test (passed, failed with a reason, aborted) and the doctor can be
 * extended with ordinary Jupiter code. The checks reach their {@link DoctorReport} through a
 * configuration parameter naming an entry of an in-JVM registry.
 */
final class DoctorLauncher {

    static final String RUN_ID = "gotrail.doctor.run";

    private static final Map<String, DoctorReport> RUNS = new ConcurrentHashMap<>();

    /** The outcome of one check. */
    record CheckOutcome(String name, TestExecutionResult.Status status, String reason) {
    }

    private DoctorLauncher() {
    }

    static Optional<DoctorReport> report(String runId) {
        return Optional.ofNullable(RUNS.get(runId));
    }

    static List<CheckOutcome> run(DoctorReport report, Map<String, String> configuration) {
        String id = UUID.randomUUID().toString();
        RUNS.put(id, report);
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(DoctorChecks.class))
                    .configurationParameters(configuration)
                    .configurationParameter(RUN_ID, id)
                    // Checks build on each other's findings: run them in order, on one thread.
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    // The doctor must not pick up a user's junit-platform.properties from the class path.
                    .enableImplicitConfigurationParameters(false)
                    .build();
            List<CheckOutcome> outcomes = new ArrayList<>();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, new TestExecutionListener() {
                @Override
                public void executionSkipped(TestIdentifier id, String reason) {
                    if (id.isTest()) {
                        outcomes.add(new CheckOutcome(id.getDisplayName(), null, reason));
                    }
                }

                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    if (id.isTest()) {
                        String reason = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
                        outcomes.add(new CheckOutcome(id.getDisplayName(), result.getStatus(), reason));
                    } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                        // A container failure (e.g. the checks class could not be set up) is a check too.
                        outcomes.add(new CheckOutcome(id.getDisplayName(), result.getStatus(),
                                result.getThrowable().map(Throwable::toString).orElse("")));
                    }
                }
            });
            return outcomes;
        } finally {
            RUNS.remove(id);
        }
    }
}
