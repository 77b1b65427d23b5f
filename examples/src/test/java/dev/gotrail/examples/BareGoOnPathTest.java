package dev.gotrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.examples.production.BuildInfo;
import dev.gotrail.junit.GoCallsOnPath;
import dev.gotrail.junit.TraceGoOnPath;
import dev.gotrail.trace.GoTrace;
import org.junit.jupiter.api.Test;

/**
 * Unmodified production code runs {@code new ProcessBuilder("go", "version")}; the shim directory
 * {@code target/gotrail-shim}, first on the test JVM's PATH (the "bare-go" Surefire execution in
 * examples/pom.xml), traces it.
 */
@TraceGoOnPath
class BareGoOnPathTest {

    @Test
    void theGoThatProductionCodeRunsIsTraced(GoCallsOnPath calls) throws Exception {
        String version = BuildInfo.goVersion();

        assertThat(version).startsWith("go version go1.");
        assertThat(calls.undecided()).as("only this test runs in its JVM at a time").isEmpty();
        assertThat(calls.traces()).hasSize(1);
        GoTrace trace = calls.traces().get(0);
        assertThat(trace.command()).endsWith("version");
        assertThat(trace.exitCode()).isZero();
        // The real go the shim found next on PATH, executed under strace.
        assertThat(trace.execs()).anySatisfy(exec -> {
            assertThat(exec.path()).isEqualTo(trace.command().get(0));
            assertThat(exec.succeeded()).isTrue();
        });
    }
}
