package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.testsupport.RealTools;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code @TraceGoOnPath} traces a bare {@code go} that unmodified code starts with
 * {@code new ProcessBuilder("go", …)}, and attributes each call to the test that ran it — or, when
 * several tests ran at that moment, lists it as undecided in every candidate's evidence. The
 * fixtures run in a second JVM whose PATH starts with the shim directory (see {@link BareGoChild}).
 */
class TraceGoOnPathTest {

    /** Unmodified "production" code: a bare go, looked up on the JVM's PATH. */
    static String goVersion() throws IOException, InterruptedException {
        Process go = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
        go.getOutputStream().close();
        String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        go.waitFor();
        return out;
    }

    @TestKitOnly
    @TraceGoOnPath
    @Execution(ExecutionMode.SAME_THREAD)
    static class OneAtATime {
        @Test
        void first(GoCallsOnPath calls) throws Exception {
            assertThat(goVersion()).startsWith("go version");
            assertThat(calls.traces()).singleElement().satisfies(t -> assertThat(t.command()).endsWith("version"));
            assertThat(calls.undecided()).isEmpty();
            fail("deliberately, to write the evidence");
        }

        @Test
        void second(GoCallsOnPath calls) throws Exception {
            goVersion();
            goVersion();
            assertThat(calls.traces()).hasSize(2);
            assertThat(calls.undecided()).isEmpty();
            try {
                dev.gotrail.assertj.GotrailAssertions.assertThat(calls.traces().get(1)).usedGoroot("/usr/local/go-not-this-one");
            } catch (AssertionError e) {
                // one line: the child JVM reports the first line of each failure
                fail("deliberately, to write the evidence: " + e.getMessage().replace('\n', ' '));
            }
        }
    }

    @TestKitOnly
    @TraceGoOnPath
    @Execution(ExecutionMode.CONCURRENT)
    static class AtTheSameTime {
        static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);
        static final CyclicBarrier BOTH_CALLED = new CyclicBarrier(2);

        @Test
        void left(GoCallsOnPath calls) throws Exception {
            callWhileTheOtherRuns(calls);
        }

        @Test
        void right(GoCallsOnPath calls) throws Exception {
            callWhileTheOtherRuns(calls);
        }

        private static void callWhileTheOtherRuns(GoCallsOnPath calls) throws Exception {
            BOTH_RUNNING.await(60, TimeUnit.SECONDS);
            goVersion();
            BOTH_CALLED.await(60, TimeUnit.SECONDS);
            assertThat(calls.traces()).isEmpty();
            assertThat(calls.undecided()).hasSize(2)
                    .allSatisfy(u -> assertThat(u.candidates()).hasSize(2));
            fail("deliberately, to write the evidence");
        }
    }

    @TestKitOnly
    @TraceGoOnPath
    static class ShimNotOnPath {
        @Test
        void runsGo(GoCallsOnPath calls) {
        }
    }

    @Test
    void serialCallsBelongToTheTestThatRanThem(@TempDir Path tmp) throws Exception {
        List<String> out = runInJvmWithShimOnPath(OneAtATime.class, tmp);
        assertThat(out).contains("started=2 failed=2");
        assertThat(out.stream().filter(l -> l.startsWith("FAILED"))).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("deliberately"));
        assertThat(traceLogsIn(tmp.resolve("evidence"), "first")).hasSize(1);
        assertThat(traceLogsIn(tmp.resolve("evidence"), "second")).hasSize(2)
                .allSatisfy(log -> assertThat(Files.readString(log)).contains("execve(\"/usr/"));
        // a message about a call's trace names its kept copy in the test's evidence (trial finding B3)
        String second = out.stream().filter(l -> l.startsWith("FAILED second")).findFirst().orElseThrow();
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\\(trace (\\S+)\\)").matcher(second);
        assertThat(quoted.find()).as(second).isTrue();
        assertThat(Path.of(quoted.group(1))).startsWithRaw(tmp.resolve("evidence").toAbsolutePath())
                .hasFileName("trace-2.log").isRegularFile();
    }

    @Test
    void callsDuringParallelTestsAreUndecidedAndListedInEveryCandidate(@TempDir Path tmp) throws Exception {
        List<String> out = runInJvmWithShimOnPath(AtTheSameTime.class, tmp);
        assertThat(out).contains("started=2 failed=2");
        assertThat(out.stream().filter(l -> l.startsWith("FAILED"))).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("deliberately"));
        for (String test : List.of("left", "right")) {
            assertThat(traceLogsIn(tmp.resolve("evidence"), test)).as(test).hasSize(2);
            assertThat(evidenceText(tmp.resolve("evidence"), test)).as(test)
                    .contains("undecided go call through the shim").contains("left(GoCallsOnPath)").contains("right(GoCallsOnPath)");
        }
    }

    @Test
    void aShimThatIsNotFirstOnPathFailsNamingTheBuildSetUp(@TempDir Path tmp) {
        RealTools.strace();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ShimNotOnPath.class))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.shim.dir", tmp.resolve("shim").toString())
                .configurationParameter("gotrail.evidence.dir", tmp.resolve("evidence").toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(1, event(finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.contains("not the gotrail shim " + tmp.resolve("shim").resolve("go"))
                                && m.contains("<environmentVariables><PATH>") && m.contains("environment(\"PATH\"")))));
        assertThat(tmp.resolve("shim").resolve("go")).as("the script is written before the check").isExecutable();
    }

    private static List<String> runInJvmWithShimOnPath(Class<?> fixture, Path tmp) throws Exception {
        RealTools.strace();
        RealTools.go("1.23");
        Path shim = tmp.resolve("shim");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Dgotrail.strict=" + System.getProperty("gotrail.strict", "false"),
                "-cp", System.getProperty("java.class.path"), BareGoChild.class.getName(), fixture.getName(),
                tmp.resolve("evidence").toString(), shim.toString()).redirectErrorStream(true);
        // What Surefire's environmentVariables does: the shim first, then the usual PATH with a real go.
        pb.environment().put("PATH", shim + File.pathSeparator + "/usr/lib/go-1.23/bin" + File.pathSeparator
                + System.getenv("PATH"));
        Process child = pb.start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static List<Path> traceLogsIn(Path evidence, String method) throws IOException {
        return files(evidence, method).stream().filter(p -> p.getFileName().toString().startsWith("trace-") && p.getFileName().toString().endsWith(".log")).toList();
    }

    private static String evidenceText(Path evidence, String method) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path p : files(evidence, method)) {
            if (p.getFileName().toString().endsWith(".txt") || p.getFileName().toString().endsWith(".md")) {
                text.append(Files.readString(p));
            }
        }
        return text.toString();
    }

    /** The evidence files of the test whose directory name contains {@code method}. */
    private static List<Path> files(Path evidence, String method) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(evidence)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> evidence.relativize(p).getName(0).toString().contains(method))
                    .forEach(found::add);
        }
        assertThat(found).as("evidence of " + method + " in " + evidence).isNotEmpty();
        return found;
    }
}
