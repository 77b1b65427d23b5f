package dev.gotrail.evidence;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs one fixture class through the JUnit Platform Launcher in a JVM of its own, so that a test
 * can read that JVM's real stdout: {@code LauncherMain <class> <gotrail.evidence.dir>}. The
 * summary goes to stderr; the exit code is the number of failed tests.
 */
public final class LauncherMain {

    private LauncherMain() {
    }

    public static void main(String[] args) throws Exception {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0])))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.evidence.dir", args[1])
                .configurationParameter("gotrail.test.workdir", args[1] + "-work")
                .configurationParameter("junit.platform.reporting.output.dir", args[1] + "-reports")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        summary.getSummary().printTo(new PrintWriter(System.err, true));
        summary.getSummary().printFailuresTo(new PrintWriter(System.err, true), 5);
        System.exit((int) summary.getSummary().getTotalFailureCount());
    }
}
