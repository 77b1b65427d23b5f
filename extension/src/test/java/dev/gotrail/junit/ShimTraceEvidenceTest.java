package dev.gotrail.junit;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceDigest;
import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.StraceTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Messages about the traces of {@code go.shim()} calls name the kept copy {@code trace-N.log} in
 * the evidence directory, which exists after the test, not the call's log under the shim's
 * {@code calls/}, deleted with the test's temporary directory (trial finding B3); the digest counts
 * processes and threads apart, as the raw log shows them (C7); the test's temporary directory is
 * named after the test method (C10). Real go, real strace, parallel execution on.
 */
class ShimTraceEvidenceTest {

    /** Code under test: a shell script that runs a bare go from the PATH it was given. */
    static int shellOut(Path shim, Path dir, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile());
        pb.environment().put("PATH", shim + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        return p.waitFor();
    }

    @TestKitOnly
    @RequiresGoroot
    static class HostShim {
        @Test
        void shimTraceAssertionFails(GoCommand go, @TempDir Path dir) throws Exception {
            assertThat(shellOut(go.shim(), dir, "go env GOROOT >/dev/null")).isZero();
            assertThat(go.traces().get(0)).usedGoroot("/usr/local/go-not-this-one");
        }

        @Test
        void temporaryDirectoryNamesTheTest(GoCommand go) {
            assertThat(go.shim().getParent().getParent().getFileName().toString())
                    .startsWith("gotrail-HostShim.temporaryDirectoryNamesTheTest-");
        }
    }

    @Test
    void aShimTraceIsQuotedByItsKeptCopyAndItsTasksAreCountedApart(@TempDir Path tmp) throws IOException {
        RealTools.strace();
        Path evidence = tmp.resolve("evidence");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(HostShim.class))
                .configurationParameters(Map.of("gotrail.testkit", "true",
                        GotrailConfig.GO, RealTools.go("1.22").toString(),
                        "gotrail.evidence.dir", evidence.toString(),
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent"))
                .execute();
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).as("failures: %s", failed.stream().map(ShimTraceEvidenceTest::throwable).map(Throwable::toString).toList())
                .singleElement().satisfies(e -> assertThat(e.getTestDescriptor().getDisplayName()).startsWith("shimTraceAssertionFails"));
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));

        Throwable t = throwable(failed.get(0));
        String message = t.getMessage();
        Matcher quoted = Pattern.compile("\\(trace (\\S+)\\)").matcher(message);
        assertThat(quoted.find()).as(message).isTrue();
        Path log = Path.of(quoted.group(1));
        assertThat(log).as("the message names the kept copy, which exists after the test")
                .startsWithRaw(evidence.toAbsolutePath()).hasFileName("trace-1.log").isRegularFile();
        assertThat(message).doesNotContain("/shim/calls/");

        String digest = List.of(t.getSuppressed()).stream().filter(EvidenceDigest.class::isInstance)
                .map(Throwable::getMessage).findFirst().orElseThrow();
        assertThat(digest).contains(log.getParent().toString()).doesNotContain("/shim/calls/");
        assertThat(log.getParent().resolve("summary.txt")).content().contains("(trace " + log + ")")
                .doesNotContain("/shim/calls/");

        // one count, one meaning: processes and threads apart, as the kept raw log shows them
        StraceTasks truth = StraceTasks.of(log);
        assertThat(truth.threads()).as("go starts runtime threads").isPositive();
        assertThat(digest).contains("trace: go env GOROOT exited 0, " + truth.words() + ", ");
        assertThat(log.getParent().resolve("summary.txt")).content().contains(truth.words() + ", trace lines: ");
    }

    static Throwable throwable(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
