package dev.gotrail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The suite's tool detection with every tool hidden, whatever this machine has installed: the
 * detectors look at an empty root and a PATH that does not exist (the {@link ToolLookup} seam),
 * and a small suite run by a real JUnit launcher with {@link MissingToolsListener} proves the skip
 * reasons and the end-of-run summary, lenient and strict. (.ci/fresh-machine-check proves the same
 * on the real suite, in a mount namespace where the real tools are masked.)
 */
class MissingToolsTest {

    /** Nothing installed: a PATH directory and a root that do not exist. */
    static final ToolLookup NOWHERE = new ToolLookup("/nonexistent-gotrail-bin", Path.of("/nonexistent-gotrail-root"));

    @Test
    void everyToolIsMissingOnAnEmptyMachineAndTheReasonSaysHowToInstallIt(@TempDir Path root) {
        ToolLookup empty = new ToolLookup("/usr/bin:/bin", root);
        for (Tool tool : Tool.values()) {
            assertThat(tool.find(empty)).as(tool.label()).isEmpty();
            assertThat(tool.missing(empty).message()).as(tool.label())
                    .startsWith(tool.label() + " is missing (")
                    .contains("; install it with: apt-get install ", "(or run bash .ci/install-tools)");
        }
        assertThat(Tool.GO_1_21.missing(empty).message()).isEqualTo("go 1.21 is missing (/usr/lib/go-1.21/bin/go does not exist);"
                + " install it with: apt-get install -t bookworm-backports golang-1.21-go (or run bash .ci/install-tools)");
        assertThat(Tool.GO_1_19.missing(empty).message()).contains("apt-get install golang-1.19-go");
        assertThat(Tool.STRACE.missing(empty).message()).isEqualTo("strace is missing (strace is not on PATH);"
                + " install it with: apt-get install strace (or run bash .ci/install-tools)");
        assertThat(Tool.GCCGO.missing(empty).message()).contains("/usr/bin/go-12", "apt-get install gccgo-12");
        assertThat(Tool.go("1.23")).isEqualTo(Tool.GO_1_23);
        assertThatThrownBy(() -> Tool.go("1.20")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.20");
    }

    @Test
    void toolsAreFoundWhereDebianInstallsThem(@TempDir Path root) throws IOException {
        ToolLookup machine = new ToolLookup("/usr/local/bin:/usr/bin", root);
        Path go = executable(root, "usr/lib/go-1.21/bin/go");
        Path strace = executable(root, "usr/bin/strace");
        Path gccgo = executable(root, "usr/bin/go-12");
        Path gcc = executable(root, "usr/bin/gcc");
        Files.createDirectories(root.resolve("usr/local/bin"));
        Files.writeString(root.resolve("usr/local/bin/strace"), "not executable"); // skipped: not executable

        assertThat(Tool.GO_1_21.find(machine)).contains(go);
        assertThat(Tool.GO_1_22.find(machine)).isEmpty();
        assertThat(Tool.STRACE.find(machine)).contains(strace);
        assertThat(Tool.GCCGO.find(machine)).contains(gccgo);
        assertThat(RealTools.require(Tool.GO_1_21, machine, true)).isEqualTo(go);

        // gcc without the C library's headers cannot build the fixtures: libc6-dev is named
        assertThat(Tool.GCC.find(machine)).isEmpty();
        assertThat(Tool.GCC.missing(machine).message()).contains("/usr/include/stdio.h does not exist", "apt-get install gcc libc6-dev");
        Files.createDirectories(root.resolve("usr/include"));
        Files.writeString(root.resolve("usr/include/stdio.h"), "");
        assertThat(Tool.GCC.find(machine)).contains(gcc);
    }

    @Test
    void aMissingToolAbortsTheTestOrFailsItInStrictMode() {
        assertThatThrownBy(() -> RealTools.require(Tool.STRACE, NOWHERE, false))
                .isInstanceOf(TestAbortedException.class).isInstanceOf(MissingToolAbort.class)
                .hasMessage("strace is missing (strace is not on PATH); install it with: apt-get install strace (or run bash .ci/install-tools)");
        assertThatThrownBy(() -> RealTools.require(Tool.GO_1_23, NOWHERE, true))
                .isInstanceOf(AssertionFailedError.class).isInstanceOf(MissingToolFailure.class)
                .hasMessageStartingWith("gotrail.strict=true: go 1.23 is missing (/usr/lib/go-1.23/bin/go does not exist)");
    }

    @Test
    void aSuiteWithTheToolsHiddenSkipsWithReasonsAndEndsWithTheSummary(@TempDir Path emptyRoot) {
        Run run = run(emptyRoot, false);

        assertThat(run.skipped()).containsOnlyKeys("DeclaresGoAndStrace", "needsGcc");
        assertThat(run.skipped().get("DeclaresGoAndStrace")).isEqualTo(
                "go 1.23 is missing (/usr/lib/go-1.23/bin/go does not exist); install it with:"
                        + " apt-get install -t bookworm-backports golang-1.23-go (or run bash .ci/install-tools)\n"
                        + "strace is missing (strace is not on PATH); install it with: apt-get install strace (or run bash .ci/install-tools)");
        assertThat(run.skipped().get("needsGcc")).startsWith("gcc is missing (gcc is not on PATH); install it with: apt-get install gcc libc6-dev");
        assertThat(run.results()).containsEntry("needsNothing", TestExecutionResult.Status.SUCCESSFUL)
                .containsEntry("AbortsInBeforeAll", TestExecutionResult.Status.ABORTED)
                .containsEntry("patchelf", TestExecutionResult.Status.ABORTED)
                .doesNotContainValue(TestExecutionResult.Status.FAILED);
        assertThat(run.summary()).isEqualTo(String.join(System.lineSeparator(),
                "",
                "gotrail: tools missing on this machine; 6 tests were skipped:",
                "  chromium    2 tests  apt-get install chromium fonts-dejavu-core",
                "  gcc         1 test   apt-get install gcc libc6-dev",
                "  go 1.23     2 tests  apt-get install -t bookworm-backports golang-1.23-go",
                "  patchelf    1 test   apt-get install patchelf",
                "  strace      2 tests  apt-get install strace",
                "Install them all with: bash .ci/install-tools",
                ""));
    }

    @Test
    void inStrictModeEachOfThoseTestsFailsNamingTheTool(@TempDir Path emptyRoot) {
        Run run = run(emptyRoot, true);

        assertThat(run.skipped()).isEmpty();
        assertThat(run.results()).containsEntry("needsNothing", TestExecutionResult.Status.SUCCESSFUL)
                .containsEntry("DeclaresGoAndStrace", TestExecutionResult.Status.FAILED)
                .containsEntry("needsGcc", TestExecutionResult.Status.FAILED)
                .containsEntry("AbortsInBeforeAll", TestExecutionResult.Status.FAILED)
                .containsEntry("patchelf", TestExecutionResult.Status.FAILED);
        assertThat(run.failures().get("DeclaresGoAndStrace")).contains("gotrail.strict=true: go 1.23 is missing", "strace is missing");
        assertThat(run.failures().get("patchelf")).startsWith("gotrail.strict=true: patchelf is missing (patchelf is not on PATH)");
        assertThat(run.summary()).startsWith(System.lineSeparator()
                        + "gotrail: tools missing on this machine; 6 tests failed (gotrail.strict=true):")
                .contains("  strace      2 tests  apt-get install strace");
    }

    @Test
    void nothingMissingPrintsNothing(@TempDir Path root) throws IOException {
        executable(root, "usr/bin/gcc");
        Files.createDirectories(root.resolve("usr/include"));
        Files.writeString(root.resolve("usr/include/stdio.h"), "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MissingToolsListener listener = new MissingToolsListener(new MissingToolsSummary(), new PrintStream(out, true), false);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(listener).build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(DeclaresPerMethod.class))
                .configurationParameter(FIXTURE, "true").configurationParameter("gotrail.strict", "false")
                .configurationParameter(ToolLookup.PATH_PARAMETER, "/usr/bin")
                .configurationParameter(ToolLookup.ROOT_PARAMETER, root.toString()).build());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    // ---- the small suite, run only by the launcher above ----

    private static final String FIXTURE = "gotrail.test.tools.fixture";

    record Run(Map<String, String> skipped, Map<String, TestExecutionResult.Status> results, Map<String, String> failures,
            String summary) {
    }

    private static Run run(Path emptyRoot, boolean strict) {
        Map<String, String> skipped = new ConcurrentHashMap<>();
        Map<String, TestExecutionResult.Status> results = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        TestExecutionListener recorder = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                skipped.put(name(id), reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getSource().isEmpty() || id.getParentId().isEmpty()) {
                    return; // the engine
                }
                results.put(name(id), result.getStatus());
                result.getThrowable().ifPresent(t -> failures.put(name(id),
                        MissingToolsListener.signal(t).map(s -> ((Throwable) s).getMessage()).orElse(String.valueOf(t))));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MissingToolsListener listener = new MissingToolsListener(new MissingToolsSummary(), new PrintStream(out, true), strict);
        // No auto-registered listeners: the suite's own summary listener must not report this inner run.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(recorder, listener).build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(DeclaresGoAndStrace.class), selectClass(DeclaresPerMethod.class),
                        selectClass(AbortsInBeforeAll.class), selectClass(LocatesThroughRealTools.class))
                .configurationParameter(FIXTURE, "true")
                .configurationParameter("gotrail.strict", Boolean.toString(strict))
                .configurationParameter(ToolLookup.PATH_PARAMETER, "/nonexistent-gotrail-bin")
                .configurationParameter(ToolLookup.ROOT_PARAMETER, emptyRoot.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .build();
        launcher.execute(request);
        return new Run(skipped, results, failures, out.toString(StandardCharsets.UTF_8));
    }

    private static String name(TestIdentifier id) {
        String name = id.getDisplayName(); // "patchelf(boolean)", "MissingToolsTest$AbortsInBeforeAll"
        name = name.contains("(") ? name.substring(0, name.indexOf('(')) : name;
        return name.substring(name.lastIndexOf('$') + 1);
    }

    private static Path executable(Path root, String rel) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Enables the fixtures only inside the launcher of these tests; listed first, so it decides first. */
    static final class FixtureOnly implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURE).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by MissingToolsTest")
                    : ConditionEvaluationResult.disabled("fixture of MissingToolsTest");
        }
    }

    /** Gives fixture tests the run's strictness (the configuration parameter gotrail.strict). */
    static final class Strictness implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == boolean.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e.getConfigurationParameter("gotrail.strict").map(Boolean::parseBoolean).orElse(false);
        }
    }

    @ExtendWith(FixtureOnly.class)
    @NeedsTools({Tool.GO_1_23, Tool.STRACE})
    static class DeclaresGoAndStrace {
        @Test
        void first() {
        }

        @Test
        void second() {
        }
    }

    @ExtendWith(FixtureOnly.class)
    static class DeclaresPerMethod {
        @Test
        @NeedsTools(Tool.GCC)
        void needsGcc() {
        }

        @Test
        void needsNothing() {
        }
    }

    @ExtendWith({FixtureOnly.class, Strictness.class})
    static class AbortsInBeforeAll {
        @BeforeAll
        static void locate(boolean strict) {
            RealTools.require(Tool.CHROMIUM, NOWHERE, strict);
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @ExtendWith({FixtureOnly.class, Strictness.class})
    static class LocatesThroughRealTools {
        @Test
        void patchelf(boolean strict) {
            RealTools.require(Tool.PATCHELF, NOWHERE, strict);
        }
    }
}
