package dev.gotrail.junit;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceDigest;
import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.StraceTasks;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Messages that tell the truth (issue 10 item 6): the timeout in force is the one shown in the
 * message, commands.txt, the digest and the HTML page; a timeout names the processes still
 * running with their last system call; and every message names the kept evidence file of the raw
 * trace, which exists after the test, not the temporary log deleted with the test.
 */
class TimeoutAndKeptFilesTest {

    @TestKitOnly
    static class Fixtures {
        // -toolexec runs every tool through "sh -c 'exec sleep 300'": the build waits forever on its first tool.
        @Test
        @TraceGoCommand(value = {"build", "-toolexec", "/bin/sh -c 'exec sleep 300'", "runtime"}, timeout = "PT5S")
        void hangs(GoTrace trace) {
            throw new AssertionError("unreachable");
        }

        @Test
        @TraceGoCommand({"build", "./does-not-exist"})
        void wrongExitCode(GoTrace trace) {
            throw new AssertionError("unreachable");
        }

        @Test
        @TraceGoCommand({"env", "GOROOT"})
        void traceAssertionFails(GoTrace trace) {
            assertThat(trace).usedGoroot("/usr/local/go-not-this-one");
        }
    }

    @Test
    void messagesNameTheKeptFilesAndTheTimeoutInForce(@TempDir Path tmp) throws IOException {
        RealTools.strace();
        Path evidence = tmp.resolve("evidence");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Fixtures.class))
                .configurationParameters(Map.of("gotrail.testkit", "true",
                        GotrailConfig.GO, RealTools.go("1.21").toString(),
                        "gotrail.evidence.dir", evidence.toString(),
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent"))
                .execute();
        results.testEvents().assertStatistics(s -> s.started(3).failed(3));

        for (Event failed : results.testEvents().failed().list()) {
            Throwable t = failed.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
            String message = t.getMessage();
            Matcher kept = Pattern.compile("(?:Raw trace: |\\(trace )(\\S+?)\\)?(?:\\n|$)", Pattern.MULTILINE).matcher(message);
            assertThat(kept.find()).as(message).isTrue();
            Path log = Path.of(kept.group(1));
            assertThat(log).as("the message names the kept copy, which exists after the test")
                    .startsWithRaw(evidence.toAbsolutePath()).hasFileName("trace-1.log").isRegularFile();
            assertThat(message).doesNotContain("/traces/001-");
            String digest = List.of(t.getSuppressed()).stream().filter(EvidenceDigest.class::isInstance)
                    .map(Throwable::getMessage).findFirst().orElseThrow();
            assertThat(digest).contains(log.getParent().toString());

            if (failed.getTestDescriptor().getDisplayName().startsWith("hangs")) {
                assertThat(message).contains("did not finish within its timeout of PT5S")
                        .contains("Still running at the kill (no exit in the trace), each with its last system call:");
                // How far go got before the kill depends on the machine's load; what the message says about each
                // process must be true of the kept raw log: no exit line for it, and the quoted line is its last call.
                List<String> raw = Files.readAllLines(log);
                Matcher running = Pattern.compile("^  pid ([0-9]+) \\((\\S+)\\): line ([0-9]+): [0-9]+ (\\w+)\\(", Pattern.MULTILINE)
                        .matcher(message);
                int listed = 0;
                while (running.find()) {
                    listed++;
                    String pid = running.group(1);
                    assertThat(raw).as("pid %s is still running: the log shows no end of it", pid)
                            .noneMatch(l -> l.matches(pid + "\\s+\\+\\+\\+ (exited|killed).*"));
                    int line = Integer.parseInt(running.group(3));
                    assertThat(raw.get(line - 1)).matches(pid + "\\s+" + running.group(4) + "\\(.*");
                    assertThat(raw.subList(line, raw.size())).as("no later system call of pid %s", pid)
                            .noneMatch(l -> l.matches(pid + "\\s+[a-z_0-9]+\\(.*"));
                }
                assertThat(listed).as(message).isPositive();
                // processes and threads counted apart, as the kept raw log shows them (trial finding C7)
                StraceTasks truth = StraceTasks.of(log);
                assertThat(message).contains(" events, " + truth.words() + " (pid");
                assertThat(message).containsPattern("pid [0-9]+ \\(\\S*/go\\): ");
                assertThat(digest).contains("killed after its timeout of PT5S");
                Path dir = log.getParent();
                assertThat(dir.resolve("commands.txt")).content().contains("exit:    killed after its timeout of PT5S");
                assertThat(dir.resolve("evidence.html")).content().contains("killed after its timeout of PT5S");
                assertThat(dir.resolve("summary.txt")).content().contains("Raw trace: " + log);
            }
        }
        try (Stream<Path> dirs = Files.list(evidence)) {
            assertThat(dirs.count()).isEqualTo(3);
        }
    }
}
