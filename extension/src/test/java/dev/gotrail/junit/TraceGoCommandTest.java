package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.trace.ExecCall;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.testsupport.ProcessChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @TraceGoCommand} end to end: example test classes (nested, so Surefire does not run them
 * directly) executed through the Jupiter engine with parallel execution on, with the real go 1.21
 * and the real strace.
 */
class TraceGoCommandTest {

    @TempDir
    Path tmp;

    static EngineExecutionResults execute(Class<?> testClass, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("junit.jupiter.execution.parallel.enabled", "true");
        all.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        all.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        all.put(GotrailConfig.GO, RealTools.go("1.21").toString());
        all.putAll(parameters);
        return EngineTestKit.engine("junit-jupiter").configurationParameters(all).selectors(selectClass(testClass)).execute();
    }

    static EngineExecutionResults execute(Class<?> testClass) {
        RealTools.strace();
        return execute(testClass, Map.of());
    }

    /** "method: message" of every failed test, so a failing example shows why. */
    static List<String> failures(EngineExecutionResults results) {
        List<String> out = new ArrayList<>();
        for (Event e : results.testEvents().failed().list()) {
            String message = e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?");
            out.add(e.getTestDescriptor().getDisplayName() + ": " + message);
        }
        return out;
    }

    static String onlyFailure(EngineExecutionResults results) {
        List<String> f = failures(results);
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    // ---------------------------------------------------------------- examples

    static class GoEnvExamples {
        @Test
        @TraceGoCommand({"env", "GOROOT"})
        void injectsTheTraceOfTheCommand(GoTrace trace, GoToolchain toolchain) throws Exception {
            assertThat(trace.exitCode()).isZero();
            assertThat(trace.command()).containsExactly(toolchain.goBinary().toString(), "env", "GOROOT");
            assertThat(trace.stdout().strip()).isEqualTo(toolchain.goroot().toString());
            assertThat(trace.effectiveGoroot().path()).isEqualTo(RealTools.goroot("1.21").toRealPath().toString());
            assertThat(trace.rawLog()).exists();
        }

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOROOT=/usr/lib/go-1.23", "GOTRAIL_MARK=1", "HOME="})
        void environmentEntriesSetAndUnset(GoTrace trace) {
            assertThat(trace.stdout().strip()).isEqualTo("/usr/lib/go-1.23");
            ExecCall first = trace.execs().get(0);
            assertThat(first.env()).contains("GOROOT=/usr/lib/go-1.23", "GOTRAIL_MARK=1")
                    .noneMatch(e -> e.startsWith("HOME="));
            assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.ENV);
        }

        @Test
        @TraceGoCommand(value = {"env", "GOMOD"})
        void runsInAFreshTemporaryDirectoryByDefault(GoTrace trace) {
            // No go.mod anywhere above a fresh temp dir: GOMOD is /dev/null (outside a module).
            assertThat(trace.stdout().strip()).isEqualTo("/dev/null");
            assertThat(trace.failedAccesses()).anyMatch(f -> f.path().contains("gotrail-") && f.path().endsWith("/go.mod"));
        }

        @Test
        @TraceGoCommand(value = {"build", "./does-not-exist"}, exitCode = 1)
        void anExpectedNonZeroExitCodeIsAccepted(GoTrace trace) {
            assertThat(trace.exitCode()).isEqualTo(1);
            assertThat(trace.stderr()).contains("go.mod file not found");
        }

        @Test
        @TraceGoCommand(value = {"no-such-subcommand"}, exitCode = -1)
        void minusOneAcceptsAnyExitCode(GoTrace trace) {
            assertThat(trace.exitCode()).isEqualTo(2);
        }
    }

    @Test
    void tracesTheCommandBeforeEachTestAndInjectsTheTrace() {
        EngineExecutionResults results = execute(GoEnvExamples.class);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(5).succeeded(5));
    }

    /** Publishes what the test's evidence bundle holds: the trace pushed by the tracing. */
    static class StoredTraceReporter implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            List<dev.gotrail.evidence.TraceEvidence> traces = EvidenceBundles.existingBundle(context)
                    .map(dev.gotrail.evidence.EvidenceBundle::traces).orElse(List.of());
            context.publishReportEntry("storedTrace", traces.size() + " trace(s), "
                    + traces.stream().mapToInt(t -> t.processTree().size()).sum() + " processes");
        }
    }

    static String storedTrace(EngineExecutionResults results) {
        return results.testEvents().reportingEntryPublished().list().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("storedTrace"))
                .findFirst().orElse("not published");
    }

    @ExtendWith(StoredTraceReporter.class)
    static class WrongExitCode {
        @Test
        @TraceGoCommand({"build", "./does-not-exist"})
        void body(GoTrace trace) {
            throw new AssertionError("the body must not run when the exit code is wrong");
        }
    }

    @Test
    void anUnexpectedExitCodeFailsTheTestWithStderrAndTheLog() {
        EngineExecutionResults results = execute(WrongExitCode.class);
        String failure = onlyFailure(results);

        assertThat(storedTrace(results)).as("the trace is in the evidence").matches("1 trace\\(s\\), [1-9][0-9]* processes");
        assertThat(failure).contains("exited with 1 but @TraceGoCommand(exitCode = 0)")
                .contains("does-not-exist").contains("Raw trace: ").doesNotContain("body must not run");
    }

    @ExtendWith(StoredTraceReporter.class)
    static class Hangs {
        // -toolexec runs every tool through "sh -c 'exec sleep 300'": the build waits forever on its first tool.
        @Test
        @TraceGoCommand(value = {"build", "-toolexec", "/bin/sh -c 'exec sleep 300'", "runtime"}, timeout = "PT4S")
        void body(GoTrace trace) {
            throw new AssertionError("unreachable");
        }
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsTreeAndTheTestFailsWithWhatWasCollected() throws Exception {
        EngineExecutionResults results = execute(Hangs.class);
        String failure = onlyFailure(results);

        assertThat(storedTrace(results)).as("the partial trace is in the evidence").matches("1 trace\\(s\\), [1-9][0-9]* processes");
        assertThat(failure).contains("did not finish within its timeout of PT4S")
                .contains("killed with its whole process tree").contains("Last events:").contains("sleep");
        // "(pid 1; threads 2 3)" or "(pids 1 4; threads 2 3)": processes and threads apart, all gone
        Matcher pids = Pattern.compile("\\(pids? ([0-9 ]+)").matcher(failure);
        assertThat(pids.find()).as(failure).isTrue();
        for (String pid : pids.group(1).trim().split(" ")) {
            ProcessChecks.assertGone(Long.parseLong(pid));
        }
    }

    static class BadAttributes {
        @Test
        @TraceGoCommand(value = {"version"}, env = {"NO_EQUALS_SIGN"})
        void env() {
        }

        @Test
        @TraceGoCommand(value = {"version"}, timeout = "4s")
        void timeout() {
        }

        @Test
        @TraceGoCommand(value = {"version"}, dir = "/no/such/dir/for/gotrail")
        void dir() {
        }
    }

    @Test
    void invalidAttributesSayHowToFixThem() {
        List<String> failures = failures(execute(BadAttributes.class));

        assertThat(failures).hasSize(3).anySatisfy(f -> assertThat(f).contains("env()")
                        .contains("'NO_EQUALS_SIGN'; write KEY=VALUE to set a variable or KEY= to unset it"))
                .anySatisfy(f -> assertThat(f).contains("timeout()").contains("is '4s' but must be an ISO-8601 duration"))
                .anySatisfy(f -> assertThat(f).contains("dir()").contains("/no/such/dir/for/gotrail is not a directory"));
    }

    static class Traced {
        @Test
        @TraceGoCommand({"version"})
        void body(GoTrace trace) {
        }
    }

    @Test
    void gotrailTracerNoneFailsTracedTestsUnlessMissingIsSkip() {
        String failure = onlyFailure(execute(Traced.class, Map.of(GotrailConfig.TRACER, "none")));
        assertThat(failure).contains("tracing is switched off (gotrail.tracer=none)", "set gotrail.missing=skip");

        EngineExecutionResults skipped = execute(Traced.class, Map.of(GotrailConfig.TRACER, "none", GotrailConfig.MISSING, "skip"));
        skipped.testEvents().assertStatistics(s -> s.aborted(1).failed(0));
        String reason = skipped.testEvents().aborted().list().get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable())
                .map(Throwable::getMessage).orElseThrow();
        assertThat(reason).contains("tracing is switched off (gotrail.tracer=none)", "Skipped because gotrail.missing=skip");
    }

    @Test
    void ptraceForbiddenFailsWithCauseAndFix() throws Exception {
        String strace = RealTools.strace().toString();
        Path traced = tmp.resolve("strace-under-strace");
        ProcessChecks.executableScript(traced, "#!/bin/sh\nexec " + strace + " -f -q -o /dev/null " + strace + " \"$@\"\n");

        String failure = onlyFailure(execute(Traced.class, Map.of(GotrailConfig.STRACE, traced.toString())));

        assertThat(failure).contains("@TraceGoCommand cannot trace").contains("ptrace is forbidden")
                .contains("Operation not permitted").contains("--cap-add SYS_PTRACE");
    }

    @TraceGoCommand({"env", "GOVERSION"})
    static class DeclaredOnTheClass {
        @Nested
        class Inner {
            @Test
            void seesTheOuterDeclaration(GoTrace trace) {
                assertThat(trace.stdout().strip()).isEqualTo("go1.21.13");
            }

            @Test
            @RequiresGoroot(version = ">=1.21")
            void withRequiresGorootToo(GoTrace trace, GoCommand go) {
                assertThat(trace.command()).contains("GOVERSION");
                assertThat(go.toolchain().version().toString()).isEqualTo("go1.21.13");
            }
        }
    }

    @Test
    void aClassLevelDeclarationReachesNestedTests() {
        EngineExecutionResults results = execute(DeclaredOnTheClass.class);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
    }

    static class VersionMismatch {
        @Test
        @RequiresGoroot(version = ">=1.23")
        @TraceGoCommand({"version"})
        void body(GoTrace trace) {
        }
    }

    @Test
    void theToolchainRequirementIsCheckedBeforeTracing() {
        String failure = onlyFailure(execute(VersionMismatch.class));

        assertThat(failure).contains("does not satisfy \">=1.23\"").doesNotContain("Raw trace");
    }
}
