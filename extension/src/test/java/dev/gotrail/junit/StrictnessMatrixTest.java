package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.testsupport.ProcessChecks;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The table of docs/configuration.md, cell by cell: each configuration (default, missing=skip,
 * strict, strict+missing=skip) × each condition (no go, no tracer, strace missing, ptrace denied,
 * library missing, nothing missing) → pass, skip or fail, through EngineTestKit with parallel
 * execution on. Every condition is produced for real: a go path that does not exist, tracing
 * switched off, a strace path that does not exist, a real strace run under another strace (the
 * kernel refuses the second ptrace), a soname no system has.
 */
class StrictnessMatrixTest {

    enum Outcome { PASS, SKIP, FAIL }

    /** A configuration column of the table. */
    enum Configuration {
        DEFAULT(Map.of()),
        MISSING_SKIP(Map.of(GotrailConfig.MISSING, "skip")),
        STRICT(Map.of(GotrailConfig.STRICT, "true")),
        STRICT_AND_MISSING_SKIP(Map.of(GotrailConfig.STRICT, "true", GotrailConfig.MISSING, "skip"));

        final Map<String, String> parameters;

        Configuration(Map<String, String> parameters) {
            this.parameters = parameters;
        }
    }

    @TempDir
    static Path shared;

    static Path ptraceDenied;

    @BeforeAll
    static void tools() throws Exception {
        RealTools.go("1.21");
        String strace = RealTools.strace().toString();
        // strace under strace: the inner strace's ptrace is refused, exactly as in a container without CAP_SYS_PTRACE
        ptraceDenied = shared.resolve("strace-under-strace");
        ProcessChecks.executableScript(ptraceDenied, "#!/bin/sh\nexec " + strace + " -f -q -o /dev/null " + strace + " \"$@\"\n");
    }

    // ---- the fixtures: one class per condition ----------------------------------------------

    /** Run with gotrail.go pointing nowhere. */
    static class NoGo {
        @Test
        @RequiresGoroot
        void requiresGoroot(GoToolchain toolchain) {
        }

        @Test
        @TraceGoCommand({"version"})
        void traceGoCommand(GoTrace trace) {
        }
    }

    /** Run with a working go and an unusable tracer: the three ways to trace behave the same. */
    @RequiresGoroot
    static class Traced {
        @Test
        @TraceGoCommand({"version"})
        void traceGoCommand(GoTrace trace) {
        }

        @Test
        void goCommandTrace(GoCommand go) {
            go.args("version").trace();
        }

        @Test
        void goCommandShim(GoCommand go) {
            go.shim();
        }
    }

    static class LibraryMissing {
        @Test
        @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libgotrail-absent.so.1")
        void assumeSharedLibs() {
        }
    }

    /** Nothing missing: strict mode must not touch a test that can run. */
    @RequiresGoroot
    static class NothingMissing {
        @Test
        @TraceGoCommand({"version"})
        @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6")
        void everything(GoTrace trace, GoCommand go, LinkMap map) {
            assertThat(go.args("version").trace().exitCode()).isZero();
            assertThat(go.shim()).isDirectory();
        }
    }

    /** A row of the table: the fixture, the configuration that produces the condition, what it says. */
    enum Condition {
        NO_GO(NoGo.class, Map.of(GotrailConfig.GO, "/nonexistent/gotrail/go"), "No Go toolchain found"),
        NO_TRACER(Traced.class, Map.of(GotrailConfig.TRACER, "none"), "tracing is switched off (gotrail.tracer=none)"),
        STRACE_MISSING(Traced.class, Map.of(GotrailConfig.STRACE, "/nonexistent/gotrail/strace"),
                "gotrail.strace is '/nonexistent/gotrail/strace' but that is not an executable file"),
        PTRACE_DENIED(Traced.class, Map.of(), "ptrace is forbidden"),
        LIBRARY_MISSING(LibraryMissing.class, Map.of(), "libgotrail-absent.so.1 not found"),
        NOTHING_MISSING(NothingMissing.class, Map.of(), "");

        final Class<?> fixture;
        final Map<String, String> parameters;
        final String cause;

        Condition(Class<?> fixture, Map<String, String> parameters, String cause) {
            this.fixture = fixture;
            this.parameters = parameters;
            this.cause = cause;
        }

        Map<String, String> parameters() {
            if (this == PTRACE_DENIED) {
                return Map.of(GotrailConfig.STRACE, ptraceDenied.toString());
            }
            return parameters;
        }

        /** The table of docs/configuration.md. */
        Outcome expected(Configuration configuration) {
            return switch (this) {
                case NOTHING_MISSING -> Outcome.PASS;
                case LIBRARY_MISSING -> configuration == Configuration.DEFAULT || configuration == Configuration.MISSING_SKIP
                        ? Outcome.SKIP : Outcome.FAIL;
                default -> configuration == Configuration.MISSING_SKIP ? Outcome.SKIP : Outcome.FAIL;
            };
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Condition condition : Condition.values()) {
            for (Configuration configuration : Configuration.values()) {
                cells.add(Arguments.of(condition, configuration));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cells")
    void eachCellOfTheTable(Condition condition, Configuration configuration) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("junit.jupiter.execution.parallel.enabled", "true");
        parameters.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        parameters.put(GotrailConfig.GO, RealTools.go("1.21").toString());
        parameters.put(GotrailConfig.EVIDENCE_DIR, shared.resolve("evidence").toString());
        parameters.putAll(condition.parameters());
        parameters.putAll(configuration.parameters);
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").configurationParameters(parameters)
                .selectors(selectClass(condition.fixture)).execute();

        List<Event> finished = results.testEvents().finished().list();
        assertThat(finished).as("tests of %s", condition.fixture.getSimpleName()).isNotEmpty();
        Outcome expected = condition.expected(configuration);
        for (Event event : finished) {
            TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
            String test = event.getTestDescriptor().getDisplayName();
            String message = result.getThrowable().map(Throwable::getMessage).orElse("");
            assertThat(outcome(result)).as("%s under %s: %s", test, configuration, message).isEqualTo(expected);
            if (expected == Outcome.PASS) {
                continue;
            }
            assertThat(message).as(test).contains(condition.cause);
            boolean missingKind = condition != Condition.LIBRARY_MISSING;
            switch (configuration) {
                case DEFAULT -> assertThat(message).as(test)
                        .contains(missingKind ? "set gotrail.missing=skip" : "not met").doesNotContain(SkipPolicy.STRICT);
                case MISSING_SKIP -> assertThat(message).as(test)
                        .contains(missingKind ? "Skipped because gotrail.missing=skip" : "not met");
                case STRICT -> assertThat(message).as(test).contains(missingKind ? "gotrail.strict=true" : SkipPolicy.STRICT);
                case STRICT_AND_MISSING_SKIP -> assertThat(message).as(test).contains(SkipPolicy.STRICT);
            }
            if (condition.fixture == Traced.class) {
                String caller = switch (test) {
                    case "traceGoCommand(GoTrace)" -> "@TraceGoCommand cannot trace";
                    case "goCommandTrace(GoCommand)" -> "GoCommand.trace() cannot trace";
                    default -> "GoCommand.shim() cannot trace";
                };
                assertThat(message).as(test).startsWith(caller).contains("fix: ");
            }
        }
    }

    private static Outcome outcome(TestExecutionResult result) {
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Outcome.PASS;
            case ABORTED -> Outcome.SKIP;
            case FAILED -> Outcome.FAIL;
        };
    }

    @Test
    void theTableCoversEveryConditionUnderEveryConfiguration() {
        assertThat(cells()).hasSize(Condition.values().length * Configuration.values().length);
    }
}
