package dev.gotrail.evidence;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one fixture class through the Launcher in a JVM of its own with
 * {@code gotrail.evidence=always} and prints, as Surefire does into its console output and its
 * XML report, the full stack trace of each failure (message, suppressed digest included):
 * {@code SurefireLikeMain <class> <gotrail.evidence.dir>}. The exit code is the number of failures.
 */
public final class SurefireLikeMain {

    private SurefireLikeMain() {
    }

    public static void main(String[] args) throws Exception {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0])))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.evidence", "always")
                .configurationParameter("gotrail.evidence.dir", args[1])
                .configurationParameter("junit.platform.reporting.output.dir", args[1] + "-reports")
                .build();
        int[] failures = {0};
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failures[0]++;
                    StringWriter trace = new StringWriter();
                    result.getThrowable().ifPresent(t -> t.printStackTrace(new PrintWriter(trace)));
                    System.out.println("<testcase name=\"" + test.getDisplayName() + "\"><failure>" + trace + "</failure></testcase>");
                }
            }
        });
        System.out.flush();
        System.exit(failures[0]);
    }
}
