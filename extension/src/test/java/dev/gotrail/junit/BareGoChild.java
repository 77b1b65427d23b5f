package dev.gotrail.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The JVM that {@link TraceGoOnPathTest} starts with the shim directory first on PATH, as
 * Surefire's {@code environmentVariables} would: Java fixes a JVM's PATH at its start, so a
 * bare "go" can only reach the shim in a JVM started that way. Runs one fixture class through
 * EngineTestKit with parallel execution on and prints one line per failed test
 * ({@code FAILED <display name>: <message>}) and a last line {@code started=N failed=N}.
 *
 * <p>Arguments: fixture class name, evidence directory, shim directory.
 */
final class BareGoChild {

    private BareGoChild() {
    }

    public static void main(String[] args) throws Exception {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Class.forName(args[0])))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.evidence.dir", args[1])
                .configurationParameter("gotrail.shim.dir", args[2])
                .configurationParameter("gotrail.strict", System.getProperty("gotrail.strict", "false"))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .execute()
                .testEvents();
        events.failed().stream().forEach(e -> System.out.println("FAILED " + e.getTestDescriptor().getDisplayName() + ": "
                + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(t -> String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse("")));
        System.out.println("started=" + events.started().count() + " failed=" + events.failed().count());
    }
}
